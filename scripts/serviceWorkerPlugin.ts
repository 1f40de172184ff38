/**
 * A small hand-made service worker, so the app works offline after the first visit. At build time this Vite plugin
 * lists the build's files (no source maps; of KaTeX's fonts only the .woff2 that browsers load) and writes sw.js with
 * that list and a cache name derived from it. The worker precaches the list on install, drops older caches on
 * activate, and answers same-origin GETs from the cache first (pages: the network first, the cached page offline).
 * A new version installs beside the old one and waits: the page offers to reload (src/app/serviceWorker.ts) and
 * posts 'rnn-unfold:activate-update' when the user accepts, so lazily loaded files never change under open work.
 * (vite-plugin-pwa supports Vite 8 too, but brings workbox-build and its Babel/Rollup tree for these 60 lines.)
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

/** The files of a build that the service worker precaches, relative to the page. */
export function precacheList(fileNames: string[]): string[] {
  const files = fileNames.filter((f) => !f.endsWith('.map') && f !== 'sw.js' && !/KaTeX_.*\.(woff|ttf)$/.test(f));
  return ['./', ...files.sort().map((f) => `./${f}`)];
}

/** The service worker's source for a cache `version` and a list of `assets`. */
export function serviceWorkerSource(version: string, assets: string[]): string {
  return `// rnn-unfold service worker, written at build time (scripts/serviceWorkerPlugin.ts).
const CACHE = ${JSON.stringify(`rnn-unfold-${version}`)};
const ASSETS = ${JSON.stringify(assets)};
self.addEventListener('install', (event) => {
  // A new version waits until the page says so (its "Reload" button): a page never switches files under the user.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});
self.addEventListener('message', (event) => {
  if (event.data === 'rnn-unfold:activate-update') self.skipWaiting();
});
self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('rnn-unfold-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The page: fresh when online, the cached one offline.
    event.respondWith(fetch(request).then((response) => {
      if (response.ok) { const copy = response.clone(); caches.open(CACHE).then((cache) => cache.put('./', copy)); }
      return response;
    }).catch(() => caches.match('./').then((cached) => cached || Response.error())));
    return;
  }
  event.respondWith(caches.match(request, { ignoreSearch: true, ignoreVary: true }).then((cached) => cached || fetch(request).then((response) => {
    if (response.ok && response.type === 'basic') { const copy = response.clone(); caches.open(CACHE).then((cache) => cache.put(request, copy)); }
    return response;
  })));
});
`;
}

/** Every file under `dir`, relative to it, with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/'));
}

/** Writes sw.js next to index.html in a production build, listing the files written (after every other plugin). */
export function serviceWorker(): Plugin {
  return {
    name: 'rnn-unfold-service-worker',
    apply: 'build',
    writeBundle: {
      sequential: true,
      order: 'post',
      handler(options) {
        const dir = options.dir ?? 'dist';
        const assets = precacheList(filesUnder(dir));
        const version = createHash('sha256').update(assets.join('\n')).update(readFileSync(join(dir, 'index.html'))).digest('hex').slice(0, 12);
        writeFileSync(join(dir, 'sw.js'), serviceWorkerSource(version, assets));
      },
    },
  };
}
