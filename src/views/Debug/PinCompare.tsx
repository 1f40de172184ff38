/** Pin a hidden state, then compare it with the state at any other step: both vectors and their difference. */
import type { AppState } from '../../store/types';
import { useAppStore } from '../../store/useAppStore';
import { useDeferredStep, useDeferredStore } from '../useDeferredStep';

/** The pinned state and the run it is compared with, read in a transition. */
const selectPin = (s: AppState) => ({ pinned: s.pinned, trace: s.trace, model: s.model, layer: s.layer });

/** The pin button and the comparison table. */
export function PinCompare() {
  const { pinned, trace, model, layer } = useDeferredStore(selectPin);
  // One render behind a key press (useDeferredStep), never past the trace.
  const step = Math.min(useDeferredStep(), trace?.T ?? 0);
  const pinState = useAppStore((s) => s.pinState);
  const unpin = useAppStore((s) => s.unpin);
  const H = model?.config.hiddenSize ?? 0;
  const lt = trace?.layers[layer];
  const current = lt ? (step === 0 ? lt.h0.subarray(0, H) : lt.h.subarray((step - 1) * H, step * H)) : null;
  const comparable = pinned && current && pinned.values.length === H && pinned.layer === layer;
  return (
    <div className="pin">
      <button type="button" onClick={pinState} disabled={!trace}>{`Pin h at t = ${step}`}</button>
      {pinned && <button type="button" onClick={unpin}>Unpin</button>}
      {comparable && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Pinned state comparison, scrolls sideways">
          <table aria-label="Pinned state compared with the current step">
            <thead><tr><th scope="col">unit</th>{Array.from({ length: H }, (_, j) => <th key={j} scope="col">{`h${j + 1}`}</th>)}</tr></thead>
            <tbody>
              <tr><th scope="row">{`pinned, t = ${pinned.step}`}</th>{Array.from(pinned.values, (v, j) => <td key={j}>{v.toFixed(3)}</td>)}</tr>
              <tr><th scope="row">{`now, t = ${step}`}</th>{Array.from(current, (v, j) => <td key={j}>{v.toFixed(3)}</td>)}</tr>
              <tr><th scope="row">difference</th>{Array.from(current, (v, j) => <td key={j}>{(v - pinned.values[j]).toFixed(3)}</td>)}</tr>
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
