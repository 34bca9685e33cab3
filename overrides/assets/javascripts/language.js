// @ts-check
// Remember the reader's language choice. Netlify sends root visitors whose browser prefers English
// to /en/ unless the nf_lang cookie says otherwise (netlify.toml), so a reader who picks
// "Nederlands" in the language menu stays on the Dutch site from then on.
document.addEventListener(
  "click",
  (event) => {
    const link = event.target instanceof Element && event.target.closest("a[hreflang]");
    if (!link || !link.closest(".md-select")) return;
    const lang = link.getAttribute("hreflang");
    if (!/^[a-z]{2}$/.test(lang || "")) return;
    document.cookie = `nf_lang=${lang}; path=/; max-age=31536000; SameSite=Lax`;
  },
  { capture: true },
);
