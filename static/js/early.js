// Loaded before the page is drawn (no defer): marks that JavaScript runs, so the mobile
// header folds its menu behind a button from the first paint (cocite.css, html.js).
document.documentElement.classList.add("js");
