// Darasa's service worker: the offline app shell. The hub runs on solar power
// and can restart at any moment; while it is away for a minute, a learner who
// reloads the page must still see the app and the lesson they were reading.
//
// Hand-written (no Workbox, no build step): the rules are few, and a plain file
// in client/public/ is copied to dist/client/sw.js as is, served with
// `Cache-Control: no-cache` so a hub update reaches the browsers at once.
// It learns the build's files from index.html and the chunks it imports, so no
// manifest has to be generated.
//
// What is cached, and how:
//   - app shell (index.html, /assets/*, favicon): precached on install and when
//     a new build appears; /assets/ are content-hashed → cache first. Pages are
//     network first and fall back to the cached index.html (client routes).
//   - GET /api/lessons/:id → network first, cached answer when the hub is away;
//     the media the lesson names (/api/media/<sha256>.<ext>, content-addressed,
//     never change) are fetched whole into the cache → cache first, with Range
//     requests answered from the cached copy so audio and video still seek.
//   - GET /api/courses* → network first (the learner's home and course page).
//   - GET /api/me/* (progress, certificates) → network first into a PERSONAL
//     cache, each answer tagged with the person it belongs to, served only to
//     that same person, and the whole cache is dropped whenever the person
//     changes or signs out (shared workstations: the next child must never see
//     the previous one's data).
//   - never cached: anything but GET, GET /api/me itself, /api/session*,
//     /api/setup, and every other /api route (people lists, settings…: data
//     that has no business lingering on a shared machine).
//
// Who is signed in is learnt from the traffic itself (the cookie is HttpOnly):
// GET /api/me and GET /api/session answers name the person; a sign-in POST, a
// sign-out DELETE or any 401 makes the worker forget; the page also tells it
// when a new browser session starts (the session cookie died with the browser).

const VERSION = 'v1';
const SHELL = `darasa-shell-${VERSION}`;
const CONTENT = `darasa-content-${VERSION}`;
const MEDIA = `darasa-media-${VERSION}`;
const PERSONAL = `darasa-personal-${VERSION}`;
const STATE = `darasa-state-${VERSION}`;
const KNOWN = new Set([SHELL, CONTENT, MEDIA, PERSONAL, STATE]);

// How long a network-first request waits before the cached copy is used: long
// enough for a busy hub on a LAN, short enough that a dead one is not felt.
const NETWORK_WAIT_MS = 3000;
// Personal answers (progress) wait longer before a cached copy is shown: a
// stale "0 lessons done" reads as lost work, while a stale lesson text is
// harmless. A hub that is off fails fast anyway (connection refused or host
// unreachable), so this only matters when the hub is up but slow.
const PERSONAL_WAIT_MS = 10000;
// Bounds, counted in entries (Cache Storage has no size query per entry): the
// lessons of a session or two, and their pictures and recordings.
const MAX_LESSONS = 40;
const MAX_MEDIA = 120;
const MAX_COURSE_ANSWERS = 60;
// A recording larger than this is not fetched ahead (it would fill the disk of
// a 4 GB machine); it still plays from the hub when the hub answers.
const MAX_PREFETCH_BYTES = 40 * 1024 * 1024;
const PERSON_HEADER = 'x-darasa-person';

self.addEventListener('install', (event) => {
  event.waitUntil(precacheShell().catch(() => undefined).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith('darasa-') && !KNOWN.has(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'new-browser-session') event.waitUntil(forgetPerson());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;

  if (request.method !== 'GET') {
    // Sign-in, sign-out and first-run setup change who is signed in: forget at once.
    if ((path === '/api/session' || path === '/api/session/learner' || path === '/api/setup') && request.method !== 'OPTIONS') {
      event.waitUntil(forgetPerson());
    }
    return; // never cached, never touched
  }
  if (path === '/api/me' || path === '/api/session') {
    event.respondWith(observeIdentity(request, path));
    return;
  }
  if (path.startsWith('/api/media/')) return event.respondWith(mediaFirst(request));
  if (/^\/api\/lessons\/[^/]+$/.test(path)) return networkFirst(event, CONTENT, { limit: MAX_LESSONS, onFresh: prefetchLessonMedia });
  if (path === '/api/courses' || /^\/api\/courses\/[^/]+$/.test(path)) return networkFirst(event, CONTENT, { limit: MAX_COURSE_ANSWERS });
  if (path.startsWith('/api/me/')) return event.respondWith(personalNetworkFirst(request));
  if (path.startsWith('/api/')) return event.respondWith(watchForSignOut(request));
  if (path.startsWith('/assets/') || path === '/favicon.svg') return event.respondWith(shellFirst(request));
  if (request.mode === 'navigate') return event.respondWith(page(event));
});

// ---- the app shell ---------------------------------------------------------

/** index.html and every file of this build: the entry's imports, followed one
 * level at a time through the chunks (Vite names them ./X-hash.js or
 * assets/X-hash.js inside the code). Bounded, so a strange file cannot loop. */
async function precacheShell(indexResponse) {
  const response = indexResponse || (await fetch('/', { cache: 'no-store' }));
  if (!response.ok) return;
  const html = await response.clone().text();
  const build = buildIdOf(html);
  const state = await readState();
  const cache = await caches.open(SHELL);
  if (build && state.build && state.build !== build) {
    // A new build: the old hashed files will never be asked for again.
    for (const key of await cache.keys()) await cache.delete(key);
  }
  await cache.put('/index.html', response.clone());
  // Same build, already complete: nothing more to fetch (this runs on every page load).
  if (build && state.build === build && state.complete) return;
  const queue = [...assetsIn(html)];
  const seen = new Set(queue);
  while (queue.length > 0 && seen.size < 400) {
    const asset = queue.shift();
    let file = await cache.match(asset);
    if (!file) {
      file = await fetch(asset).catch(() => null);
      if (!file || !file.ok) continue;
      await cache.put(asset, file.clone());
    }
    if (asset.endsWith('.js')) {
      for (const next of assetsIn(await file.text())) if (!seen.has(next)) (seen.add(next), queue.push(next));
    }
  }
  if (build) await writeState({ ...(await readState()), build, complete: true });
}

function buildIdOf(html) {
  const match = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html);
  return match ? match[1] : null;
}

