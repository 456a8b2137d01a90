// Calls saved on this phone: the queue in IndexedDB, sending it when the phone is online, the
// service worker that keeps the call page for when it is not, and what this phone remembers
// of the seeker's contacts and questions. The offline call page (offline-call.js) builds on
// window.PartingOffline. No inline handlers: everything is wired here.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="parting-offline"]');
  if (!meta || !window.indexedDB || !window.fetch || !window.Promise) return;

  var USER = meta.getAttribute("content");
  var SYNC_URL = meta.getAttribute("data-sync");
  var DATA_URL = meta.getAttribute("data-data");
  var SHELL_URL = meta.getAttribute("data-shell");
  var RETRY_MS = 30000;
  var DRAFT_KEY = "parting-offline-draft";
  var SYNC_TAG = "parting-captures";
  var QUEUE_LOCK = "parting-captures";

  // -- storage -----------------------------------------------------------------

  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open("parting-offline", 1);
        request.onupgradeneeded = function () {
          var base = request.result;
          if (!base.objectStoreNames.contains("captures")) {
            base.createObjectStore("captures", { keyPath: "id" });
          }
          if (!base.objectStoreNames.contains("remembered")) {
            base.createObjectStore("remembered", { keyPath: "user" });
          }
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  function withStore(name, mode, work) {
    return db().then(function (base) {
      return new Promise(function (resolve, reject) {
        var transaction = base.transaction(name, mode);
        var result;
        var request = work(transaction.objectStore(name));
        if (request) request.onsuccess = function () { result = request.result; };
        transaction.oncomplete = function () { resolve(result); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }

  var listeners = [];
  function changed() {
    return queue().then(function (items) {
      listeners.forEach(function (listener) { listener(items); });
      banner(items);
      return items;
    });
  }

  // This account's captures, oldest first. Another account's stay on the phone untouched.
  function queue() {
    return withStore("captures", "readonly", function (store) { return store.getAll(); })
      .then(function (items) {
        return (items || []).filter(function (item) { return String(item.user) === USER; })
          .sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
      });
  }

  function put(item) {
    item.user = USER;
    return withStore("captures", "readwrite", function (store) { return store.put(item); })
      .then(changed);
  }

  function remove(id) {
    return withStore("captures", "readwrite", function (store) { return store.delete(id); })
      .then(changed);
  }

  function remembered() {
    return withStore("remembered", "readonly", function (store) { return store.get(USER); })
      .then(function (found) { return found ? found.data : null; });
  }

  // Fetch the contacts and questions the offline page offers, and keep them on the phone.
  function refresh() {
    return fetch(DATA_URL, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (String(data.user) !== USER) throw new Error("another account");
        return withStore("remembered", "readwrite", function (store) {
          return store.put({ user: USER, data: data });
        }).then(function () { return data; });
      });
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); });
    return [hex.slice(0, 4), hex.slice(4, 6), hex.slice(6, 8), hex.slice(8, 10), hex.slice(10, 16)]
      .map(function (part) { return part.join(""); }).join("-");
  }

  // -- sending -----------------------------------------------------------------

  var state = { sending: false, note: "", sent: [] };
  var running = null;

  function post(item, csrf) {
    return fetch(SYNC_URL, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(item.payload)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  // One sender at a time, this page, another tab or the service worker: each reads the
  // queue once it holds the lock, so a capture is sent once even when several wake up.
  function oneAtATime(work) {
    if (navigator.locks && navigator.locks.request) return navigator.locks.request(QUEUE_LOCK, work);
    return work();
  }

  // Where the browser can (Background Sync), it sends the queue from the service worker
  // once the phone is online again, even with the app closed by then. Elsewhere the page
  // sends it when it is open and back online.
  function sendLater() {
    if (!worker) return Promise.resolve(false);
    return navigator.serviceWorker.ready.then(function (registration) {
      if (!registration.sync) return false;
      return registration.sync.register(SYNC_TAG).then(function () { return true; });
    }).catch(function () { return false; });
  }

  function isWaiting(item) { return item.state === "waiting"; }

  // Send every waiting capture, one at a time. The server records each id once, so a send
  // cut off half-way is simply sent again. A conflict or a refusal stays on the phone for
  // the seeker to resolve; nothing is dropped.
  function sync() {
    if (running) return running;
    running = queue().then(function (items) {
      if (!items.filter(isWaiting).length) return undefined;
      if (!navigator.onLine) {
        sendLater();
        return undefined;
      }
      state.sending = true;
      changed();
      return oneAtATime(sendWaiting)
        .then(function () { state.note = ""; })
        .catch(function (error) {
          var signedOut = error && error.message === "signed-out";
          state.note = signedOut
            ? "Sign in again to send them."
            : "They will be sent when the connection is back.";
          if (!signedOut) sendLater();
        });
    }).then(function () {
      state.sending = false;
      running = null;
      return changed();
    }, function () {
      state.sending = false;
      running = null;
    });
    return running;
  }

  function sendWaiting() {
    return fetch(SYNC_URL, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401) throw new Error("signed-out");
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (session) {
        if (String(session.user) !== USER) throw new Error("signed-out");
        // Read again under the lock: what another sender sent meanwhile is gone.
        return queue().then(function (items) {
          return items.filter(isWaiting).reduce(function (previous, item) {
            return previous.then(function () { return sendOne(item, session.csrf); });
          }, Promise.resolve());
        });
      });
  }

  function sendOne(item, csrf) {
    return post(item, csrf).then(function (answer) {
      if (answer.status === 200) {
        state.sent.push({ item: item, result: answer.body });
        return remove(item.id);
      }
      if (answer.status === 409 || answer.status === 400 || answer.status === 413) {
        item.state = answer.status === 409 ? "conflict" : "problem";
        item.code = answer.body.code || "";
        item.error = answer.body.error || "The server refused this call.";
        return put(item);
      }
      if (answer.status === 401 || answer.status === 403) throw new Error("signed-out");
      throw new Error("status " + answer.status);
    });
  }

  // Put a capture (new, or edited after a conflict) in the queue and try to send it at once.
  function save(item) {
    item.state = "waiting";
    item.error = "";
    item.code = "";
    return put(item).then(function () { sync(); return item; });
  }

  // -- what every page shows ---------------------------------------------------

  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }

  // A line at the top of every page while calls wait on this phone (the offline call page
  // lists them itself).
  function banner(items) {
    if (document.getElementById("offline-call")) return;
    var main = document.getElementById("main");
    if (!main) return;
    var box = document.getElementById("offline-queue");
    if (!items.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "offline-queue";
      box.className = "note offline-queue";
      box.setAttribute("role", "status");
      main.insertBefore(box, main.firstChild);
    }
    var stuck = items.filter(function (item) { return item.state !== "waiting"; }).length;
    box.textContent = plural(items.length, "call") + " saved on this phone, not yet sent. " +
      (state.sending ? "Sending…" : state.note);
    if (stuck) {
      var link = document.createElement("a");
      link.href = SHELL_URL;
      link.textContent = plural(stuck, "call") + " need" + (stuck === 1 ? "s" : "") + " you";
      box.appendChild(document.createTextNode(" "));
      box.appendChild(link);
    }
  }

  window.PartingOffline = {
    user: USER,
    shellUrl: SHELL_URL,
    state: state,
    queue: queue,
    save: save,
    remove: remove,
    remembered: remembered,
    refresh: refresh,
    sync: sync,
    newId: newId,
    // What the live call page had when its connection dropped, once.
    takeDraft: function () {
      var draft = null;
      try {
        draft = JSON.parse(sessionStorage.getItem(DRAFT_KEY) || "null");
        sessionStorage.removeItem(DRAFT_KEY);
      } catch (e) { draft = null; }
      return draft;
    },
    onChange: function (listener) { listeners.push(listener); }
  };

  // -- wiring ------------------------------------------------------------------

  var worker = "serviceWorker" in navigator && window.isSecureContext;
  if (worker) {
    navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" })
      .catch(function () { /* no offline call page on this browser */ });
  }
  // The service worker sent the queue (a Background Sync): show what it sent.
  if (worker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type !== "captures-sent") return;
      (data.sent || []).forEach(function (sent) { state.sent.push(sent); });
      changed();
    });
  }
  function tellWorker(message) {
    if (!worker) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  // The call page, online: remember the contacts and questions, and keep the offline page.
  if (location.pathname === "/call/" && navigator.onLine) {
    refresh().then(function () { tellWorker({ type: "keep-shell" }); })
      .catch(function () { /* offline after all: keep what the phone has */ });
  }

  // The connection drops during a call on the live call page: carry on offline, with what
  // was typed and tapped (the offline page takes it from this tab's session storage).
  document.addEventListener("htmx:sendError", function (event) {
    var stage = document.getElementById("call");
    if (!stage || !stage.contains(event.detail.elt)) return;
    var sent = (event.detail.requestConfig || {}).formData;
    var draft = {};
    ["contact", "kind", "channel", "opening", "note", "outcome"].forEach(function (name) {
      var value = sent && sent.get ? sent.get(name) : null;
      if (value !== null && value !== undefined) draft[name] = String(value);
    });
    var contact = stage.querySelector('input[name="contact"]');
    if (!draft.contact && contact) draft.contact = contact.value;
    try { sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft)); } catch (e) { /* private mode */ }
    location.assign(SHELL_URL + (draft.contact ? "?contact=" + encodeURIComponent(draft.contact) : ""));
  });

  // Signing out forgets the contacts this phone remembered (the calls not yet sent stay, for
  // this account only).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !/\/logout\/$/.test(form.getAttribute("action") || "")) return;
    event.preventDefault();
    var done = false;
    var go = function () { if (!done) { done = true; form.submit(); } };
    tellWorker({ type: "forget-shell" });
    withStore("remembered", "readwrite", function (store) { return store.delete(USER); })
      .then(go, go);
    setTimeout(go, 1000);
  });

  window.addEventListener("online", sync);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") sync();
  });
  setInterval(function () { if (navigator.onLine) sync(); }, RETRY_MS);
  changed().then(sync);
})();
