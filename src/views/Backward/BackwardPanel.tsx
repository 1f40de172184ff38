/**
 * Backpropagation through time, step by step: the "Backward mode" toggle, the backward cursor (buttons, slider
 * and keys), a sentence on the current step, the loss and its normalisation, and the gradient-flow chart.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore';
import { symbolOf } from '../../viz/notation';
import { formatMagnitude } from '../../viz/format';
import { showToken } from '../shared';
import { BackwardTable } from './BackwardTable';
import { GradientFlowChart } from './GradientFlowChart';
import { backwardColumn } from './readouts';

/** Keys the panel handles while focus is inside it (the app's own stepping keys act everywhere else). */
const KEYS = '← or PageUp: step back in time · → or PageDown: step forward in time · Home: t = T · End: t = 1';

/** The backward panel. */
export function BackwardPanel() {
  const s = useAppStore(useShallow((st) => ({
    on: st.backwardOn, bw: st.backward, t: st.backwardStep, busy: st.backwardBusy, error: st.backwardError,
    model: st.model, tokens: st.tokens, symbols: st.notation.symbols,
  })));
  const store = useAppStoreApi();
  const setMode = useAppStore((st) => st.setBackwardMode);
  const to = useAppStore((st) => st.backwardTo);
  const back = useAppStore((st) => st.backwardStepBack);
  const forward = useAppStore((st) => st.backwardStepForward);
  // A new trace (input, model or h₀ changed), another line or another layer: back-propagate again.
  useEffect(() => store.subscribe((st, prev) => {
    const changed = st.backwardOn !== prev.backwardOn || st.batchTrace !== prev.batchTrace || st.sample !== prev.sample || st.layer !== prev.layer;
    if (st.backwardOn && changed) void st.refreshBackward();
  }), [store]);

  const { on, bw, t } = s;
  const T = bw?.T ?? 0;
  const ready = on && bw !== null && T === s.tokens.length;
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!ready || e.altKey || e.ctrlKey || e.metaKey) return;
    const act: Record<string, () => void> = {
      ArrowLeft: back, PageUp: back, ArrowRight: forward, PageDown: forward, Home: () => to(T), End: () => to(1),
    };
    const f = act[e.key];
    if (!f) return;
    // Handled here, so the app's forward-stepping keys leave this key press alone.
    e.preventDefault();
    f();
  };
  const sym = (r: 'input' | 'recurrent' | 'output') => symbolOf(r, s.symbols);
  const col = ready ? backwardColumn(bw, t) : null;
  const lossNote = ready && bw
    ? `L = ${bw.loss.toFixed(4)}: the mean ${s.model?.config.outputActivation === 'softmax' ? 'cross-entropy' : s.model?.config.outputActivation === 'sigmoid' ? 'binary cross-entropy' : 'squared error'} over the N = ${bw.targetSteps} steps that have a next ${s.model?.vocabulary.length ? 'character' : 'value'} to predict, as the model was trained (so ∂L/∂o_t carries a factor 1/N). `
      + (bw.lastStep === 'ignore-index'
        ? `The last step, t = ${T}, has nothing after it: its target is PyTorch's ignore_index −100, so it adds nothing to L.`
        : `The last step, t = ${T}, has nothing after it: it is left out of the loss (the sequence length given to the loss is ${T - 1}).`)
      + (bw.layer < (s.model?.config.numLayers ?? 1) - 1 ? ` Shown: layer ${bw.layer + 1}; its h_t gets its gradient from layer ${bw.layer + 2} above.` : '')
    : '';
  const narration = col && bw
    ? `Backward step t = ${t} of ${T}, input '${showToken(s.tokens[t - 1])}', ${col.hasTarget ? `target '${showToken(col.target ?? '')}'` : 'no target'}: `
      + `‖∂L/∂o_${t}‖ = ${formatMagnitude(col.dOut)} enters at the output; ‖∂L/∂h_${t}‖ = ${formatMagnitude(col.dh)} `
      + `(${formatMagnitude(col.fromAbove)} from above, ${formatMagnitude(col.fromNext)} from step ${t + 1}); `
      + `${formatMagnitude(col.back)} flows back to h_${t - 1}. Running sums: ‖∂L/∂${sym('input')}‖ ${formatMagnitude(col.partial.input)}, `
      + `‖∂L/∂${sym('recurrent')}‖ ${formatMagnitude(col.partial.recurrent)}, ‖∂L/∂${sym('output')}‖ ${formatMagnitude(col.partial.output)}.`
    : on ? (s.busy ? 'Back-propagating…' : '') : 'Backward mode is off: turn it on to send the loss back through the unrolled network, one step at a time.';

  return (
    <div className="backward">
      <p className="note">
        Backward mode runs the shown line forward to t = T, computes the loss of predicting each next {s.model?.vocabulary.length === 0 ? 'value' : 'character'},
        then walks back from t = T to t = 1: at each step ∂L/∂o_t enters at the top of column t, ∂L/∂h_t flows left along the {sym('recurrent')} edges,
        and the step adds its piece to the gradients of the shared {sym('input')}, {sym('recurrent')} and {sym('output')}.
      </p>
      <div className="backward-controls" role="group" aria-label="Backward">
        <label className="backward-toggle">
          <input type="checkbox" checked={on} onChange={(e) => void setMode(e.currentTarget.checked)} onKeyDown={onKeyDown} />
          Backward mode
        </label>
        {/* aria-disabled, not disabled, at the ends: a disabled button would drop the focus, and the keys with it. */}
        <button type="button" onClick={back} onKeyDown={onKeyDown} disabled={!ready} aria-disabled={ready && t <= 1}><span aria-hidden="true">◀ </span>Step back in time</button>
        <button type="button" onClick={forward} onKeyDown={onKeyDown} disabled={!ready} aria-disabled={ready && t >= T}>Step forward in time<span aria-hidden="true"> ▶</span></button>
        <label className="slider">
          <span>Backward step</span>
          <input
            type="range" min={1} max={Math.max(T, 1)} step={1} value={ready ? t : 1} disabled={!ready}
            aria-label="Backward step" aria-valuetext={ready ? `t = ${t} of ${T}` : 'no backward pass'}
            onChange={(e) => to(Number(e.currentTarget.value))}
          />
          <output aria-hidden="true">{ready ? `t = ${t}/${T}` : '–'}</output>
        </label>
        <p className="note backward-keys">Keys in this panel: {KEYS}.</p>
      </div>
      <p className="backward-narration" aria-live="polite">{narration}</p>
      {on && s.error && <p className="error" role="alert">{s.error}</p>}
      {ready && bw && (
        <>
          <p className="note backward-loss">{lossNote}</p>
          <GradientFlowChart bw={bw} t={t} cell={s.model?.config.cell ?? 'rnn'} />
          <BackwardTable bw={bw} t={t} symbols={s.symbols} />
        </>
      )}
    </div>
  );
}
