// Parting's service worker: the app installs on a phone, and the call page opens without a
// network. It keeps only the offline call page and the app's own files; every other page is
// fetched from the network as usual, and nothing is ever sent from here.
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
