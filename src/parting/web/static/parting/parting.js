// Small progressive enhancements. No inline handlers: everything is wired here.
(function () {
  "use strict";
  // Lets the stylesheet hide the no-JavaScript fallbacks (e.g. per-row Save buttons).
  document.documentElement.classList.add("js");
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
  // Focus the field marked autofocus after an htmx swap (the call page panels); the last
  // one, so an appended lead entry wins over the ones already there.
  document.addEventListener("htmx:afterSwap", function (event) {
    var fields = event.detail.target.querySelectorAll("[autofocus]");
    if (fields.length) fields[fields.length - 1].focus();
  });
})();
