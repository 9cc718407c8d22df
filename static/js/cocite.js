// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  // htmx requests carry the CSRF token from the cookie, so pages need not embed it
  // (anonymous pages stay cacheable).
  document.addEventListener("htmx:configRequest", function (event) {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (match) { event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]); }
  });
  // After an htmx swap, move focus to the new content's first focus target when asked.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) return;
    var focusTarget = target.querySelector("[data-focus-after-swap]");
    if (focusTarget) { focusTarget.focus(); }
  });
})();
