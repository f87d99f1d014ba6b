// Every page: widths given as data-width-percent (progress bars), set through the
// DOM because the Content-Security-Policy forbids style="" attributes; again after
// each htmx swap (the export progress is refreshed every second).
(function () {
  "use strict";
  function applyWidths(root) {
    root.querySelectorAll("[data-width-percent]").forEach(function (el) {
      el.style.width = el.dataset.widthPercent + "%";
    });
  }
  function init() { applyWidths(document); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("htmx:afterSettle", init);
})();
