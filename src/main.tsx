/**
 * Mounts the app: one engine worker, one store, one React root; opens from a link or the saved session. The link and
 * session code (with its validator and the weights codec) loads from its own chunk while the first view renders: the
 * model only appears once it has run, and that waits for IndexedDB and the worker anyway.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { registerServiceWorker } from './app/serviceWorker';
import { createEngineClient } from './bridge/engineClient';
import { createEnginePort } from './bridge/enginePort';
import { createAppStore } from './store/createAppStore';
import './app/app.css';
import './app/containment.css';

const store = createAppStore(createEnginePort(createEngineClient()));
const persistModules = Promise.all([import('./store/persist/connect'), import('./store/persist/session')]);
const session = persistModules.then(([, { indexedDbSessionStore }]) => indexedDbSessionStore());

/** Forgets the saved session and the link, then reloads onto the default model. */
async function newSession(): Promise<void> {
  if (!window.confirm('Start a new session? The current model, input and step are forgotten (export the model first to keep it).')) return;
  // Nothing is saved any more: a save after the clear would bring the session back, and a link written after
  // reload() (history.replaceState) would cancel the reload.
  (await persistence)();
  await (await session).clear();
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  window.location.reload();
}

/**
 * Before reloading onto a new version: the link and the session are written at once, for the last time. When the
 * link leaves the weights out (too large), the reload opens the session instead, which holds them.
 */
async function beforeUpdateReload(): Promise<void> {
  const save = await persistence;
  const { weightsLeftOut } = await save.saveNow();
  // The last write: in Chromium a history.replaceState (the link of a later change) cancels a reload under way.
  save();
  if (weightsLeftOut) window.history.replaceState(null, '', window.location.pathname + window.location.search);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} autoStart={false} onNewSession={() => void newSession()} beforeUpdateReload={beforeUpdateReload} />
  </StrictMode>,
);

// A link pasted into the address bar of an open tab changes only the hash: open it as a fresh page. (The app's
// own updates use history.replaceState, which fires no hashchange.)
window.addEventListener('hashchange', () => window.location.reload());

const persistence = persistModules.then(async ([{ connectPersistence }]) => connectPersistence(store, {
  session: await session,
  readHash: () => window.location.hash,
  writeHash: (hash) => window.history.replaceState(null, '', `#${hash}`),
}));

// Offline after the first visit: the service worker keeps the built files (not in dev, where Vite serves sources).
if (import.meta.env.PROD) registerServiceWorker();
