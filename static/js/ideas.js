// Idea form enhancements: a live character count for the title and, while the
// title is typed, a list of similar ideas already submitted. Without
// JavaScript the server shows the same list on a review step instead.
(function () {
  "use strict";

  function characterCount(input, output) {
    var max = parseInt(output.getAttribute("data-max"), 10);
    var timer = null;
    function update() {
      var left = max - input.value.length;
      output.textContent = left >= 0
        ? "You have " + left + (left === 1 ? " character" : " characters") + " remaining"
        : "You have " + (-left) + (left === -1 ? " character" : " characters") + " too many";
      output.classList.toggle("character-count--over", left < 0);
    }
    output.hidden = false;
    update();
    // Announce the count only after a pause, not on every key.
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 300);
    });
  }

  function similarIdeas(input, region) {
    var url = region.getAttribute("data-similar-ideas");
    var timer = null;
    var latest = 0;
    var lastTitle = null;
    function lookUp() {
      var title = input.value.trim();
      if (title === lastTitle) { return; }
      lastTitle = title;
      var request = ++latest;
      if (title.length < 4) { region.innerHTML = ""; return; }
      fetch(url + "?title=" + encodeURIComponent(title), {
        headers: { "Accept": "text/html" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.text() : "";
      }).then(function (html) {
        // Only the answer to the newest title counts.
        if (request === latest) { region.innerHTML = html.trim(); }
      }).catch(function () { /* the review step still catches duplicates */ });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, 500);
    });
    if (input.value.trim()) { lookUp(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var title = document.getElementById("title");
    if (!title) { return; }
    var count = document.querySelector('[data-character-count="title"]');
    if (count) { characterCount(title, count); }
    var region = document.querySelector("[data-similar-ideas]");
    if (region && window.fetch) { similarIdeas(title, region); }
  });
})();
