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
  // The navigation's groups and the account menu are <details>: they work without this.
  // With it, one is open at a time, Escape closes it (focus back on its summary) and a
  // click elsewhere closes it.
  var menus = document.querySelectorAll(".topbar details");
  var closeAll = function (except) {
    menus.forEach(function (menu) { if (menu !== except) menu.open = false; });
  };
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () { if (menu.open) closeAll(menu); });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".topbar details")) closeAll(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector(".topbar details[open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });
  // Reduced motion: htmx swaps without its settle pause.
  if (window.htmx && window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    window.htmx.config.defaultSettleDelay = 0;
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
  callPage();

  // The call page: focus follows the flow, each new panel is announced, and single keys
  // (declared by aria-keyshortcuts on the panel's controls, listed by `?`) work when the
  // seeker is not typing in a field.
  function callPage() {
    var stage = document.getElementById("call");
    if (!stage) return;
    var status = document.getElementById("call-status");
    var help = document.getElementById("keys-help");

    stage.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target !== stage) return;
      var heading = stage.querySelector("h1");
      if (!stage.contains(document.activeElement)) {
        var first = stage.querySelector("[autofocus]") || firstControl(stage);
        if (first) first.focus();
      }
      if (status && heading) {
        status.textContent = "";
        window.setTimeout(function () { status.textContent = heading.textContent.trim(); }, 50);
      }
    });

    // "Gave a lead": the next thing to do is type the first name.
    stage.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name === "response" && input.value === "gave_lead" && input.checked) {
        window.setTimeout(function () { focusLeadName(null); }, 0);
      }
    });

    // Enter in a lead's name moves on to the next lead's name, as in a list being typed.
    stage.addEventListener("keydown", function (event) {
      var field = event.target;
      if (event.key !== "Enter" || event.isComposing || !isLeadName(field)) return;
      if (!field.value.trim()) return;
      event.preventDefault();
      focusLeadName(field);
    });

    // From the search field, the arrow down key walks into the results.
    stage.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" || event.target.id !== "contact-search") return;
      var result = stage.querySelector(".picklist a");
      if (result) { event.preventDefault(); result.focus(); }
    });

    // Listened for once htmx has wired the page (its first htmx:load), or at the latest once
    // the page has loaded: a key pressed sooner would submit a panel's form as a plain page.
    var listening = false;
    function listen() {
      if (listening) return;
      listening = true;
      document.addEventListener("keydown", onKey);
      document.documentElement.setAttribute("data-keys", "on");
    }
    document.addEventListener("htmx:load", listen);
    window.addEventListener("load", listen);

    function onKey(event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (isTyping(target)) {
        if (event.key === "Escape") target.blur();
        return;
      }
      if (help && help.open) return;
      if (event.key === "?") {
        event.preventDefault();
        showHelp();
        return;
      }
      var key = event.key.length === 1 ? event.key.toLowerCase() : "";
      if (!key) return;
      var add = stage.querySelector("#add-lead");
      if (key === "a" && add && usable(add) && focusLeadName(target, true)) {
        event.preventDefault();
        return;
      }
      var control = shortcut(key);
      if (!control) return;
      event.preventDefault();
      var folded = control.closest("details");
      if (folded) folded.open = true;
      control.focus();
      control.click();
    }

    function isTyping(el) {
      if (!el || !el.tagName) return false;
      if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
      if (el.tagName !== "INPUT") return false;
      return ["radio", "checkbox", "button", "submit", "reset"].indexOf(el.type) < 0;
    }

    function isLeadName(el) {
      return el.tagName === "INPUT" && /^lead-\d+-name$/.test(el.name || "");
    }

    function visible(el) {
      return el.getClientRects().length > 0;
    }

    function shortcut(key) {
      var found = stage.querySelectorAll("[aria-keyshortcuts]");
      for (var i = 0; i < found.length; i++) {
        var el = found[i];
        if (el.getAttribute("aria-keyshortcuts").toLowerCase() === key && usable(el)) return el;
      }
      return null;
    }

    function usable(el) {
      // A radio's own box may be tiny or hidden under its label; its label tells.
      var shown = el.labels && el.labels.length ? el.labels[0] : el;
      if (el.disabled) return false;
      return el.closest("details:not([open])") ? visible(el.closest("details")) : visible(shown);
    }

    function firstControl(root) {
      var all = root.querySelectorAll("a[href], button, input, select, textarea, summary");
      for (var i = 0; i < all.length; i++) {
        if (all[i].tabIndex >= 0 && visible(all[i]) && !all[i].disabled) return all[i];
      }
      return null;
    }

    // The next lead's name after `from` that is still empty (the first one when `from` is
    // null); with `addIfNone`, asks for one more entry when every name is taken.
    function focusLeadName(from, addIfNone) {
      var names = Array.prototype.slice.call(stage.querySelectorAll("input[name$='-name']"))
        .filter(isLeadName);
      var entry = from && from.closest ? from.closest(".lead-entry") : null;
      var start = 0;
      if (entry) {
        start = names.findIndex(function (n) { return n.closest(".lead-entry") === entry; }) + 1;
      }
      for (var i = start; i < names.length; i++) {
        if (!names[i].value.trim()) { names[i].focus(); return true; }
      }
      if (from !== null || addIfNone) {
        var add = stage.querySelector("#add-lead");
        if (add) { add.click(); return true; }
      }
      return false;
    }

    function showHelp() {
      if (!help || typeof help.showModal !== "function") return;
      var list = help.querySelector("#keys-help-list");
      list.textContent = "";
      var seen = {};
      stage.querySelectorAll("[aria-keyshortcuts]").forEach(function (el) {
        var key = el.getAttribute("aria-keyshortcuts");
        if (seen[key] || !usable(el)) return;
        seen[key] = true;
        var label = el.labels && el.labels.length ? el.labels[0].textContent : el.textContent;
        if (key === "a" && el.id === "add-lead") label = "Next lead (adds one when all are typed)";
        addRow(list, key, label);
      });
      addRow(list, "?", "This list");
      help.showModal();
    }

    function addRow(list, key, label) {
      var dt = document.createElement("dt");
      var kbd = document.createElement("kbd");
      kbd.textContent = key;
      dt.appendChild(kbd);
      var dd = document.createElement("dd");
      dd.textContent = label.replace(/\s+/g, " ").trim();
      list.appendChild(dt);
      list.appendChild(dd);
    }
  }
})();
