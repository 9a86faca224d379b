// Folds each GOV.UK details marked data-rt-fold-narrow on a phone (narrower than
// GOV.UK's tablet breakpoint), so what comes after it is not pushed down the page;
// the page comes with it open, so without JavaScript, and on a wider screen, it
// reads as if it were not there. Widening the window opens it again. Loaded
// (blocking) straight after the details, so it is folded before the page is drawn:
// no jump. A file, not an inline script: the Content-Security-Policy allows our own
// script files only.
(function () {
  "use strict";
  if (!window.matchMedia) return;
  var narrow = window.matchMedia("(max-width: 40.0525em)");
  document.querySelectorAll("details[data-rt-fold-narrow]:not([data-rt-folded])").forEach(
    function (details) {
      details.setAttribute("data-rt-folded", "");
      if (narrow.matches) details.open = false;
      narrow.addEventListener("change", function (query) {
        if (!query.matches) details.open = true;
      });
    }
  );
})();
