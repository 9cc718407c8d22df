// Participatory budget cart: the remaining budget follows each tick, announced politely (aria-live).
// A ranking: the number of projects ranked (and a rank given twice); points: the points left.
// Without JavaScript the same figures come from the server on « Vérifier mon panier / mon vote ».
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("form.budget-ballot");
    if (!form || !form.dataset.budget) { return; }
    var budget = parseInt(form.dataset.budget, 10);
    var max = parseInt(form.dataset.max || "0", 10);
    var kApproval = form.dataset.method === "k_approval";
    var ranking = form.dataset.method === "ranking";
    var cumulative = form.dataset.method === "cumulative";
    var points = parseInt(form.dataset.points || "0", 10);
    var status = document.getElementById("budget-remaining");
    var lang = document.documentElement.lang || "fr";
    var english = lang.indexOf("en") === 0;
    var money = new Intl.NumberFormat(english ? "en-GB" : "fr-FR");
    function marks() {
      var values = [];
      form.querySelectorAll("[name^='mark-']").forEach(function (input) {
        var value = parseInt(input.value || "0", 10);
        if (value > 0) { values.push(value); }
      });
      return values;
    }
    function updateScored() {
      var values = marks();
      var text;
      if (ranking) {
        var n = values.length;
        text = english ? n + " of " + max + " projects ranked." : n + (n > 1 ? " projets classés" : " projet classé") + " sur " + max + " possibles.";
        var twice = values.some(function (value, index) { return values.indexOf(value) !== index; });
        if (twice) { text += english ? " Two projects have the same rank." : " Deux projets ont le même rang."; }
      } else {
        var given = values.reduce(function (a, b) { return a + b; }, 0);
        var left = points - given;
        text = english
          ? given + " of " + points + " points given, " + left + " left."
          : given + (given > 1 ? " points donnés" : " point donné") + " sur " + points + ", reste " + left + " à répartir.";
        if (left < 0) { text += english ? " Too many: take some back." : " C’est trop : retirez-en."; }
      }
      status.textContent = text;
    }
    function update() {
      if (ranking || cumulative) { updateScored(); return; }
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
      if (event.target && (event.target.name === "projects" || event.target.name.indexOf("mark-") === 0)) { update(); }
    });
    if (cumulative) {
      form.addEventListener("input", function (event) {
        if (event.target && event.target.name && event.target.name.indexOf("mark-") === 0) { update(); }
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
