/**
 * The one live region: it narrates each step for screen readers and shows errors to everyone; below it, what needs
 * the user's attention: a notice after the engine was restarted, the first value that is not a finite number, and a
 * way out of a trace that takes long.
 */
import { useEffect, useMemo, useState } from 'react';
import { describeFault } from '../../engine/faults';
import { narrationOf } from '../../store/selectors';
import { useAppStore } from '../../store/useAppStore';

/** A trace running longer than this (ms) offers a Cancel button; shorter ones would only make it flicker. */
export const CANCEL_AFTER_MS = 600;

/** Narration of the current step, then any error, engine notice or numerical fault. */
export function StatusLine() {
  const narration = useAppStore(narrationOf);
  const error = useAppStore((s) => s.error);
  const busy = useAppStore((s) => s.busy);
  const notice = useAppStore((s) => s.engineNotice);
  const fault = useAppStore((s) => s.traceFault);
  const dismiss = useAppStore((s) => s.dismissEngineNotice);
  const cancelTrace = useAppStore((s) => s.cancelTrace);
  const slow = useSlow(busy === 'running');
  return (
    <div className="status-line">
      <p role="status" aria-live="polite" className="narration">{narration}</p>
      {error && <p className="error" role="alert">{error}</p>}
      {notice && (
        <p className="note engine-notice" role="alert">
          {notice} <button type="button" onClick={dismiss}>Dismiss</button>
        </p>
      )}
      {fault && (
        <p className="error numeric-fault" role="alert">
          {`Not a finite number: ${describeFault(fault)}. Cells that are not finite are crossed out (✕) in the heatmaps, and everything computed from them is unreliable.`}
        </p>
      )}
      {busy === 'training' && <p className="note">Training the model in the background…</p>}
      {slow && (
        <p className="note">
          Computing the trace… <button type="button" onClick={cancelTrace}>Cancel</button>
        </p>
      )}
    </div>
  );
}

/** True once `on` has stayed true for CANCEL_AFTER_MS. */
function useSlow(on: boolean): boolean {
  // Each period of `on` gets its own token; the timer marks that token slow, so a new period starts not slow.
  const period = useMemo(() => (on ? {} : null), [on]);
  const [slowPeriod, setSlowPeriod] = useState<object | null>(null);
  useEffect(() => {
    if (!period) return;
    const id = setTimeout(() => setSlowPeriod(period), CANCEL_AFTER_MS);
    return () => clearTimeout(id);
  }, [period]);
  return period !== null && slowPeriod === period;
}
