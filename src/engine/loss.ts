/**
 * Losses as PyTorch computes them with reduction = 'mean', over the valid steps of every sequence:
 *  - softmax output: cross-entropy of the logits (nn.CrossEntropyLoss), averaged over the valid (b, t) steps;
 *    a target of -100 is ignored, as PyTorch's ignore_index.
 *  - sigmoid output: binary cross-entropy of y (nn.BCELoss, log clamped at −100), averaged over valid elements.
 *  - tanh or identity output: mean squared error of y (nn.MSELoss), averaged over valid elements.
 */
import { EngineError } from './errors';
import { alloc, dtypeOf } from './tensor';
import type { Arr, Model, Targets, Trace } from './types';

import { IGNORE_INDEX } from './gates';

export { IGNORE_INDEX };

/** The loss value and ∂L/∂logits, [n, T, O]. */
export interface LossResult {
  /** The mean loss. */
  loss: number;
  /** ∂L/∂logits, [n, T, O]; zero past each sequence's end. */
  dLogits: Arr;
}

/** Which loss a model's output activation implies. */
export function lossKindOf(model: Model): 'cross-entropy' | 'binary-cross-entropy' | 'mse' {
  const a = model.config.outputActivation;
  return a === 'softmax' ? 'cross-entropy' : a === 'sigmoid' ? 'binary-cross-entropy' : 'mse';
}

/** Computes the loss of a trace against targets, and its gradient with respect to the logits. */
export function computeLoss(model: Model, trace: Trace, targets: Targets): LossResult {
  const O = model.config.outputSize;
  if (O === 0 || !trace.logits || !trace.y) throw new EngineError('This model has no output layer, so it has no loss.');
  const { n, T, lengths } = trace;
  const logits = trace.logits, y = trace.y;
  const dLogits = alloc(dtypeOf(logits), n * T * O);
  const kind = lossKindOf(model);
  if (kind === 'cross-entropy') {
    if (targets.kind !== 'classes' || targets.classes.length !== n * T) throw new EngineError(`A softmax output needs class targets of shape [${n}, ${T}].`);
    let count = 0;
    for (let b = 0; b < n; b++) for (let t = 0; t < lengths[b]; t++) {
      const c = targets.classes[b * T + t];
      if (c === IGNORE_INDEX) continue;
      if (!(c >= 0 && c < O)) throw new EngineError(`Target class ${c} at sample ${b}, step ${t} is outside 0..${O - 1}.`);
      count++;
    }
    if (count === 0) throw new EngineError('Every target is ignored: there is nothing to learn from.');
    let loss = 0;
    for (let b = 0; b < n; b++) for (let t = 0; t < lengths[b]; t++) {
      const c = targets.classes[b * T + t];
      if (c === IGNORE_INDEX) continue;
      const o = (b * T + t) * O;
      // −log softmax(z)_c = logsumexp(z) − z_c, with the max subtracted for stability
      let m = -Infinity;
      for (let k = 0; k < O; k++) m = Math.max(m, logits[o + k]);
      let s = 0;
      for (let k = 0; k < O; k++) s += Math.exp(logits[o + k] - m);
      loss += m + Math.log(s) - logits[o + c];
      // ∂/∂z_k = (softmax(z)_k − [k = c]) / N
      for (let k = 0; k < O; k++) dLogits[o + k] = (Math.exp(logits[o + k] - m) / s - (k === c ? 1 : 0)) / count;
    }
    return { loss: loss / count, dLogits };
  }
  if (targets.kind !== 'values' || targets.values.length !== n * T * O) throw new EngineError(`This output needs target values of shape [${n}, ${T}, ${O}].`);
  let count = 0;
  for (let b = 0; b < n; b++) count += lengths[b] * O;
  let loss = 0;
  for (let b = 0; b < n; b++) for (let t = 0; t < lengths[b]; t++) for (let k = 0; k < O; k++) {
    const i = (b * T + t) * O + k;
    const yi = y[i], ti = targets.values[i];
    if (!Number.isFinite(ti)) throw new EngineError(`Target value at sample ${b}, step ${t}, unit ${k} is not a finite number.`);
    if (kind === 'binary-cross-entropy') {
      if (ti < 0 || ti > 1) throw new EngineError(`A sigmoid output needs targets in [0, 1]; got ${ti}.`);
      loss -= ti * Math.max(Math.log(yi), -100) + (1 - ti) * Math.max(Math.log(1 - yi), -100);
      // PyTorch: ∂L/∂y = (y − t) / max(y(1 − y), 1e-12); σ'(z) = y(1 − y)
      const s = yi * (1 - yi);
      dLogits[i] = ((yi - ti) / Math.max(s, 1e-12)) * s / count;
    } else {
      const e = yi - ti;
      loss += e * e;
      const dy = (2 * e) / count;
      dLogits[i] = model.config.outputActivation === 'tanh' ? dy * (1 - yi * yi) : dy;
    }
  }
  return { loss: loss / count, dLogits };
}
