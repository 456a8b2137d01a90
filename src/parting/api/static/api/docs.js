// Starts Swagger UI on the API docs page: the description comes from the element's
// data-openapi-url, so the page needs no inline script (strict Content-Security-Policy).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
  });
})();
