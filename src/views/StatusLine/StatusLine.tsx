/** The one live region: it narrates each step for screen readers and shows errors to everyone. */
import { narrationOf } from '../../store/selectors';
import { useAppStore } from '../../store/useAppStore';

/** Narration of the current step, then any error. */
export function StatusLine() {
  const narration = useAppStore(narrationOf);
  const error = useAppStore((s) => s.error);
  const busy = useAppStore((s) => s.busy);
  return (
    <div className="status-line">
      <p role="status" aria-live="polite" className="narration">{narration}</p>
      {error && <p className="error" role="alert">{error}</p>}
      {busy === 'training' && <p className="note">Training the model in the background…</p>}
    </div>
  );
}
