// @ts-check
// "Was this article helpful?": send the answer in place instead of leaving the page.
// Without JavaScript the form posts normally and Netlify shows the thank-you page. With it, the
// same fields go to the same address with fetch; if that fails for any reason the form is sent
// the plain way, so an answer is never lost.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("hc-feedback")) return;
  if (form.dataset.plain === "1") return; // the fallback: let the browser post it
  event.preventDefault();
  const submitter = event.submitter;
  const status = form.querySelector(".hc-feedback__status");
  // FormData is a sequence of [name, value] pairs, all strings here (no file input), which
  // TypeScript's DOM types do not accept for URLSearchParams (microsoft/TypeScript#30584).
  const pairs = /** @type {string[][]} */ (/** @type {unknown} */ (new FormData(form, submitter)));
  const body = new URLSearchParams(pairs);
  for (const button of form.querySelectorAll("button")) button.disabled = true;
  if (status) status.textContent = form.dataset.sending || "";
  try {
    const answer = await fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
    form.querySelector(".hc-feedback__fieldset")?.setAttribute("hidden", "");
    if (status) status.textContent = form.dataset.thanks || "";
    form.dataset.sent = "1";
  } catch {
    for (const button of form.querySelectorAll("button")) button.disabled = false;
    form.dataset.plain = "1";
    form.requestSubmit(submitter);
  }
});
