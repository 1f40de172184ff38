/**
 * The backward equation of the backward cursor's step, with the selected unit's numbers, all read from the engine:
 * δ_t = σ'(a_t) ⊙ (Wᵀ·δ_{t+1} + Vᵀ·∂L/∂o_t) for an RNN, ∂L/∂h_t and ∂L/∂c_t with the gates' δ for LSTM and GRU.
 * The loss normalisation is the engine's (a mean over the N steps with a target), so the numbers are its gradients.
 */
import type { Model } from '../../engine/types';
import type { BackwardTrace } from '../../store/slices/backwardSlice';
import { formatMagnitude } from '../../viz/format';
import { symbolOf, type SymbolSet } from '../../viz/notation';
import { backwardColumn } from '../Backward/readouts';
import { showToken } from '../shared';
import { Tex } from './Tex';
import { GATES } from './terms';
import { Subscripted } from '../Subscripted';

/** Four significant digits: enough to compare with the engine, short enough to read. */
export const g4 = (v: number) => (v === 0 ? '0' : Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v));
const texNum = (v: number) => g4(v).replace(/e(-?\d+)/, '\\times 10^{$1}');
const paren = (v: number) => (v < 0 ? `(${texNum(v)})` : texNum(v));

/** How ∂L/∂o_t follows from the loss, in words and TeX, for the selected output k. */
function lossGradient(model: Model, bw: BackwardTrace, i: number): { plain: string; tex: string; k: number } {
  const O = model.config.outputSize;
  const N = bw.targetSteps;
  const act = model.config.outputActivation;
  const y = bw.trace.y!;
  const dz = bw.steps.dLogits;
  const text = model.vocabulary.length > 0;
  const target = bw.targets[i];
  const k = text && target !== null ? Math.max(0, model.vocabulary.indexOf(target)) : 0;
  const yk = y[i * O + k], dk = dz[i * O + k];
  // Numbers: the target is x_{t+1} itself, read from the trace's inputs (the written targets are rounded).
  const D = model.config.inputSize;
  const tk = text ? 1 : bw.trace.layers[0].input[(i + 1) * D + k] ?? 0;
  if (target === null) return { plain: `∂L/∂o_${i + 1} = 0: no target at the last step`, tex: `\\partial L/\\partial o_{${i + 1}} = 0`, k };
  const unit = text ? `'${showToken(target)}'` : `${k + 1}`;
  if (act === 'softmax') {
    return {
      plain: `∂L/∂o_t = (ŷ_t − e_target)/N; for the target ${unit}: (${g4(yk)} − 1)/${N} = ${g4(dk)}`,
      tex: `\\dfrac{\\partial L}{\\partial o_{t}} = \\dfrac{\\hat y_t - e_{\\text{target}}}{N},\\quad \\dfrac{${texNum(yk)} - 1}{${N}} = ${texNum(dk)}`,
      k,
    };
  }
  const count = N * O;
  const factor = act === 'sigmoid' ? '' : '2';
  const tail = act === 'tanh' ? ` · (1 − ŷ²)` : '';
  const texTail = act === 'tanh' ? `\\,(1 - \\hat y^2)` : '';
  return {
    plain: `∂L/∂o_t = ${factor}(ŷ_t − target)${tail}/(N·O); unit ${unit}: ${factor}(${g4(yk)} − ${g4(tk)})${tail}/${count} = ${g4(dk)}`,
    tex: `\\dfrac{\\partial L}{\\partial o_{t}} = \\dfrac{${factor}(\\hat y_t - y^{*}_t)${texTail}}{N O},\\quad \\dfrac{${factor}(${texNum(yk)} - ${paren(tk)})${texTail}}{${count}} = ${texNum(dk)}`,
    k,
  };
}

