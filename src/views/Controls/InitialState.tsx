/** h_0, the state before the first step: edit it unit by unit, reset it to zeros, or carry over the final state. */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';

/** The initial-state editor of the shown layer. */
export function InitialState() {
  const { model, h0, layer, trace } = useAppStore(useShallow((s) => ({ model: s.model, h0: s.h0, layer: s.layer, trace: s.trace })));
  const setH0 = useAppStore((s) => s.setH0);
  const carryOverState = useAppStore((s) => s.carryOverState);
  const zeroState = useAppStore((s) => s.zeroState);
  if (!model) return null;
  const { hiddenSize: H, numLayers: L } = model.config;
  const values = h0 && h0.length === L * H ? h0.subarray(layer * H, (layer + 1) * H) : new Float32Array(H);
  return (
    <details className="initial-state">
      <summary>{`Initial state h₀${L > 1 ? ` (layer ${layer + 1})` : ''}: ${h0 ? 'set' : 'zeros'}`}</summary>
      <div className="h0-grid">
        {Array.from(values, (v, j) => (
          <label key={`${j}:${v}`}>{`h₀,${j + 1}`}
            <input type="number" step={0.1} min={-10} max={10} defaultValue={Number(v.toFixed(3))} aria-label={`h0 unit ${j + 1}`}
              onBlur={(e) => { const x = Number(e.currentTarget.value); if (x !== v) void setH0(layer, j, Math.max(-10, Math.min(10, x))); }}
              onKeyDown={(e) => { if (e.key === 'Enter') e.currentTarget.blur(); }} />
          </label>
        ))}
      </div>
      <div className="h0-actions">
        <button type="button" onClick={() => void carryOverState()} disabled={!trace}>Carry over the final state</button>
        <button type="button" onClick={() => void zeroState()} disabled={!h0}>Zero h₀</button>
      </div>
      <p className="note">Carry over starts the sequence again from where the last step left the state (h, and c for an LSTM), as a model reading a long text in pieces does.</p>
    </details>
  );
}
