/** Read-outs of the trace the views share: slicing typed arrays by (t, unit), no arithmetic beyond indexing. */
import type { Model, Trace } from '../engine/types';
import { divergingColor, symmetricMax, type ColorFn } from '../viz/scales';

/** h_t (0-based step index) of layer l, sample 0, or null. */
export function hAt(trace: Trace | null, model: Model | null, l: number, t: number): Float32Array | Float64Array | null {
  if (!trace || !model || t < 0 || t >= trace.T) return null;
  const H = model.config.hiddenSize;
  return trace.layers[l].h.subarray(t * H, (t + 1) * H);
}

/** h_0 of layer l, sample 0. */
export function h0Of(trace: Trace | null, model: Model | null, l: number): Float32Array | Float64Array | null {
  if (!trace || !model) return null;
  const H = model.config.hiddenSize;
  return trace.layers[l].h0.subarray(0, H);
}

/** y_t of sample 0, or null. */
export function yAt(trace: Trace | null, model: Model | null, t: number): Float32Array | Float64Array | null {
  if (!trace?.y || !model || t < 0 || t >= trace.T) return null;
  const O = model.config.outputSize;
  return trace.y.subarray(t * O, (t + 1) * O);
}

/** Index of the largest entry. */
export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

/** The diverging colour scale of hidden states: [−1, 1] for bounded σ, else the largest |h| in the trace. */
export function stateColor(trace: Trace | null, model: Model | null, l: number): { color: ColorFn; max: number } {
  const bounded = !model || model.config.cell !== 'rnn' || model.config.nonlinearity === 'tanh' || model.config.nonlinearity === 'sigmoid';
  const max = bounded || !trace ? 1 : symmetricMax(trace.layers[l].h);
  return { color: divergingColor(max), max };
}

/** What y_t says, short: the predicted token and its probability (softmax over a vocabulary), else its first value. */
export function outputLabel(model: Model | null, y: ArrayLike<number> | null): string {
  if (!model || !y || y.length === 0) return '';
  if (model.config.outputActivation === 'softmax' && model.vocabulary.length) {
    const k = argmax(y);
    const tok = model.vocabulary[k];
    return `${tok === ' ' ? '␣' : tok} ${(y[k] * 100).toFixed(0)}%`;
  }
  if (y.length === 1) return `${y[0] >= 0 ? '' : '−'}${Math.abs(y[0]).toFixed(2)}`;
  return `${Number(y[0].toFixed(2))}, …`;
}
