// Participatory budget cart: the remaining budget follows each tick, announced politely (aria-live).
// Without JavaScript the same figures come from the server on « Vérifier mon panier ».
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("form.budget-ballot");
    if (!form || !form.dataset.budget) { return; }
    var budget = parseInt(form.dataset.budget, 10);
    var max = parseInt(form.dataset.max || "0", 10);
    var kApproval = form.dataset.method === "k_approval";
    var status = document.getElementById("budget-remaining");
    var lang = document.documentElement.lang || "fr";
    var english = lang.indexOf("en") === 0;
    var money = new Intl.NumberFormat(english ? "en-GB" : "fr-FR");
    function update() {
      var spent = 0;
      var n = 0;
      form.querySelectorAll("input[name=projects]").forEach(function (input) {
        if (input.type === "hidden" || input.checked) { spent += parseInt(input.dataset.cost || "0", 10); n += 1; }
      });
      var remaining = budget - spent;
      var text;
      if (kApproval) {
        text = english ? n + " of " + max + " projects chosen." : n + (n > 1 ? " projets choisis" : " projet choisi") + " sur " + max + " possibles.";
        if (n > max) { text += english ? " Too many: remove one." : " C’est trop : retirez-en un."; }
      } else if (remaining < 0) {
        text = english
          ? n + " projects chosen, " + money.format(-remaining) + " € over the budget: remove one."
          : n + (n > 1 ? " projets choisis" : " projet choisi") + ", " + money.format(-remaining) + " € de trop : retirez un projet.";
      } else {
        text = english
          ? n + " projects chosen, " + money.format(remaining) + " € left to allocate."
          : n + (n > 1 ? " projets choisis" : " projet choisi") + ", reste " + money.format(remaining) + " € à répartir.";
      }
      status.textContent = text;
    }
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "projects") { update(); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
