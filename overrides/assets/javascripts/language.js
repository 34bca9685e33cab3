// @ts-check
// The offer of another language (overrides/partials/hc-language-offer.html): on a page of the
// default language, show the offer of the first language the browser prefers that the site also
// has, unless the reader already chose (either button, or a language in the header's menu; kept in
// localStorage). The offer is fixed at the bottom of the window, so it never moves the page.
const CHOICE_KEY = "hc-language-choice";

/** @returns {string | null} the language the reader chose before, if any */
function rememberedChoice() {
  try {
    return window.localStorage.getItem(CHOICE_KEY);
  } catch {
    return null; // storage blocked: offer again, never fail
  }
}

/** @param {string} lang */
function remember(lang) {
  try {
    window.localStorage.setItem(CHOICE_KEY, lang);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

/** @param {string} tag  a BCP 47 tag (language-REGION) @returns {string} its language, lower case */
function primary(tag) {
  return tag.split("-")[0].toLowerCase();
}

function offer() {
  const offers = /** @type {HTMLElement[]} */ ([...document.querySelectorAll("[data-hc-offer]")]);
  if (offers.length === 0 || rememberedChoice() !== null) return;
  const here = primary(document.documentElement.lang || "");
  for (const tag of navigator.languages || [navigator.language]) {
    const wanted = primary(tag);
    if (wanted === here) return; // the reader reads this page's language first
    const match = offers.find((element) => element.dataset.hcOffer === wanted);
    if (match) {
      match.hidden = false;
      return;
    }
  }
}

document.addEventListener(
  "click",
  (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const choice = target && target.closest("[data-hc-choice]");
    if (choice instanceof HTMLElement) {
      remember(choice.dataset.hcChoice || "");
      const box = choice.closest("[data-hc-offer]");
      if (box instanceof HTMLElement && choice instanceof HTMLButtonElement) box.hidden = true;
      return;
    }
    const link = target && target.closest(".md-select a[hreflang]");
    const lang = link && link.getAttribute("hreflang");
    if (lang) remember(lang);
  },
  { capture: true },
);

offer();