/** The backward equation with numbers, for backward step t (1-based) and unit j. */
export function BackwardFormula({ model, bw, t, j, symbols }: { model: Model; bw: BackwardTrace; t: number; j: number; symbols: SymbolSet }) {
  const H = model.config.hiddenSize, cell = model.config.cell;
  const i = t - 1, s = i * H + j;
  const st = bw.steps;
  const G = st.G;
  const W = symbolOf('recurrent', symbols), V = symbolOf('output', symbols), U = symbolOf('input', symbols);
  const top = bw.layer === model.config.numLayers - 1;
  const above = top ? `(${V}ᵀ·∂L/∂o_t)_j` : `from layer ${bw.layer + 2} above`;
  const fromAbove = st.fromAbove[s], fromNext = st.fromNext[s], dh = bw.grads.dh[bw.layer][s];
  const col = backwardColumn(bw, t);
  const loss = lossGradient(model, bw, i);
  const last = t === bw.T;
  const texW = W.replace(/_(\w+)/, '_{$1}'), texV = V.replace(/_(\w+)/, '_{$1}');
  const aboveTex = top ? `${texV}^{\\top} \\frac{\\partial L}{\\partial o_t}` : `\\text{(layer above)}`;
  return (
    <div className="backward-formula">
      <h2>{`Backward step t = ${t}`}</h2>
      {cell === 'rnn' ? (
        <Tex block plain={`δ_t = σ'(a_t) ⊙ (${W}ᵀ·δ_{t+1} + ${top ? `${V}ᵀ·∂L/∂o_t` : 'from above'}),  ∂L/∂h_t = ${W}ᵀ·δ_{t+1} + ${top ? `${V}ᵀ·∂L/∂o_t` : 'from above'}`}
          tex={`\\delta_t = \\sigma'(a_t) \\odot \\big(${texW}^{\\top} \\delta_{t+1} + ${aboveTex}\\big)`} />
      ) : (
        <Tex block plain={`∂L/∂h_t = (from step t+1) + ${top ? `${V}ᵀ·∂L/∂o_t` : 'from above'}`}
          tex={`\\frac{\\partial L}{\\partial h_t} = \\Big(\\frac{\\partial L}{\\partial h_t}\\Big)_{\\text{from } t+1} + ${aboveTex}`} />
      )}
      <p className="note">
        {`L is the mean over the N = ${bw.targetSteps} steps with a target, as the engine computes it; `}
        {last ? `step ${t} has no target and nothing after it, so every term here is 0.` : `at t = ${t} the target is '${showToken(col.target ?? '')}'.`}
      </p>
      {top && <p className="backward-loss-gradient"><Tex plain={loss.plain} tex={loss.tex} /></p>}
      <table className="terms" aria-label="Backward terms of the selected unit">
        <thead><tr><th scope="col">quantity</th><th scope="col">{`unit j = ${j + 1}`}</th></tr></thead>
        <tbody>
          <tr><th scope="row"><Subscripted text={above} /></th><td data-term="from-above">{g4(fromAbove)}</td></tr>
          <tr><th scope="row"><Subscripted text={cell === 'rnn' ? `(${W}ᵀ·δ_{t+1})_j` : '(from step t + 1)_j'} /></th><td data-term="from-next">{g4(fromNext)}</td></tr>
          <tr><th scope="row"><Subscripted text={`∂L/∂h_{${t},j} (sum)`} /></th><td data-term="dh">{g4(dh)}</td></tr>
          {cell === 'rnn' && <tr><th scope="row"><Subscripted text={`σ'(a_{${t},j})`} /></th><td data-term="slope">{g4(st.slope![s])}</td></tr>}
          {cell === 'rnn' && <tr><th scope="row"><Subscripted text={`δ_{${t},j}`} /></th><td data-term="delta">{g4(st.delta[i * G * H + j])}</td></tr>}
          {bw.grads.dc && <tr><th scope="row"><Subscripted text={`∂L/∂c_{${t},j}`} /></th><td data-term="dc">{g4(bw.grads.dc[bw.layer][s])}</td></tr>}
          {cell !== 'rnn' && GATES[cell].map((name, gate) => (
            <tr key={name}><th scope="row">{`δ of gate ${name}, unit j`}</th><td data-term={`delta-${name}`}>{g4(st.delta[i * G * H + gate * H + j])}</td></tr>
          ))}
        </tbody>
      </table>
      {cell === 'rnn' ? (
        <p className="sum">
          <Tex plain={`δ_${t},${j + 1} = ${g4(st.slope![s])} · (${g4(fromNext)} + ${g4(fromAbove)}) = ${g4(st.slope![s])} · ${g4(dh)} = ${g4(st.delta[i * H + j])}`}
            tex={`\\delta_{${t},${j + 1}} = ${texNum(st.slope![s])} \\cdot \\big(${texNum(fromNext)} + ${paren(fromAbove)}\\big) = ${texNum(st.slope![s])} \\cdot ${paren(dh)} = ${texNum(st.delta[i * H + j])}`} />
        </p>
      ) : (
        <p className="note">
          <Subscripted text={cell === 'lstm'
            ? `LSTM: ∂L/∂c_t = ∂L/∂h_t ⊙ o_t ⊙ (1 − tanh² c_t) + f_{t+1} ⊙ ∂L/∂c_{t+1}. The gradient reaches h_{t−1} through all four gates' blocks of ${W}, and c_{t−1} through f_t alone, with no matrix in the way: that path is why an LSTM keeps gradients over long spans.`
            : `GRU: ∂L/∂h_{t−1} gets z_t ⊙ ∂L/∂h_t directly, with no matrix in the way, plus the parts through the gates r, z and n of ${W}.`} />
          <Subscripted text={` ∂L/∂h_{${t},${j + 1}} = ${g4(fromNext)} + ${g4(fromAbove)} = ${g4(dh)}.`} />
        </p>
      )}
      <p className="note backward-pieces">
        <Subscripted text={`Step ${t} adds δ_t ⊗ h_{t−1} to ∂L/∂${W} (‖Δ${W}_{${t}}‖ = ${formatMagnitude(col.piece.recurrent)}), δ_t ⊗ x_t to ∂L/∂${U} (${formatMagnitude(col.piece.input)})`
          + (top ? ` and ∂L/∂o_t ⊗ h_t to ∂L/∂${V} (${formatMagnitude(col.piece.output)}).` : '.') + ` ${formatMagnitude(col.back)} flows on to h_{${t - 1}}.`} />
      </p>
    </div>
  );
}
