/* Move keyboard and screen-reader focus to a form's error summary when the page shows one
   (WCAG 3.3.1). Loaded with defer from base.html; no inline script, so the strict CSP holds. */
(function () {
  "use strict";
  function focusSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) {
      if (!summary.hasAttribute("tabindex")) { summary.setAttribute("tabindex", "-1"); }
      summary.focus();
      return true;
    }
    return false;
  }
  focusSummary(document);
  /* htmx swaps: a returned form with errors gets the same treatment. */
  document.addEventListener("htmx:afterSwap", function (event) { focusSummary(event.target); });
})();
