// The host page's service worker (registered by app.js, never by the package): with it the page
// opens with the network off. On install it caches every file of this build, as listed by
// precache.js (written by `make site` from the built directory, with a hash of the files' bytes
// as the version), in a cache named by that version; on activate it drops the caches of older
// builds. A request for one of those files is answered from the cache (the query ignored, so
// `/?sample=1` is the page); any other same-origin request goes to the network as without a
// worker and is never cached; a request to another origin (there is none) is left alone.
importScripts("precache.js");

/** @type {{version: string, files: string[]}} */
// @ts-expect-error: set by precache.js
const PRECACHE = self.PRECACHE;
const PREFIX = "customer-insights-site-";
const CACHE = PREFIX + PRECACHE.version;
const base = new URL("./", self.location.href);
/** The precached files' addresses (without query). */
const URLS = new Set(PRECACHE.files.map((f) => new URL(f, base).href));

self.addEventListener("install", (event) => {
  const e = /** @type {ExtendableEvent} */ (event);
  e.waitUntil(
    caches
      .open(CACHE)
      // past the HTTP cache, so the bytes are this build's
      .then((c) => c.addAll([...URLS].map((u) => new Request(u, { cache: "reload" }))))
      .then(() => /** @type {any} */ (self).skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const e = /** @type {ExtendableEvent} */ (event);
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => /** @type {any} */ (self).clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const e = /** @type {FetchEvent} */ (event);
  const req = e.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== base.origin) return;
  const key = url.origin + url.pathname;
  if (!URLS.has(key)) return;
  e.respondWith(
    caches
      .open(CACHE)
      .then((c) => c.match(key))
      .then((hit) => hit ?? fetch(req)),
  );
});
