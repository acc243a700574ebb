/* Starts Swagger UI like django-ninja's swagger-ui-init.js, with deep links off: Swagger UI renders a
   deep link as an <a> inside the operation's <button>, which nests one control in another (WCAG 4.1.2). */
(function () {
  "use strict";
  var data = document.body.dataset;
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.deepLinking = false;
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  if (data.apiCsrf && data.csrfToken) {
    config.requestInterceptor = function (req) { req.headers["X-CSRFToken"] = data.csrfToken; return req; };
  }
  window.ui = SwaggerUIBundle(config);
})();
