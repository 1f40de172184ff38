/** Registers the service worker that keeps the app's files for offline use (production builds only: see sw.js). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch((e: unknown) => console.warn('Offline use is not available:', e));
  });
}
