/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Site picture: clicking a body part checks its radio button (the radios stay the real control).
  document.querySelectorAll(".body-map .region").forEach(function (region) {
    region.addEventListener("click", function () {
      var radio = document.getElementById("site-" + region.getAttribute("data-site"));
      if (radio) { radio.checked = true; radio.focus(); }
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

  // Move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
