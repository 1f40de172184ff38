/**
 * Code that the first view does not need, loaded beside it: `lazyPanel(load)` is React.lazy with a memory. Once its
 * module has loaded, a newly mounted instance renders it at once instead of suspending for a frame, and each mount
 * keeps the component it started with (a subtree is never swapped, so no state is lost). `preloadLazyPanels()`
 * fetches every lazy part registered so far (the app calls it after the first render; component tests before theirs).
 */
import { lazy, useState, type ComponentType } from 'react';

const registry = new Set<() => Promise<unknown>>();

/** A component whose code loads on first use (or on preloadLazyPanels). */
export function lazyPanel<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> & { preload(): Promise<unknown> } {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () => (pending ??= load().then((c) => { loaded = c; return c; }, (e: unknown) => { pending = null; throw e; }));
  const Lazy = lazy(() => preload().then((c) => ({ default: c })));
  registry.add(preload);
  function LazyPanel(props: P) {
    const [Component] = useState<ComponentType<P>>(() => loaded ?? (Lazy as unknown as ComponentType<P>));
    return <Component {...props} />;
  }
  return Object.assign(LazyPanel, { preload });
}

/** Loads every lazy part registered, including those that loading registers, until there are no more. */
export async function preloadLazyPanels(): Promise<void> {
  for (let seen = 0; seen !== registry.size;) {
    seen = registry.size;
    await Promise.all([...registry].map((p) => p()));
  }
}