function assetsIn(text) {
  const found = new Set();
  for (const match of text.matchAll(/(?:\/assets\/|assets\/|["'`]\.\/)([\w.-]+\.(?:js|css|woff2?|svg|png))/g)) found.add(`/assets/${match[1]}`);
  return found;
}

async function shellFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

async function page(event) {
  const request = event.request;
  try {
    const network = fetch(request);
    // Keep the cached shell in step with the hub's build, after the page is
    // served; waitUntil keeps the worker alive until that is done.
    event.waitUntil(network.then((response) => {
      const isHtml = response.ok && (response.headers.get('content-type') || '').includes('text/html');
      return isHtml ? precacheShell(response.clone()) : undefined;
    }).catch(() => undefined));
    return await withTimeout(network, NETWORK_WAIT_MS, () => caches.match('/index.html', { cacheName: SHELL }));
  } catch {
    const cached = await caches.match('/index.html', { cacheName: SHELL });
    return cached || Response.error();
  }
}

// ---- lessons, courses and media ------------------------------------------------

/** Network first; when the hub does not answer within NETWORK_WAIT_MS (or at
 * all) and a copy is cached, the copy is served. Only 200 answers are kept;
 * storing them (and fetching a lesson's media) is awaited with waitUntil so
 * the browser does not stop the worker half-way. */
function networkFirst(event, cacheName, { limit, onFresh } = {}) {
  const request = event.request;
  const network = fetch(request);
  event.waitUntil(network.then(async (response) => {
    // Copies are taken before any await: the page may start reading the body.
    const copy = response.ok ? response.clone() : null;
    const forFresh = response.ok && onFresh ? response.clone() : null;
    if (response.status === 401) await forgetPerson();
    if (!copy) return;
    const cache = await caches.open(cacheName);
    await cache.put(request, copy);
    await trim(cache, limit);
    if (forFresh) await onFresh(forFresh);
  }).catch(() => undefined));
  event.respondWith((async () => {
    try {
      return await withTimeout(network, NETWORK_WAIT_MS, () => caches.match(request, { cacheName }));
    } catch (error) {
      const cached = await caches.match(request, { cacheName });
      if (cached) return cached;
      throw error;
    }
  })());
}

async function prefetchLessonMedia(response) {
  const text = await response.text();
  const cache = await caches.open(MEDIA);
  for (const match of new Set(text.match(/\/api\/media\/[0-9a-f]{64}\.[a-z0-9]+/g) || [])) {
    if (await cache.match(match)) continue;
    const media = await fetch(match).catch(() => null);
    if (!media || media.status !== 200) continue;
    if (Number(media.headers.get('content-length') || 0) > MAX_PREFETCH_BYTES) continue;
    await cache.put(match, media);
  }
  await trim(cache, MAX_MEDIA);
}

/** Media are named by their SHA-256: a cached copy is always right. Range
 * requests (audio/video seeking) are cut from the cached whole file. */
async function mediaFirst(request) {
  const key = new URL(request.url).pathname;
  const cached = await caches.match(key, { cacheName: MEDIA });
  const range = request.headers.get('range');
  if (cached) return range ? slice(cached, range) : cached;
  const response = await fetch(request);
  if (response.status === 200 && !range) {
    const length = Number(response.headers.get('content-length') || 0);
    if (length <= MAX_PREFETCH_BYTES) {
      const cache = await caches.open(MEDIA);
      await cache.put(key, response.clone());
      await trim(cache, MAX_MEDIA);
    }
  }
  return response;
}

async function slice(response, range) {
  const body = await response.arrayBuffer();
  const match = /bytes=(\d*)-(\d*)/.exec(range);
  let start = match && match[1] ? Number(match[1]) : 0;
  let end = match && match[2] ? Number(match[2]) : body.byteLength - 1;
  if (match && !match[1] && match[2]) (start = Math.max(0, body.byteLength - Number(match[2])), end = body.byteLength - 1);
  if (start >= body.byteLength || end < start) {
    return new Response(null, { status: 416, headers: { 'content-range': `bytes */${body.byteLength}` } });
  }
  end = Math.min(end, body.byteLength - 1);
  return new Response(body.slice(start, end + 1), {
    status: 206,
    headers: {
      'content-type': response.headers.get('content-type') || 'application/octet-stream',
      'content-range': `bytes ${start}-${end}/${body.byteLength}`,
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
    },
  });
}

// ---- personal data ---------------------------------------------------------------

async function personalNetworkFirst(request) {
  const person = (await readState()).person;
  try {
    const response = await withTimeout(fetch(request), PERSONAL_WAIT_MS, () => cachedFor(request, person));
    if (response.status === 401) await forgetPerson();
    else if (response.ok && person) {
      const headers = new Headers(response.headers);
      headers.set(PERSON_HEADER, person);
      const tagged = new Response(await response.clone().arrayBuffer(), { status: response.status, statusText: response.statusText, headers });
      const cache = await caches.open(PERSONAL);
      // A sign-out may land while this answer travels: store it only for the
      // person still signed in, and take it back if they changed meanwhile.
      if ((await readState()).person === person) {
        await cache.put(request, tagged);
        if ((await readState()).person !== person) await cache.delete(request);
      }
    }
    return response;
  } catch (error) {
    const cached = await cachedFor(request, person);
    if (cached) return cached;
    throw error;
  }
}

/** The cached answer only when it was cached for this same, known person. */
async function cachedFor(request, person) {
  if (!person) return undefined;
  const cached = await caches.match(request, { cacheName: PERSONAL });
  return cached && cached.headers.get(PERSON_HEADER) === person ? cached : undefined;
}

/** GET /api/me and /api/session pass through untouched; their answers say who
 * is signed in now. A different person (or nobody) drops the personal cache. */
async function observeIdentity(request, path) {
  const response = await fetch(request);
  try {
    if (response.status === 401) await forgetPerson();
    else if (response.ok) {
      const body = await response.clone().json();
      const id = path === '/api/me' ? body && body.id : body && body.user && body.user.id;
      if (id) await rememberPerson(id);
      else await forgetPerson();
    }
  } catch {
    // An unreadable answer teaches nothing; the page still gets it.
  }
  return response;
}

async function watchForSignOut(request) {
  const response = await fetch(request);
  if (response.status === 401) await forgetPerson();
  return response;
}

async function rememberPerson(id) {
  const state = await readState();
  if (state.person === id) return;
  await caches.delete(PERSONAL);
  await writeState({ ...state, person: id });
}

async function forgetPerson() {
  memoryState = { ...(await readState()), person: null };
  await caches.delete(PERSONAL);
  await writeState(memoryState);
}

// ---- small helpers ------------------------------------------------------------------

// The worker can be stopped and restarted by the browser at any time, so what
// it knows (the build it cached, who is signed in) is kept in Cache Storage.
let memoryState = null;
async function readState() {
  if (memoryState) return memoryState;
  const stored = await caches.match('/__darasa-sw-state', { cacheName: STATE });
  memoryState = stored ? await stored.json().catch(() => ({})) : {};
  return memoryState;
}
async function writeState(state) {
  memoryState = state;
  await (await caches.open(STATE)).put('/__darasa-sw-state', new Response(JSON.stringify(state), { headers: { 'content-type': 'application/json' } }));
}

/** The network's answer, unless it takes longer than `ms` and `fallback()`
 * finds a cached copy; with no copy, the network is waited for. */
function withTimeout(network, ms, fallback) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(async () => {
      const cached = await fallback().catch(() => undefined);
      if (cached && !settled) (settled = true, resolve(cached));
    }, ms);
    network.then(
      (response) => { clearTimeout(timer); if (!settled) (settled = true, resolve(response)); },
      (error) => { clearTimeout(timer); if (!settled) (settled = true, reject(error)); },
    );
  });
}

/** Keeps the newest `limit` entries (Cache Storage lists keys in insertion
 * order, and put() re-inserts). */
async function trim(cache, limit) {
  if (!limit) return;
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - limit))) await cache.delete(key);
}
