/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Body map: its labels already check the radio button without JavaScript; here the page is kept
  // still (the radio gets focus without scrolling it into view, which would move the map away).
  document.querySelectorAll(".map-label").forEach(function (label) {
    label.addEventListener("click", function (event) {
      var radio = document.getElementById(label.htmlFor);
      if (!radio) { return; }
      event.preventDefault();
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      radio.focus({ preventScroll: true });
    });
  });

  // Glossary disclosures: Escape closes an open term and returns focus to it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = event.target.closest ? event.target.closest("details.term[open]") : null;
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
      event.preventDefault();
    }
  });

  // Print button, and open disclosures while printing.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; reopened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });

  // Error summary links move focus to the field itself (GOV.UK pattern), not only scroll to it.
  document.querySelectorAll(".error-list a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      target.focus();
    });
  });

  // Move focus to the error summary so screen readers announce it (again after the browser has
  // scrolled to an address fragment such as #prognosis, which moves focus to the page).
  var summary = document.getElementById("error-summary") || document.getElementById("prog-error");
  if (summary) {
    summary.focus();
    window.addEventListener("load", function () { setTimeout(function () { summary.focus(); }, 0); });
  }
})();
