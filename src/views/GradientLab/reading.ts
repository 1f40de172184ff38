/** The lab's sentences: what a run shows, in words (also the charts' text alternatives). */
import type { LabCompareReply, LabCompareSide, LabSweepReply } from '../../store/slices/labSlice';
import { formatFactor } from '../../viz/logChart';

/** Learning rate of the SGD step whose size the clipping line reports. */
export const LAB_SGD_LR = 0.01;

/** vanishes below 1e-2, explodes above 1e2, else survives. */
export function verdictOf(factor: number): 'vanishes' | 'explodes' | 'survives' {
  return factor < 1e-2 ? 'vanishes' : factor > 1e2 ? 'explodes' : 'survives';
}

/** "The gradient from step 200 reaches step 1 multiplied by 3e-12: it vanishes." */
export function gradientReading(r: LabSweepReply): string {
  const T = r.dhNorms.length, factor = r.dhNorms[0];
  return `The gradient from step ${T} reaches step 1 multiplied by ${formatFactor(factor)}: it ${verdictOf(factor)}.`;
}

/** The first and last ‖h_t‖ and the largest. */
export function stateReading(r: LabSweepReply): string {
  const T = r.hNorms.length;
  let peak = 0;
  for (const v of r.hNorms) peak = Math.max(peak, v);
  return `‖h_t‖ goes from ${formatFactor(r.hNorms[0])} at t = 1 to ${formatFactor(r.hNorms[T - 1])} at t = ${T} (largest ${formatFactor(peak)}).`;
}

/** What clipping does to the step this gradient would cause. */
export function clipReading(r: LabSweepReply, clip: boolean): string {
  const raw = `‖∂L_T/∂θ‖ = ${formatFactor(r.gradNorm)}, so one SGD step (learning rate ${LAB_SGD_LR}) moves the weights by ${formatFactor(LAB_SGD_LR * r.gradNorm)}`;
  if (!clip) return `Clipping off: ${raw}.`;
  const clipped = r.clippedNorm < r.gradNorm;
  return clipped
    ? `Clipping on (max norm ${r.clipNorm}): the gradient is scaled from ${formatFactor(r.gradNorm)} to ${formatFactor(r.clippedNorm)}, so the step moves the weights by ${formatFactor(LAB_SGD_LR * r.clippedNorm)} in the same direction.`
    : `Clipping on (max norm ${r.clipNorm}): ${raw}; below the max norm, clipping changes nothing.`;
}

/** Text alternative of a chart of a series over t. */
export function seriesDescription(name: string, values: ArrayLike<number>): string {
  const T = values.length;
  if (T === 0) return `${name}: no data.`;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < T; i++) { lo = Math.min(lo, values[i]); hi = Math.max(hi, values[i]); }
  return `${name} over t = 1 to ${T}: ${formatFactor(values[0])} at t = 1, ${formatFactor(values[T - 1])} at t = ${T}; smallest ${formatFactor(lo)}, largest ${formatFactor(hi)}.`;
}

/** The comparison in one sentence per model. */
export function comparisonReading(c: LabCompareReply): string[] {
  const side = (s: LabCompareSide | null, name: string) => {
    if (!s) return `${name}: not trained (cancelled).`;
    const last = s.losses[s.losses.length - 1];
    const g = s.gradientFlow, factor = g[0] / g[g.length - 1];
    return `${name}: loss ${formatFactor(s.losses[0])} → ${formatFactor(last)} after ${s.losses.length} steps, ${Math.round(s.accuracy * 100)} % of echoes right`
      + `${s.diverged ? ' (stopped: the loss became NaN or infinite)' : ''}; at the start, the gradient from step ${g.length} reached step 1 multiplied by ${formatFactor(factor)}.`;
  };
  return [side(c.rnn, 'RNN'), side(c.lstm, 'LSTM')];
}
