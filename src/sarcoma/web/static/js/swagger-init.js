/* Starts the locally served Swagger UI; a static file because the CSP forbids inline script. */
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: false,
    validatorUrl: null,
    tryItOutEnabled: false
  });
});

/* Code samples scroll sideways: make them reachable by keyboard (WCAG 2.1.1, axe scrollable-region-focusable). */
new MutationObserver(function () {
  "use strict";
  document.querySelectorAll(".swagger-ui .microlight:not([tabindex])").forEach(function (block) {
    block.setAttribute("tabindex", "0");
  });
}).observe(document.documentElement, { childList: true, subtree: true });
