/**
 * MLP vs RNN: the same model with its recurrence removed (W = 0, a copy), side by side with the real one. Without
 * W each step sees its own input only, so equal inputs give equal states and outputs, whatever came before.
 */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { theme } from '../../viz/theme';
import { argmax } from '../readouts';
import { showToken } from '../shared';
import { useDeferredStep } from '../useDeferredStep';

/** The comparison panel, with its toggle. */
export function MlpComparison() {
  const { on, trace, mlp, model, tokens, symbols } = useAppStore(useShallow((s) => ({
    on: s.compareMlp, trace: s.trace, mlp: s.mlpTrace, model: s.model, tokens: s.tokens, symbols: s.notation.symbols,
  })));
  const step = useDeferredStep();
  const setCompareMlp = useAppStore((s) => s.setCompareMlp);
  const W = symbols === 'textbook' ? 'W' : 'W_hh';
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
    <div className="mlp-compare">
      <label>
        <input type="checkbox" checked={on} onChange={(e) => void setCompareMlp(e.currentTarget.checked)} />
        {` Compare with an MLP: the same weights with ${W} = 0 (no memory)`}
      </label>
      {on && (
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
      )}
    </div>
  );
}
