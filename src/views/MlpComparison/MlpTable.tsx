/**
 * The body of the MLP comparison, loaded when the comparison is first turned on: what an MLP lacks, then the RNN's
 * and the MLP's predictions and state norms side by side for the steps run so far.
 */
import type { AppState } from '../../store/types';
import { theme } from '../../viz/theme';
import { argmax } from '../readouts';
import { showToken } from '../shared';
import { useDeferredStep, useDeferredStore } from '../useDeferredStep';

/** Props of the table. */
export interface MlpTableProps {
  /** The recurrent matrix's name in the current notation (W or W_hh). */
  W: string;
}

/** Both runs, read in a transition. */
const selectRuns = (s: AppState) => ({ trace: s.trace, mlp: s.mlpTrace, model: s.model, tokens: s.tokens });

/** The explanation and the side-by-side table. */
export function MlpTable({ W }: MlpTableProps) {
  const { trace, mlp, model, tokens } = useDeferredStore(selectRuns);
  const step = useDeferredStep();
  const O = model?.config.outputSize ?? 0;
  const H = model?.config.hiddenSize ?? 0;
  const predict = (y: Float32Array | Float64Array | null, t: number) => {
    if (!y || !model || O === 0) return '';
    const k = argmax(y.subarray(t * O, (t + 1) * O));
    return showToken(model.vocabulary[k]) || `#${k}`;
  };
  const normAt = (h: Float32Array | Float64Array | undefined, t: number) => {
    if (!h) return '';
    let s = 0;
    for (let j = 0; j < H; j++) s += h[t * H + j] ** 2;
    return Math.sqrt(s).toFixed(2);
  };
  const top = model ? model.config.numLayers - 1 : 0;
  const shown = Array.from({ length: Math.min(step, tokens.length) }, (_, t) => t);
  return (
    <>
      <p className="note">
        {`An MLP sees one input at a time (or a fixed window of them); an RNN carries h from step to step through the shared ${W}, so it remembers, and the same weights handle a sequence of any length. Below, equal inputs give equal MLP rows; the RNN's differ because of what came before.`}
      </p>
      {shown.length === 0 ? <p className="note">Step forward to compare.</p> : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="RNN and MLP comparison, scrolls sideways">
          <table aria-label="RNN and MLP side by side">
            <thead>
              <tr><th scope="col">step</th>{shown.map((t) => <th key={t} scope="col" style={{ fontFamily: theme.mono }}>{`${t + 1} '${showToken(tokens[t])}'`}</th>)}</tr>
            </thead>
            <tbody>
              <tr><th scope="row">RNN predicts</th>{shown.map((t) => <td key={t}>{predict(trace?.y ?? null, t)}</td>)}</tr>
              <tr><th scope="row">MLP predicts</th>{shown.map((t) => <td key={t}>{predict(mlp?.y ?? null, t)}</td>)}</tr>
              <tr><th scope="row">RNN ‖h‖</th>{shown.map((t) => <td key={t}>{normAt(trace?.layers[top].h, t)}</td>)}</tr>
              <tr><th scope="row">MLP ‖h‖</th>{shown.map((t) => <td key={t}>{normAt(mlp?.layers[top].h, t)}</td>)}</tr>
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
