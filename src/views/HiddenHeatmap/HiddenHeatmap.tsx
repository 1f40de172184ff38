/**
 * The state matrix S (H rows × T columns) as a heatmap that fills in as steps run; for LSTM the cell state and
 * every gate, for GRU every gate; the output probabilities beside them. A table gives the same numbers as text.
 */
import { GATE_NAMES } from '../../engine/gates';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { divergingColor, probabilityColor, symmetricMax } from '../../viz/scales';
import { stateColor } from '../readouts';
import { stepGrid } from '../../viz/toRgba';
import { OutputHeatmap } from './OutputHeatmap';
import { StateTable } from './StateTable';
import { StepHeatmap } from './StepHeatmap';

/** What each gate is, for the heatmaps' names. */
const GATE_ROLE: Record<string, string> = { i: 'input gate', f: 'forget gate', g: 'candidate', o: 'output gate', r: 'reset gate', z: 'update gate', n: 'candidate' };

/** The hidden-state heatmap, the cell-state and gate heatmaps, and the output heatmap. */
export function HiddenHeatmap() {
  const { trace, model, layer, empty } = useAppStore(useShallow((s) => ({ trace: s.trace, model: s.model, layer: s.layer, empty: s.tokens.length === 0 })));
  const [asTable, setAsTable] = useState(false);
  const [showGates, setShowGates] = useState(true);
  const H = model?.config.hiddenSize ?? 0;
  const { color, max } = stateColor(trace, model, layer);
  const lt = trace?.layers[layer];
  const gates = GATE_NAMES[model?.config.cell ?? 'rnn'].map((g) => `${g} (${GATE_ROLE[g]})`);
  const version = `${layer}|${trace ? trace.T : 0}|${H}|${model ? model.config.cell : ''}`;
  const cMax = lt?.c ? symmetricMax(lt.c) : 1;
  return (
    <div className="heatmaps">
      <div className="heatmap-head">
        {gates.length > 0 && <button type="button" onClick={() => setShowGates((v) => !v)} aria-pressed={showGates}>Show gates</button>}
        <button type="button" onClick={() => setAsTable((v) => !v)} aria-pressed={asTable}>{asTable ? 'Show as heatmap' : 'Show as table'}</button>
      </div>
      {empty && <p className="note empty-note">No steps yet: type a sequence in <strong>Input sequence</strong>; each character becomes a column here, filled in as you step.</p>}
      {asTable ? <StateTable /> : (
        <StepHeatmap name="Hidden state heatmap" prefix="h" rows={H} interactive color={color} min={-max} max={max}
          legend="h: blue −, red +" value={lt ? stepGrid(lt.h, H) : () => 0} version={lt?.h} key={`h${version}`} />
      )}
      {!asTable && lt?.c && (
        <StepHeatmap name="Cell state heatmap" prefix="c" rows={H} color={divergingColor(cMax)} min={-cMax} max={cMax} cellH={16}
          legend="c: blue −, red +" value={stepGrid(lt.c, H)} version={lt.c} key={`c${version}`} />
      )}
      {!asTable && showGates && lt && gates.map((g, gi) => {
        const G = gates.length;
        const bounded = g.startsWith('g') || g.startsWith('n');
        return (
          <StepHeatmap key={`${g}${version}`} name={`Gate ${g} heatmap`} prefix={g[0]} rows={H} cellH={16}
            color={bounded ? divergingColor(1) : probabilityColor()} min={bounded ? -1 : 0} max={1}
            legend={bounded ? `${g}: tanh, −1…1` : `${g}: sigmoid, 0…1`}
            value={stepGrid(lt.act, H, gi * H, G * H)} version={lt.act} />
        );
      })}
      <OutputHeatmap />
    </div>
  );
}
