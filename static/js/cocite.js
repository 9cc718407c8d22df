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
  // The header's menu button (≤ 640 px, see cocite.css): opens and closes the menu it controls;
  // Escape closes it and gives the focus back to the button.
  var toggle = document.querySelector(".site-menu__toggle");
  var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && menu) {
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("site-menu--open", open);
    };
    toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true"); });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }
})();
