/**
 * The update rule with the live numbers of the selected unit j at the current step, term by term, then the
 * output; a symbol table with every shape underneath. Hovering a symbol highlights it in the drawings.
 */
import { Suspense } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AppState } from '../../store/types';
import { useAppStore } from '../../store/useAppStore';
import { cellStateRow, meaningOf, outputRule, shapeOf, symbolOf, updateRule, type Role } from '../../viz/notation';
import { argmax, hAt, h0Of, yAt } from '../readouts';
import { lazyPanel } from '../lazyPanel';
import { showToken } from '../shared';
import { Tex } from './Tex';
import { termLines } from './terms';
import { Subscripted } from '../Subscripted';
import { useDeferredStep, useDeferredStore } from '../useDeferredStep';

// The backward equation loads when backward mode is first used.
const BackwardFormula = lazyPanel(() => import('./BackwardFormula').then((m) => m.BackwardFormula));

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : String(v));
const texSym = (s: string) => s.replace(/_(\w+)/, '_{$1}');

/** What the formula shows, read in a transition. */
const selectFormula = (s: AppState) => ({ trace: s.trace, model: s.model, tokens: s.tokens, layer: s.layer, notation: s.notation });

/** The formula panel. */
export function FormulaPanel() {
  // The trace and model follow in a transition (a training chunk redraws the stepping views first); the unit is the
  // panel's own number field, so it stays in step with its events.
  const { trace, model, tokens, layer, notation } = useDeferredStore(selectFormula);
  const unit = useAppStore((s) => s.selectedUnit);
  // One render behind a key press (useDeferredStep), never past the input.
  const step = Math.min(useDeferredStep(), tokens.length);
  const { backwardOn, bw, bt } = useAppStore(useShallow((s) => ({
    backwardOn: s.backwardOn && !s.hiddenPanels.includes('backward'), bw: s.backward, bt: s.backwardStep,
  })));
  const hoverRole = useAppStore((s) => s.hoverRole);
  const hovered = useAppStore((s) => s.hoveredRole);
  const selectUnit = useAppStore((s) => s.selectUnit);
  if (!model) return <section aria-label="Formula" className="formula"><p>Loading the model…</p></section>;
  const { symbols, form } = notation;
  const sym = (r: Role) => symbolOf(r, symbols);
  const H = model.config.hiddenSize, D = model.config.inputSize, O = model.config.outputSize;
  const j = unit, t = step;
  const cell = model.config.cell;
  const rule = updateRule(symbols, form);
  const lines = trace && t > 0 ? termLines(model, trace, layer, t - 1, j) : [];
  const hPrev = t <= 1 ? h0Of(trace, model, layer) : hAt(trace, model, layer, t - 2);
  const y = t > 0 ? yAt(trace, model, t - 1) : null;
  const k = y ? argmax(y) : -1;
  const roles: Role[] = ['input', 'recurrent', 'hiddenBias', 'output', 'outputBias'];
  // Backward mode: the backward equation of the backward cursor's step comes first, once its pass matches the input.
  const backward = backwardOn && bw && bw.T === tokens.length && bt >= 1 && bw.layer === layer ? bw : null;
  return (
    <section aria-label="Formula" className="formula">
      {backward && <Suspense fallback={<p className="note" aria-busy="true">Loading…</p>}><BackwardFormula model={model} bw={backward} t={bt} j={j} symbols={symbols} /></Suspense>}
      <h2>Update rule</h2>
      {cell === 'rnn'
        ? <Tex block plain={rule} tex={rule.replace(/·/g, '\\cdot ').replace(/σ/g, '\\sigma').replace(/−/g, '-').replace(/W_xh|W_hh|W_hy|b_h|b_y/g, texSym).replace(/ᵀ/g, '^\\top')} />
        : <GatedRule cell={cell} resetAfter={model.config.gruResetAfter} />}
      <p className="unit-picker">
        <label>Unit j{' '}
          <input type="number" aria-label="Selected unit" min={1} max={H} value={j + 1} onChange={(e) => selectUnit(Number(e.currentTarget.value) - 1)} />
        </label>{' '}
        {t === 0 ? <span>Step forward to see the numbers of step 1.</span> : <span><Subscripted text={`step t = ${t}, input '${showToken(tokens[t - 1])}', h_{t−1,j} = ${hPrev ? f(hPrev[j]) : '0'}`} /></span>}
      </p>
      {lines.length > 0 && (
        <table className="terms" aria-label="Terms of the selected unit">
          <thead><tr>
            <th scope="col">gate</th>
            <th scope="col"><Subscripted text={`(${sym('input')}·x_t)_j`} /></th>
            <th scope="col"><Subscripted text={`(${sym('recurrent')}·h_{t−1})_j`} /></th>
            <th scope="col"><Subscripted text={`${sym('hiddenBias')}_j`} /></th>
            <th scope="col">pre-activation</th>
            <th scope="col">value</th>
          </tr></thead>
          <tbody>
            {lines.map((ln) => (
              <tr key={ln.name}>
                <th scope="row"><Subscripted text={cell === 'rnn' ? `h_{${t},${j + 1}}` : `${ln.name}_{${j + 1}}`} /></th>
                <td data-term="input">{f(ln.input)}</td><td data-term="recurrent">{f(ln.recurrent)}</td><td data-term="bias">{f(ln.bias)}</td>
                <td data-term="pre">{f(ln.pre)}</td><td data-term="value">{f(ln.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lines.length > 0 && cell === 'rnn' && (
        <p className="sum">
          <Tex plain={`${f(lines[0].input)} + ${f(lines[0].recurrent)} + ${f(lines[0].bias)} = ${f(lines[0].pre)}; ${model.config.nonlinearity}(${f(lines[0].pre)}) = ${f(lines[0].value)}`}
            tex={`${f(lines[0].input)} + (${f(lines[0].recurrent)}) + (${f(lines[0].bias)}) = ${f(lines[0].pre)},\\quad \\mathrm{${model.config.nonlinearity}}(${f(lines[0].pre)}) = ${f(lines[0].value)}`} />
        </p>
      )}
      {O > 0 && (
        <p>{outputRule(symbols, form)}{y && (model.vocabulary.length
          ? ` → predicts '${showToken(model.vocabulary[k])}' with ${model.config.outputActivation === 'softmax' ? 'probability' : 'value'} ${f(y[k])}`
          : ` → y_${t} = ${Array.from(y, (v) => f(v)).join(', ')}${O === 1 ? ' (the forecast of the next value)' : ''}`)}</p>
      )}
      <table className="symbols" aria-label="Symbols">
        <caption>{`Shapes for a batch of n sequences (${form === 'column' ? 'column vectors' : 'row vectors'})`}</caption>
        <thead><tr><th scope="col">symbol</th><th scope="col">meaning</th><th scope="col">shape</th></tr></thead>
        <tbody>
          {roles.map((r) => (
            <tr key={r} tabIndex={0} className={hovered === r ? 'hovered' : undefined} onMouseEnter={() => hoverRole(r)} onMouseLeave={() => hoverRole(null)} onFocus={() => hoverRole(r)} onBlur={() => hoverRole(null)}>
              <th scope="row">{sym(r)}</th><td>{meaningOf(r)}</td><td>{shapeOf(r, form, { D, H, O, G: cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1 })}</td>
            </tr>
          ))}
          <tr><th scope="row">{form === 'column' ? 'x_t' : 'X_t'}</th><td>input at step t</td><td>{form === 'column' ? `${D}` : `n×${D}`}</td></tr>
          <tr><th scope="row">{form === 'column' ? 'h_t' : 'H_t'}</th><td>hidden state at step t</td><td>{form === 'column' ? `${H}` : `n×${H}`}</td></tr>
          {cell === 'lstm' && (() => {
            const c = cellStateRow(form, H, symbols);
            return <tr><th scope="row">{c.symbol}</th><td>{c.meaning}</td><td>{c.shape}</td></tr>;
          })()}
        </tbody>
      </table>
    </section>
  );
}

/** The equations of a gated cell in PyTorch's gate order, typeset. */
function GatedRule({ cell, resetAfter }: { cell: 'lstm' | 'gru'; resetAfter: boolean }) {
  if (cell === 'lstm') {
    return (
      <>
        <p className="note"><Subscripted text={'LSTM, PyTorch\'s gate order i, f, g, o; each gate reads W_i·x_t + W_h·h_{t−1} + b.'} /></p>
        <Tex block plain="i, f, o = σ(·), g = tanh(·); c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t)"
          tex={'\\begin{aligned} i,f,o &= \\sigma(W_{i\\cdot}x_t + W_{h\\cdot}h_{t-1} + b_\\cdot),\\quad g = \\tanh(W_{ig}x_t + W_{hg}h_{t-1} + b_g)\\\\ c_t &= f \\odot c_{t-1} + i \\odot g,\\qquad h_t = o \\odot \\tanh(c_t) \\end{aligned}'} />
      </>
    );
  }
  const n = resetAfter ? 'n = \\tanh(W_{in}x_t + b_{in} + r \\odot (W_{hn}h_{t-1} + b_{hn}))' : 'n = \\tanh(W_{in}x_t + b_{in} + W_{hn}(r \\odot h_{t-1}) + b_{hn})';
  return (
    <>
      <p className="note">{`GRU, PyTorch's gate order r, z, n${resetAfter ? '' : ' (reset applied before W_hn, as Keras reset_after = false)'}.`}</p>
      <Tex block plain={`r, z = σ(·); ${resetAfter ? 'n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn))' : 'n = tanh(W_in·x + b_in + W_hn·(r ⊙ h) + b_hn)'}; h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}`}
        tex={`\\begin{aligned} r, z &= \\sigma(W_{i\\cdot}x_t + b_{i\\cdot} + W_{h\\cdot}h_{t-1} + b_{h\\cdot}),\\quad ${n} \\\\ h_t &= (1 - z) \\odot n + z \\odot h_{t-1} \\end{aligned}`} />
    </>
  );
}
