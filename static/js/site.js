// Progressive enhancement only: every feature here also works without JavaScript.
(function () {
  "use strict";
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  window.Manifesto = { csrfToken: csrfMeta ? csrfMeta.content : "" };

  // Move focus to an error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
})();
