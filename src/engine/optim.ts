/**
 * Optimizers and gradient clipping, in PyTorch's update rules (torch.optim.SGD, torch.optim.Adam,
 * torch.nn.utils.clip_grad_norm_). State is plain data so it can be saved and replayed.
 */
import { EngineError } from './errors';
import { namedGrads, namedParams } from './named';
import type { Gradients, Model } from './types';

/** Optimizer settings. */
export type OptimizerConfig =
  | { kind: 'sgd'; lr: number; momentum?: number; nesterov?: boolean; weightDecay?: number }
  | { kind: 'adam'; lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number };

/** Per-parameter optimizer state (momentum buffers, Adam moments), keyed by canonical name. */
export interface OptimizerState {
  /** Steps taken. */
  step: number;
  /** SGD momentum buffer or Adam first moment, per parameter. */
  m: Record<string, Float64Array>;
  /** Adam second moment, per parameter. */
  v: Record<string, Float64Array>;
}

/** A fresh optimizer state. */
export function createOptimizerState(): OptimizerState {
  return { step: 0, m: {}, v: {} };
}

/** Global L2 norm of every parameter gradient. */
export function gradNorm(model: Model, g: Gradients): number {
  let s = 0;
  for (const t of namedGrads(model, g)) for (let i = 0; i < t.data.length; i++) s += t.data[i] * t.data[i];
  return Math.sqrt(s);
}

/**
 * Scales every parameter gradient by min(1, maxNorm / (‖g‖ + 1e-6)), as clip_grad_norm_.
 * @returns the norm before clipping.
 */
export function clipGradNorm(model: Model, g: Gradients, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new EngineError(`The clipping norm must be positive; got ${maxNorm}.`);
  const total = gradNorm(model, g);
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) for (const t of namedGrads(model, g)) for (let i = 0; i < t.data.length; i++) t.data[i] *= coef;
  return total;
}

/** Applies one optimizer step to the model's parameters in place. */
export function applyGradients(model: Model, g: Gradients, opt: OptimizerConfig, state: OptimizerState): void {
  if (!(opt.lr > 0) || !Number.isFinite(opt.lr)) throw new EngineError(`The learning rate must be a positive number; got ${opt.lr}.`);
  state.step += 1;
  const grads = namedGrads(model, g);
  namedParams(model).forEach((p, idx) => {
    const d = grads[idx].data;
    const wd = opt.weightDecay ?? 0;
    const m = (state.m[p.name] ??= new Float64Array(p.data.length));
    if (opt.kind === 'sgd') {
      const mu = opt.momentum ?? 0;
      for (let i = 0; i < d.length; i++) {
        const gi = d[i] + wd * p.data[i];
        // buf = μ·buf + g (the first step sets buf = g) ; p −= lr·(nesterov ? g + μ·buf : buf)
        let step = gi;
        if (mu !== 0) {
          m[i] = state.step === 1 ? gi : mu * m[i] + gi;
          step = opt.nesterov ? gi + mu * m[i] : m[i];
        }
        p.data[i] -= opt.lr * step;
      }
      return;
    }
    const b1 = opt.beta1 ?? 0.9, b2 = opt.beta2 ?? 0.999, eps = opt.eps ?? 1e-8;
    const v = (state.v[p.name] ??= new Float64Array(p.data.length));
    const bc1 = 1 - b1 ** state.step, bc2 = 1 - b2 ** state.step;
    for (let i = 0; i < d.length; i++) {
      const gi = d[i] + wd * p.data[i];
      // m = β1·m + (1 − β1)·g ; v = β2·v + (1 − β2)·g² ; p −= (lr / bc1)·m / (√v / √bc2 + ε)
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      p.data[i] -= (opt.lr / bc1) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
    }
  });
}
