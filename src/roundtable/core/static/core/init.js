// Page behaviour for every page, loaded as a module from base.html. It lives in
// a file because the Content-Security-Policy allows our own script files only:
// templates carry no inline <script> and no on*= handlers.

// GOV.UK Frontend's components, on the page and in content htmx swaps in (error
// summary focus, tabs…). base.html names GOV.UK Frontend's address (hashed, in
// production) in data-govuk-frontend.
// A page that paints something first (the LIS map) marks the script
// data-after-paint: the components then start after the page's first frame.
const script = document.querySelector("script[data-govuk-frontend]");
const painted =
  "afterPaint" in script.dataset
    ? new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))
    : Promise.resolve();

painted.then(() => import(script.dataset.govukFrontend)).then(({ initAll }) => {
  initAll();
  document.body.addEventListener("htmx:afterSettle", (event) =>
    initAll({ scope: event.detail.elt }),
  );
});

// <button data-rt-print> prints the page ("Print this chart").
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-rt-print]")) {
    window.print();
  }
});
