/** Every matrix of the shown layer (and the output layer) as a small heatmap, named in the current notation. */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { symbolOf, type Role } from '../../viz/notation';
import { MatrixHeatmap } from './MatrixHeatmap';

const TENSOR = { input: 'weightIh', recurrent: 'weightHh', output: 'outWeight', outputBias: 'outBias', hiddenBias: 'biasIh' } as const;

/** The weights panel. In the column form matrices are drawn as stored (U is H×D); the row form draws them transposed in name only. */
export function WeightsPanel() {
  const { model, layer, hovered, symbols } = useAppStore(useShallow((s) => ({ model: s.model, layer: s.layer, hovered: s.hoveredRole, symbols: s.notation.symbols })));
  const hoverRole = useAppStore((s) => s.hoverRole);
  const editWeight = useAppStore((s) => s.editWeight);
  if (!model) return null;
  const { config, params } = model;
  const p = params.layers[layer];
  const G = p.weightHh.length / (config.hiddenSize * config.hiddenSize);
  const H = config.hiddenSize, D = layer === 0 ? config.inputSize : H;
  const name = (r: Role) => symbolOf(r, symbols);
  const bias = new Float64Array(G * H);
  for (let k = 0; k < G * H; k++) bias[k] = p.biasIh[k] + p.biasHh[k];
  const items: { role: Role; label: string; data: Float32Array | Float64Array; rows: number; cols: number }[] = [
    { role: 'input', label: name('input'), data: p.weightIh, rows: G * H, cols: D },
    { role: 'recurrent', label: name('recurrent'), data: p.weightHh, rows: G * H, cols: H },
    { role: 'hiddenBias', label: `${name('hiddenBias')} (b_ih + b_hh)`, data: bias, rows: G * H, cols: 1 },
  ];
  if (params.outWeight && params.outBias && layer === config.numLayers - 1) {
    items.push(
      { role: 'output', label: name('output'), data: params.outWeight, rows: config.outputSize, cols: H },
      { role: 'outputBias', label: name('outputBias'), data: params.outBias, rows: config.outputSize, cols: 1 },
    );
  }
  return (
    <div className="weights">
      <p className="note">Point at an entry (or focus a matrix and use the arrow keys) to read it; type a new value below it, or drag the entry up or down (Shift: finer). Undo takes any change back.</p>
      {G > 1 && <p className="note">{`Rows are stacked by gate in PyTorch's order (${config.cell === 'lstm' ? 'i, f, g, o' : 'r, z, n'}), ${H} rows each.`}</p>}
      <div className="weights-grid">
        {items.map((it) => (
          <MatrixHeatmap key={it.role} name={it.label} role={it.role} data={it.data} rows={it.rows} cols={it.cols}
            highlighted={hovered === it.role} onHover={hoverRole}
            onEdit={(r, c, v, continuing) => {
              const i = r * it.cols + c;
              // The bias shown is b_ih + b_hh: an edit moves b_ih so that the sum becomes v.
              return it.role === 'hiddenBias' ? editWeight('biasIh', i, v - p.biasHh[i], continuing) : editWeight(TENSOR[it.role], i, v, continuing);
            }} />
        ))}
      </div>
    </div>
  );
}
