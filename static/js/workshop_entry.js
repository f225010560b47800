// Progressive enhancement for the workshop entry forms: an "Add a row" button
// that copies the last row without a round trip. Without JavaScript the
// "Add 5 more rows" button does the same through the server.
(function () {
  "use strict";

  function renumber(row, prefix, noun, from, to) {
    var oldKey = prefix + "-" + (from - 1) + "-";
    var newKey = prefix + "-" + (to - 1) + "-";
    ["id", "name", "for", "aria-describedby", "href"].forEach(function (attribute) {
      row.querySelectorAll("[" + attribute + "]").forEach(function (element) {
        var value = element.getAttribute(attribute);
        element.setAttribute(attribute, value.split(oldKey).join(newKey));
      });
    });
    var nounTitle = noun.charAt(0).toUpperCase() + noun.slice(1);
    var legend = row.querySelector("legend");
    if (legend) { legend.textContent = nounTitle + " " + to; }
    row.querySelectorAll("label, legend.label").forEach(function (label) {
      label.textContent = label.textContent.replace("(" + noun + " " + from + ")", "(" + noun + " " + to + ")");
    });
  }

  function clear(row) {
    row.querySelectorAll(".field-error, [data-entry-idea]").forEach(function (element) {
      element.parentNode.removeChild(element);
    });
    row.querySelectorAll(".field--error").forEach(function (element) {
      element.classList.remove("field--error");
    });
    row.querySelectorAll("[aria-invalid]").forEach(function (element) {
      element.removeAttribute("aria-invalid");
    });
    row.querySelectorAll("[aria-describedby]").forEach(function (element) {
      var ids = element.getAttribute("aria-describedby").split(" ").filter(function (id) {
        return !/-error$/.test(id);
      });
      if (ids.length) { element.setAttribute("aria-describedby", ids.join(" ")); }
      else { element.removeAttribute("aria-describedby"); }
    });
    row.querySelectorAll("input, textarea, select").forEach(function (control) {
      if (control.type === "checkbox" || control.type === "radio") {
        control.checked = false;
      } else if (control.tagName === "SELECT") {
        control.selectedIndex = 0;
      } else if (control.type !== "hidden") {
        control.value = "";
      }
    });
  }

  function enhance(container) {
    var prefix = container.getAttribute("data-prefix");
    var noun = container.getAttribute("data-noun");
    var max = parseInt(container.getAttribute("data-max"), 10) || 50;
    var form = container.closest("form");
    var buttons = form && form.querySelector("[data-entry-buttons]");
    if (!prefix || !noun || !buttons) { return; }
    var add = document.createElement("button");
    add.type = "button";
    add.className = "button button--secondary";
    add.textContent = "Add one more row";
    buttons.appendChild(add);

    add.addEventListener("click", function () {
      var rows = container.querySelectorAll("[data-entry-row]");
      if (rows.length >= max) { return; }
      var last = rows[rows.length - 1];
      var copy = last.cloneNode(true);
      renumber(copy, prefix, noun, rows.length, rows.length + 1);
      clear(copy);
      container.appendChild(copy);
      if (rows.length + 1 >= max) { add.disabled = true; }
      var first = copy.querySelector("input:not([type=hidden]), textarea, select");
      if (first) { first.focus(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-entry-rows]").forEach(enhance);
  });
})();
