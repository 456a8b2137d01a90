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
  // Buttons with data-print print the page (the print views; hidden without JavaScript).
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
  // The main navigation scrolls sideways on phones: bring the current section into view
  // and mark the sides where more items wait, so the stylesheet can fade them.
  var nav = document.querySelector(".topbar .nav");
  if (nav) {
    var edges = function () {
      var max = nav.scrollWidth - nav.clientWidth;
      nav.classList.toggle("more-left", max > 1 && nav.scrollLeft > 1);
      nav.classList.toggle("more-right", max > 1 && nav.scrollLeft < max - 1);
    };
    var current = nav.querySelector("[aria-current]");
    if (current && nav.scrollWidth > nav.clientWidth) {
      nav.scrollLeft = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
    }
    edges();
    nav.addEventListener("scroll", edges, { passive: true });
    window.addEventListener("resize", edges);
  }
  // The browser's time zone: sent with the first sign-in (the app proposes it), and offered
  // on the profile page by a button that fills the time zone field.
  var browserZone = "";
  try { browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }
  if (browserZone) {
    document.querySelectorAll("input[data-browser-zone]").forEach(function (field) {
      field.value = browserZone;
    });
    document.querySelectorAll("[data-use-browser-zone]").forEach(function (button) {
      var field = document.querySelector(button.getAttribute("data-use-browser-zone"));
      if (!field || field.value === browserZone) return;
      button.textContent = "Use this browser's zone (" + browserZone + ")";
      button.hidden = false;
      button.addEventListener("click", function () {
        field.value = browserZone;
        button.hidden = true;
        field.focus();
      });
    });
  }
  // A mail link marked data-live-mailto="<form id>" follows that form's to, subject and body
  // as they are edited (RFC 6068: percent-encoded, line breaks as CRLF).
  document.querySelectorAll("a[data-live-mailto]").forEach(function (link) {
    var form = document.getElementById(link.getAttribute("data-live-mailto"));
    if (!form) return;
    var value = function (name) {
      var field = form.elements.namedItem(name);
      return field ? field.value : "";
    };
    form.addEventListener("input", function () {
      var to = encodeURIComponent(value("to").trim()).replace(/%40/g, "@");
      var body = value("body").split(/\r\n|\r|\n/).join("\r\n");
      link.href = "mailto:" + to + "?subject=" + encodeURIComponent(value("subject")) +
        "&body=" + encodeURIComponent(body);
    });
  });
  // Focus the field marked autofocus after an htmx swap (the call page panels); the last
  // one, so an appended lead entry wins over the ones already there.
  document.addEventListener("htmx:afterSwap", function (event) {
    var fields = event.detail.target.querySelectorAll("[autofocus]");
    if (fields.length) fields[fields.length - 1].focus();
  });
})();
