/**
 * Parts a view loads itself on first use (a lesson's pages, the backward drawing and equation). Each is a `deferred`
 * part (deferred.tsx: one load, then the component at hand) drawn through React.lazy, because these parts sit
 * inside SVG or inline content where DeferredSlot's placeholder <div> cannot go: a Suspense boundary decides what
 * shows meanwhile. Once loaded, a new mount renders the part at once, and each mount keeps the component it started
 * with (a subtree is never swapped, so no state is lost). `preloadLazyPanels()` loads every part registered so far
 * (the app calls it when idle; component tests before theirs).
 */
import { lazy, useState, type ComponentType } from 'react';
import { deferred } from './deferred';

const registry = new Set<{ load(): Promise<unknown> }>();

/** A component whose code loads on first use (or on preloadLazyPanels). */
export function lazyPanel<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> & { preload(): Promise<unknown> } {
  const part = deferred(load);
  const Lazy = lazy(() => part.load().then((c) => ({ default: c })));
  registry.add(part);
  function LazyPanel(props: P) {
    const [Component] = useState<ComponentType<P>>(() => part.loaded ?? (Lazy as unknown as ComponentType<P>));
    return <Component {...props} />;
  }
  return Object.assign(LazyPanel, { preload: () => part.load() });
}

/** Loads every lazy part registered, including those that loading registers, until there are no more. */
export async function preloadLazyPanels(): Promise<void> {
  for (let seen = 0; seen !== registry.size;) {
    seen = registry.size;
    await Promise.all([...registry].map((p) => p.load()));
  }
}
