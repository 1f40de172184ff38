/**
 * Registers the service worker that keeps the app's files for offline use (production builds only: see sw.js), and
 * notices a new version. A new version installs beside the running one and waits (sw.js never skips waiting by
 * itself); the page then offers a reload (UpdateNotice) and switches only when the user accepts, after saving the
 * work, so a deploy never changes files under an open session.
 */

/** Message sw.js answers by activating the waiting version. */
export const ACTIVATE_UPDATE = 'rnn-unfold:activate-update';

type Listener = (ready: boolean) => void;
let waiting: ServiceWorker | null = null;
const listeners = new Set<Listener>();

/** Whether a new version is installed and waiting for the user's reload. */
export function updateReady(): boolean {
  return waiting !== null;
}

/** Calls `listener` when a new version becomes ready; returns the unsubscribe function. */
export function onUpdateReady(listener: Listener): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

/** Marks `worker` as the waiting new version (only when a page is already controlled: not on the first visit). */
export function offerUpdate(worker: ServiceWorker | null, controlled: boolean): void {
  if (!worker || !controlled || waiting === worker) return;
  waiting = worker;
  for (const l of listeners) l(true);
}

/**
 * Runs `beforeReload` (which saves the work), then tells the waiting version to take over and reloads the page
 * once it controls it. Does nothing when no version is waiting.
 */
export async function applyUpdate(beforeReload: () => Promise<void>, reload: () => void = () => window.location.reload()): Promise<void> {
  const worker = waiting;
  if (!worker) return;
  await beforeReload();
  // Chromium activates the new version only once the old one is idle, which a response still streaming to this page
  // can delay indefinitely (seen in about one update of four here): past a short wait the page reloads anyway. Pages
  // are fetched network first, so the reload gets the new version's page and files; the new service worker takes
  // over once this page is gone.
  const fallback = setTimeout(reload, TAKEOVER_WAIT_MS);
  navigator.serviceWorker?.addEventListener('controllerchange', () => { clearTimeout(fallback); reload(); }, { once: true });
  worker.postMessage(ACTIVATE_UPDATE);
}

/** How long the page waits for the new version to take over before it reloads anyway. */
export const TAKEOVER_WAIT_MS = 3000;

/** Follows a registration: a version already waiting, or one that finishes installing later. */
export function watchRegistration(registration: ServiceWorkerRegistration): void {
  const controlled = () => navigator.serviceWorker.controller !== null;
  offerUpdate(registration.waiting, controlled());
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed') offerUpdate(registration.waiting ?? installing, controlled());
    });
  });
}

/** Registers sw.js after load, and looks for a new version whenever the tab comes back into view. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').then((registration) => {
      watchRegistration(registration);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') registration.update().catch(() => {});
      });
    }).catch((e: unknown) => console.warn('Offline use is not available:', e));
  });
}
