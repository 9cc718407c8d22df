// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  // After an htmx swap, move focus to the new content's first focus target when asked.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) return;
    var focusTarget = target.querySelector("[data-focus-after-swap]");
    if (focusTarget) { focusTarget.focus(); }
  });
})();
