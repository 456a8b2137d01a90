// Small progressive enhancements. No inline handlers: everything is wired here.
(function () {
  "use strict";
  // Buttons with data-copy="<selector>" copy that element's text to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.value || source.textContent).then(function () {
      button.textContent = "Copied";
    });
  });
  // Focus the first field marked autofocus after an htmx swap (the call page panels).
  document.addEventListener("htmx:afterSwap", function (event) {
    var field = event.detail.target.querySelector("[autofocus]");
    if (field) field.focus();
  });
})();
