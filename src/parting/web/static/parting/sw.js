// Parting's service worker: the app installs on a phone, and the call page opens without a
// network. It keeps only the offline call page and the app's own files; every other page is
// fetched from the network as usual. The one thing it sends is the calls saved on the phone
// (offline.js keeps them in IndexedDB): when the phone is back online, by a Background Sync
// the page registered, even with the app closed.
"use strict";

var CACHE = "parting-offline-v1";
var SHELL = "/call/offline/";
var ASSETS = [
  "/static/parting/parting.css",
  "/static/parting/htmx.min.js",
  "/static/parting/parting.js",
  "/static/parting/offline.js",
  "/static/parting/offline-call.js",
  "/static/parting/icon.svg",
  "/static/parting/icon-192.png",
  "/static/parting/manifest.webmanifest"
];
// A call page that has not answered in this long is opened from the phone instead.
var CALL_PAGE_WAIT_MS = 8000;
var ASSET_WAIT_MS = 4000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      // The shell needs a signed-in session; without one it is kept on a later visit.
      return cache.addAll(ASSETS).then(function () { return keepShell(cache); });
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("parting-offline-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// The offline call page, as the signed-in seeker last saw it; a sign-in page is not kept.
function keepShell(cache) {
  return fetch(SHELL, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
    if (response.ok && response.type === "basic") return cache.put(SHELL, response);
    return undefined;
  }).catch(function () { return undefined; });
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (value) { clearTimeout(timer); resolve(value); },
                 function (error) { clearTimeout(timer); reject(error); });
  });
}

function fromCache(request, fallback) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (found) {
      return found || (fallback ? cache.match(fallback) : undefined);
    });
  });
}

function offlinePage() {
  return fromCache(SHELL).then(function (found) {
    return found || new Response(
      "You are offline, and this phone has not kept the call page yet: open it once online.",
      { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  });
}

self.addEventListener("message", function (event) {
  // A page asks to keep the offline call page as it is now (after a visit to the call page,
  // or to forget it on sign-out).
  var data = event.data || {};
  if (data.type === "keep-shell") {
    event.waitUntil(caches.open(CACHE).then(keepShell));
  } else if (data.type === "forget-shell") {
    event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.delete(SHELL); }));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    var isCall = url.pathname === "/call/" || url.pathname === SHELL;
    var network = fetch(request);
    event.respondWith(
      (isCall ? withTimeout(network, CALL_PAGE_WAIT_MS) : network).catch(offlinePage)
    );
    return;
  }
  if (url.pathname.indexOf("/static/parting/") === 0) {
    // The network first, so a new version is used at once; the phone's copy when offline.
    event.respondWith(
      withTimeout(fetch(request), ASSET_WAIT_MS).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      }).catch(function () {
        return fromCache(request).then(function (found) {
          return found || Response.error();
        });
      })
    );
  }
});

// -- sending the calls saved on the phone (Background Sync) ------------------------

var SYNC_TAG = "parting-captures";
var SYNC_URL = "/call/sync/";
var QUEUE_LOCK = "parting-captures";

// The same database and stores as offline.js.
function openQueue() {
  return new Promise(function (resolve, reject) {
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

function inQueue(base, mode, work) {
  return new Promise(function (resolve, reject) {
    var transaction = base.transaction("captures", mode);
    var result;
    var request = work(transaction.objectStore("captures"));
    if (request) request.onsuccess = function () { result = request.result; };
    transaction.oncomplete = function () { resolve(result); };
    transaction.onerror = function () { reject(transaction.error); };
    transaction.onabort = function () { reject(transaction.error); };
  });
}

// One sender at a time, page or worker: each reads the queue once it holds the lock, so a
// capture is sent once even when both wake up together.
function oneAtATime(work) {
  if (self.navigator && navigator.locks && navigator.locks.request) {
    return navigator.locks.request(QUEUE_LOCK, work);
  }
  return work();
}

function tellPages(message) {
  return self.clients.matchAll({ type: "window" }).then(function (pages) {
    pages.forEach(function (page) { page.postMessage(message); });
  });
}

// Send the signed-in account's waiting calls, oldest first. A conflict or a refusal stays
// on the phone for the seeker to resolve; a network failure rejects, so the browser tries
// the sync again later.
function sendQueue() {
  return oneAtATime(function () {
    return fetch(SYNC_URL, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401) return null; // signed out: the page asks to sign in
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (session) {
        if (!session) return [];
        return openQueue().then(function (base) {
          return inQueue(base, "readonly", function (store) { return store.getAll(); })
            .then(function (items) {
              var waiting = (items || []).filter(function (item) {
                return item.state === "waiting" && String(item.user) === String(session.user);
              }).sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
              var sent = [];
              return waiting.reduce(function (previous, item) {
                return previous.then(function () {
                  return sendOne(base, item, session.csrf).then(function (result) {
                    if (result) {
                      sent.push({
                        item: { id: item.id, label: item.label, summary: item.summary },
                        result: result
                      });
                    }
                  });
                });
              }, Promise.resolve()).then(function () { return sent; });
            });
        });
      });
  }).then(function (sent) {
    return tellPages({ type: "captures-sent", sent: sent || [] });
  });
}

function sendOne(base, item, csrf) {
  return fetch(SYNC_URL, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
    body: JSON.stringify(item.payload)
  }).then(function (response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      if (response.status === 200) {
        return inQueue(base, "readwrite", function (store) { return store.delete(item.id); })
          .then(function () { return body; });
      }
      if (response.status === 409 || response.status === 400 || response.status === 413) {
        item.state = response.status === 409 ? "conflict" : "problem";
        item.code = body.code || "";
        item.error = body.error || "The server refused this call.";
        return inQueue(base, "readwrite", function (store) { return store.put(item); })
          .then(function () { return null; });
      }
      throw new Error("status " + response.status);
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === SYNC_TAG) event.waitUntil(sendQueue());
});
