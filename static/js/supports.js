// Support button without a page reload. Progressive enhancement only: the
// form posts normally without JavaScript, and on any error we fall back to
// that normal submit so the server can explain (closed round, signed out…).
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector('input[name="csrf_token"]');
    if (input && input.value) { return input.value; }
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function update(form, data) {
    var box = form.closest("[data-support-box]") || document;
    var button = form.querySelector("[data-support-button]");
    var want = form.querySelector("[data-support-want]");
    var count = box.querySelector("[data-support-count]");
    var status = box.querySelector("[data-support-status]");
    if (button) {
      button.textContent = data.label;
      button.setAttribute("aria-pressed", data.supported ? "true" : "false");
      button.classList.toggle("button--secondary", data.supported);
    }
    if (want) { want.value = data.supported ? "remove" : "add"; }
    if (count) { count.textContent = data.count_text; }
    if (status) { status.textContent = data.message + " " + data.count_text + "."; }
  }

  function enhance(form) {
    var busy = false;
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) { return; }
      event.preventDefault();
      if (busy) { return; }  // a double click must not send two requests
      busy = true;
      form.setAttribute("aria-busy", "true");
      window.fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Accept": "application/json",
          "X-Requested-With": "fetch",
          "X-CSRFToken": csrfToken(form)
        },
        body: new FormData(form)
      }).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      }).then(function (data) {
        update(form, data);
        busy = false;
        form.removeAttribute("aria-busy");
      }).catch(function () {
        form.submit();  // does not fire "submit" again: a plain page request
      });
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-support-form]");
    for (var i = 0; i < forms.length; i += 1) { enhance(forms[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
