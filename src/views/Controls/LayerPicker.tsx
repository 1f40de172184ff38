/** With stacked layers, chooses which layer the views show (the top one by default). */
import { useAppStore } from '../../store/useAppStore';

/** The layer selector; hidden for a single-layer model. */
export function LayerPicker() {
  const L = useAppStore((s) => s.model?.config.numLayers ?? 1);
  const layer = useAppStore((s) => s.layer);
  const setLayer = useAppStore((s) => s.setLayer);
  if (L < 2) return null;
  return (
    <label className="layer-picker">Layer shown{' '}
      <select aria-label="Layer shown" value={layer} onChange={(e) => setLayer(Number(e.currentTarget.value))}>
        {Array.from({ length: L }, (_, l) => <option key={l} value={l}>{`layer ${l + 1}${l === L - 1 ? ' (top)' : ''}`}</option>)}
      </select>
    </label>
  );
}
