// The offline call page: pick the contact from what this phone remembers, log the call, ask
// one more question on a rejection (R1), and save it all on the phone until it can be sent.
// Text the seeker typed is only ever set as textContent, never as markup.
(function () {
  "use strict";
  var root = document.getElementById("offline-call");
  var api = window.PartingOffline;
  if (!root) return;
  var $ = function (selector, scope) { return (scope || root).querySelector(selector); };
  var $$ = function (selector, scope) {
    return Array.prototype.slice.call((scope || root).querySelectorAll(selector));
  };
  var stateLine = $("[data-offline-state]");
  if (!api) {
    stateLine.textContent = "This browser cannot save calls on the phone.";
    return;
  }

  var MAX_LEADS = 20;
  var RECENT = 6;
  var RESULTS = 20;
  var data = { contacts: [], questions: [], slots: {} };
  var call = null; // the call being recorded: {contact: {...}} or {newContact: {...}}
  var logged = null; // what the log step recorded
  var reassign = null; // a queued capture whose contact the seeker is choosing again
  var lastSaved = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function announce(text) { $("[data-announce]").textContent = text; }

  function show(step, message) {
    $$("[data-step]").forEach(function (section) {
      section.hidden = section.getAttribute("data-step") !== step;
    });
    var heading = $('[data-step="' + step + '"] h1');
    if (heading) {
      heading.focus();
      announce(message || heading.textContent);
    }
  }

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // -- remembered contacts and questions ----------------------------------------

  function describeRemembered(saved) {
    var line = $("[data-remembered]");
    if (!saved) return;
    var when = new Date(saved.saved_at);
    line.textContent = saved.contacts.length + " contacts, as this phone last saw them (" +
      when.toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) + ").";
  }

  function load() {
    var online = navigator.onLine ? api.refresh().catch(function () { return null; }) : Promise.resolve(null);
    return online.then(function (fresh) {
      return fresh || api.remembered();
    }).then(function (saved) {
      if (saved) data = saved;
      describeRemembered(saved);
      renderResults();
      var wanted = new URLSearchParams(location.search).get("contact");
      var found = wanted && data.contacts.filter(function (c) { return String(c.id) === wanted; })[0];
      if (found) {
        startCall({ contact: found });
        resume(api.takeDraft(), wanted);
      }
    });
  }

  // -- pick ----------------------------------------------------------------------

  function renderResults() {
    var query = fold($("[data-search]").value.trim());
    var list = $("[data-results]");
    var matches = query
      ? data.contacts.filter(function (c) {
        return fold(c.name + " " + c.company + " " + c.title).indexOf(query) !== -1;
      }).slice(0, RESULTS)
      : data.contacts.slice(0, RECENT);
    list.textContent = "";
    matches.forEach(function (contact) {
      var button = el("button", { type: "button", "data-contact": String(contact.id) }, [
        el("strong", { text: contact.name }),
        contact.company ? el("span", { class: "muted", text: " " + contact.company }) : null
      ]);
      list.appendChild(el("li", {}, [button]));
    });
    if (!matches.length && query) {
      list.appendChild(el("li", { class: "empty", text: "No contact matches. Add them below as someone new." }));
    }
  }

  $("[data-search]").addEventListener("input", renderResults);
  $("[data-results]").addEventListener("click", function (event) {
    var button = event.target.closest("[data-contact]");
    if (!button) return;
    var id = button.getAttribute("data-contact");
    var contact = data.contacts.filter(function (c) { return String(c.id) === id; })[0];
    if (contact) chosen({ contact: contact });
  });
  $("[data-new-contact]").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var name = form.elements.name.value.trim();
    var error = $("[data-new-error]");
    if (!name) {
      error.textContent = "Give their name.";
      error.hidden = false;
      form.elements.name.focus();
      return;
    }
    error.hidden = true;
    chosen({ newContact: { name: name, company: form.elements.company.value.trim() } });
    form.reset();
  });

  function chosen(who) {
    if (reassign) {
      var item = reassign;
      reassign = null;
      $("#off-pick-title").textContent = "Who are you talking to?";
      delete item.payload.contact;
      delete item.payload.new_contact;
      if (who.contact) {
        item.payload.contact = who.contact.id;
        item.contact_name = who.contact.name;
      } else {
        item.payload.new_contact = { name: who.newContact.name, company: who.newContact.company };
        item.contact_name = who.newContact.name;
      }
      item.label = "Call with " + item.contact_name;
      api.save(item).then(function () { show("pick", "Saved again with " + item.contact_name + "."); });
      return;
    }
    startCall(who);
  }

  // -- log -----------------------------------------------------------------------

  function person(who) {
    return who.contact
      ? who.contact
      : { name: who.newContact.name, first: who.newContact.name.split(/\s+/)[0], company: who.newContact.company, industry: "" };
  }

  // A question's slots filled for this call, as the server fills them (unknown ones stay).
  function filled(text, who) {
    var p = person(who);
    var slots = {
      company: p.company,
      niche: p.industry || data.slots.niche,
      name: p.first,
      skills: data.slots.skills,
      target_roles: data.slots.target_roles,
      my_name: data.slots.my_name
    };
    return text.replace(/\{(\w+)\}/g, function (whole, key) { return slots[key] || whole; });
  }

  function startCall(who) {
    call = who;
    var p = person(who);
    $("[data-log-title]").textContent = "Call with " + p.name;
    $("[data-log-company]").textContent = p.company || "";
    var box = $("[data-favourites]");
    $$(".question", box).forEach(function (node) { node.remove(); });
    data.questions.filter(function (q) { return q.favourite; }).forEach(function (q) {
      box.appendChild(el("p", { class: "question big", text: filled(q.text, who) }));
    });
    $("[data-log-form]").reset();
    show("log");
  }

  // The live call page lost its connection as the seeker logged the call: what they had
  // typed is filled in, and the outcome they tapped carries on (a rejection to the question).
  function resume(draft, contact) {
    if (!draft || draft.contact !== contact) return;
    var form = $("[data-log-form]");
    ["kind", "channel", "opening", "note"].forEach(function (name) {
      if (draft[name] !== undefined && form.elements[name]) form.elements[name].value = draft[name];
    });
    if (!draft.outcome) return;
    logged = {
      outcome: draft.outcome,
      kind: form.elements.kind.value,
      channel: form.elements.channel.value,
      opening: form.elements.opening.value.trim(),
      note: form.elements.note.value.trim(),
      at: new Date().toISOString()
    };
    if (logged.outcome === "rejected") startAsk();
    else saveCall(null);
  }

  $("[data-change-contact]").addEventListener("click", function () {
    call = null;
    show("pick");
  });

  $("[data-log-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    var submitter = event.submitter;
    if (!submitter || submitter.name !== "outcome") return;
    var form = event.target;
    logged = {
      outcome: submitter.value,
      kind: form.elements.kind.value,
      channel: form.elements.channel.value,
      opening: form.elements.opening.value.trim(),
      note: form.elements.note.value.trim(),
      at: new Date().toISOString()
    };
    if (logged.outcome === "rejected") startAsk();
    else saveCall(null);
  });

  // -- ask (R1) ------------------------------------------------------------------

  function startAsk() {
    var p = person(call);
    $("[data-ask-about]").textContent = "Call with " + p.name + (p.company ? " · " + p.company : "") + " · Rejected";
    var box = $("[data-questions]");
    box.textContent = "";
    var favourites = data.questions.filter(function (q) { return q.favourite; });
    var others = data.questions.filter(function (q) { return !q.favourite; });
    var option = function (q, index) {
      var input = el("input", { type: "radio", name: "question", value: String(q.id) });
      if (index === 0) input.checked = true;
      return el("label", { class: "question-choice" }, [
        input, el("span", { class: "question", text: filled(q.text, call) }),
        el("span", { class: "pill", text: q.archetype })
      ]);
    };
    favourites.concat(others).forEach(function (q, index) {
      if (index === favourites.length && favourites.length) {
        box.appendChild(el("p", { class: "eyebrow", text: "Your other questions" }));
      }
      box.appendChild(option(q, index));
    });
    var form = $("[data-ask-form]");
    form.reset();
    $$('input[name="question"]', form).slice(0, 1).forEach(function (input) { input.checked = true; });
    $("[data-leads]").textContent = "";
    addLead(false);
    $("[data-ask-error]").hidden = true;
    show("ask");
  }

  var leadCount = 0;
  function addLead(focus) {
    var box = $("[data-leads]");
    if (box.children.length >= MAX_LEADS) return;
    var index = leadCount++;
    var entry = $("[data-lead-template]").content.firstElementChild.cloneNode(true);
    entry.querySelector("legend").textContent = "Lead " + (box.children.length + 1);
    $$("input, textarea", entry).forEach(function (field) {
      if (field.type === "radio") {
        field.name = "permission-" + index;
        return;
      }
      field.id = "off-lead-" + index + "-" + field.name;
      var label = field.closest(".field") && field.closest(".field").querySelector("label");
      if (label) label.setAttribute("for", field.id);
    });
    box.appendChild(entry);
    $("[data-add-lead]").hidden = box.children.length >= MAX_LEADS;
    if (focus) entry.querySelector('input[name="name"]').focus();
  }

  $("[data-add-lead]").addEventListener("click", function () { addLead(true); });

  function askError(text) {
    var error = $("[data-ask-error]");
    error.textContent = text;
    error.hidden = false;
    announce(text);
  }

  $("[data-ask-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var response = form.querySelector('input[name="response"]:checked');
    if (!response) return askError("Tap what they said.");
    var question = form.querySelector('input[name="question"]:checked');
    var leads = [];
    if (response.value === "gave_lead") {
      var problem = "";
      $$(".lead-entry", $("[data-leads]")).forEach(function (entry) {
        var value = function (name) { return entry.querySelector('[name="' + name + '"]').value.trim(); };
        if (!value("name") && !value("company") && !value("note")) return;
        if (!value("name") && !value("company")) problem = "Give each lead's name (or at least their company).";
        var permission = entry.querySelector('input[type="radio"]:checked');
        leads.push({
          name: value("name"),
          company: value("company"),
          note: value("note"),
          permission: permission ? permission.value : "not_asked",
          thanked: entry.querySelector('[name="thanked"]').checked
        });
      });
      if (problem) return askError(problem);
      if (!leads.length) return askError("Who did they suggest? Give the lead's name.");
    }
    saveCall({
      question: question ? Number(question.value) : null,
      response: response.value,
      leads: leads
    });
  });

  $("[data-skip]").addEventListener("click", function () { saveCall(null); });

  // -- saving on the phone -------------------------------------------------------

  function saveCall(ask) {
    var p = person(call);
    var id = api.newId();
    var payload = {
      id: id,
      outcome: logged.outcome,
      kind: logged.kind,
      channel: logged.channel,
      opening: logged.opening,
      note: logged.note,
      at: logged.at,
      ask: ask
    };
    if (call.contact) payload.contact = call.contact.id;
    else payload.new_contact = { name: call.newContact.name, company: call.newContact.company };
    var leads = ask ? ask.leads.length : 0;
    var item = {
      id: id,
      saved_at: new Date().toISOString(),
      contact_name: p.name,
      label: "Call with " + p.name,
      summary: logged.outcome.replace(/_/g, " ") + (leads ? ", " + leads + " lead" + (leads === 1 ? "" : "s") : ""),
      payload: payload
    };
    lastSaved = id;
    api.save(item).then(function () {
      $("[data-done-title]").textContent = "Saved on this phone, not yet sent";
      $("[data-done-text]").textContent = item.label + " (" + item.summary + ") is kept on this phone and sent as soon as it is online.";
      show("done");
      renderSent();
    }, function () {
      askError("This phone could not save the call: its storage is full or switched off.");
    });
    call = null;
  }

  $("[data-again]").addEventListener("click", function () {
    lastSaved = null;
    $("[data-search]").value = "";
    renderResults();
    show("pick");
  });

  // Once the call just saved is sent, say so and link to what it scheduled.
  function renderSent() {
    if (!lastSaved) return;
    var sent = api.state.sent.filter(function (s) { return s.item.id === lastSaved; })[0];
    if (!sent) return;
    $("[data-done-title]").textContent = "Sent";
    var text = $("[data-done-text]");
    text.textContent = sent.item.label + " (" + sent.item.summary + ") is saved in your account. ";
    if (sent.result.url) text.appendChild(el("a", { href: sent.result.url, text: "See what it scheduled" }));
    announce("Sent.");
  }

  // -- the queue -----------------------------------------------------------------

  function action(text, work) {
    var button = el("button", { type: "button", class: "small", text: text });
    button.addEventListener("click", work);
    return button;
  }

  function renderQueue(items) {
    var list = $("[data-queue]");
    list.textContent = "";
    $("[data-queue-box]").hidden = !items.length;
    items.forEach(function (item) {
      var when = new Date(item.saved_at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
      var status = item.state === "waiting"
        ? (api.state.sending ? "Sending…" : "Saved on this phone, not yet sent. " + (api.state.note || ""))
        : item.error;
      var row = el("li", { class: "queued " + item.state, "data-capture": item.id }, [
        el("strong", { text: item.label }),
        el("span", { class: "muted small", text: " · " + item.summary + " · saved " + when }),
        el("p", { class: item.state === "waiting" ? "small" : "error", text: status })
      ]);
      if (item.state !== "waiting") row.appendChild(resolutions(item));
      list.appendChild(row);
    });
    renderSent();
  }

  // What the seeker can do about a call the server could not record. Nothing is dropped
  // unless they say so.
  function resolutions(item) {
    var box = el("div", { class: "actions" });
    var payload = item.payload;
    if (item.code === "contact_missing") {
      box.appendChild(action("Add " + item.contact_name + " as a new contact", function () {
        delete payload.contact;
        payload.new_contact = { name: item.contact_name, company: "" };
        api.save(item);
      }));
      box.appendChild(action("Choose another contact", function () {
        reassign = item;
        $("#off-pick-title").textContent = "Who was this call with?";
        show("pick");
      }));
    } else if (item.code === "question_missing" && payload.ask) {
      box.appendChild(action("Save it without naming the question", function () {
        payload.ask.question = null;
        api.save(item);
      }));
    } else if (payload.ask && item.state === "conflict") {
      box.appendChild(action("Save the call without the answer", function () {
        payload.ask = null;
        item.summary = payload.outcome.replace(/_/g, " ");
        api.save(item);
      }));
    }
    box.appendChild(action("Send again", function () { api.save(item); }));
    box.appendChild(action("Remove from this phone", function () {
      if (window.confirm("Remove " + item.label + " from this phone? It was never sent.")) api.remove(item.id);
    }));
    return box;
  }

  // Without a network the service worker opens this page for any page asked for.
  var elsewhere = location.pathname !== "/call/" && location.pathname !== api.shellUrl;
  function online() {
    stateLine.textContent = navigator.onLine
      ? "Online: calls you record here are sent at once."
      : (elsewhere ? "That page needs a connection; the call page works without one. " : "") +
        "No connection: calls you record here are saved on this phone and sent when it is back online.";
  }
  window.addEventListener("online", online);
  window.addEventListener("offline", online);
  online();

  api.onChange(renderQueue);
  api.queue().then(renderQueue);
  load();
})();
