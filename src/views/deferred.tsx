/**
 * Parts of the page that are not needed for the first view load from their own chunks after it (the app's panels
 * here; the parts views load themselves through lazyPanel.tsx). A `Deferred` part holds its loader and, once loaded,
 * the component itself, so every later render (and a test that loaded it beforehand) draws it synchronously. `DeferredSlot` shows a named loading status of the part's usual
 * height until then, and starts the load when the browser is idle or when the slot comes near the viewport,
 * whichever is first; `eager` starts it at once (a dialog being opened).
 */
import { useEffect, useRef, useState, type ComponentType } from 'react';

/** A component kept in a chunk of its own: its loader, and the component once loaded. */
export interface Deferred<P> {
  /** Loads the chunk (once; later calls share the first promise) and resolves to the component. */
  load(): Promise<ComponentType<P>>;
  /** The component once loaded, else null. */
  readonly loaded: ComponentType<P> | null;
}

/** Wraps a dynamic import of one component; `import()` must stay at the call site so the bundler splits it. */
export function deferred<P>(importer: () => Promise<ComponentType<P>>): Deferred<P> {
  let promise: Promise<ComponentType<P>> | null = null;
  const part = {
    loaded: null as ComponentType<P> | null,
    load(): Promise<ComponentType<P>> {
      promise ??= importer().then(
        (c) => { part.loaded = c; return c; },
        // A failed load (network gone before the service worker cached the chunk) may be retried later.
        (e: unknown) => { promise = null; throw e; },
      );
      return promise;
    },
  };
  return part;
}

/** How far below the viewport a slot starts loading, so scrolling down rarely meets the loading status. */
const NEAR = '800px';
/** The longest wait for an idle moment before loading anyway. */
const IDLE_TIMEOUT_MS = 2000;

/** Calls `run` once, at the first idle moment or when `node` comes near the viewport; returns a cancel. */
function whenIdleOrNear(node: Element | null, run: () => void): () => void {
  let done = false;
  const once = () => { if (!done) { done = true; cancel(); run(); } };
  const cancels: (() => void)[] = [];
  const cancel = () => { for (const c of cancels) c(); };
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(once, { timeout: IDLE_TIMEOUT_MS });
    cancels.push(() => cancelIdleCallback(id));
  } else {
    const id = setTimeout(once, 0);
    cancels.push(() => clearTimeout(id));
  }
  if (node && typeof IntersectionObserver === 'function') {
    const io = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) once(); }, { rootMargin: NEAR });
    io.observe(node);
    cancels.push(() => io.disconnect());
  }
  return () => { done = true; cancel(); };
}

/** Loads `parts` at the first idle moment (a dialog that should open at once when asked for); returns a cancel. */
export function preloadWhenIdle(parts: readonly { load(): Promise<unknown> }[]): () => void {
  return whenIdleOrNear(null, () => { for (const p of parts) void p.load().catch(() => {}); });
}

/** Props of a slot. */
export interface DeferredSlotProps<P> {
  /** The part to show. */
  part: Deferred<P>;
  /** Its props. */
  props: P;
  /** What is loading, for the status line ("Loading Training…"). */
  label: string;
  /** The part's usual height in px, kept while loading so the page does not jump when it arrives. */
  minHeight?: number;
  /** Load at once instead of waiting for idle time or the viewport. */
  eager?: boolean;
}

/** Draws a deferred part, or its loading status (role=status) until its chunk has arrived. */
export function DeferredSlot<P extends object>({ part, props, label, minHeight = 0, eager = false }: DeferredSlotProps<P>) {
  const [Loaded, setLoaded] = useState<ComponentType<P> | null>(() => part.loaded);
  const [failed, setFailed] = useState(false);
  const placeholder = useRef<HTMLDivElement>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (Loaded) return;
    let live = true;
    const start = () => {
      part.load().then((c) => { if (live) setLoaded(() => c); }, () => { if (live) setFailed(true); });
    };
    if (eager || attempt > 0) { start(); return () => { live = false; }; }
    const cancel = whenIdleOrNear(placeholder.current, start);
    return () => { live = false; cancel(); };
  }, [part, Loaded, eager, attempt]);
  if (Loaded) return <Loaded {...props} />;
  if (failed) {
    return (
      <div className="deferred-failed" role="alert" style={{ minHeight }}>
        {`Could not load ${label}. `}
        <button type="button" onClick={() => { setFailed(false); setAttempt((a) => a + 1); }}>Try again</button>
      </div>
    );
  }
  return <div ref={placeholder} className="deferred-loading" role="status" style={{ minHeight }}>{`Loading ${label}…`}</div>;
}
