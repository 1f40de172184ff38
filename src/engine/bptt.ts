/**
 * Backpropagation through time: exact gradients of the loss with respect to every parameter, h0, c0 and the
 * inputs, and the total ∂L/∂h_t of every step.
 */
import { cellOf, type StepGrads } from './cells';
import { EngineError } from './errors';
import { computeLoss } from './loss';
import { alloc, dtypeOf, matTvecAcc, outerAcc } from './tensor';
import type { Arr, Batch, Gradients, LayerParams, Model, Targets, Trace } from './types';
import { siteOf } from './unroll';

/** Options of a backward pass. */
export interface BpttOptions {
  /**
   * Truncation window k (truncated BPTT): the state handed from step t−1 to step t is detached whenever
   * t is a positive multiple of k, as `h = h.detach()` every k steps does in PyTorch. 0 or absent: full BPTT.
   */
  truncation?: number;
}

/** The loss and its gradients. */
export interface BpttResult {
  /** Mean loss (see loss.ts). */
  loss: number;
  /** Every gradient. */
  grads: Gradients;
}

/** Zeroed gradient twins of a model's parameters, in `like`'s dtype. */
export function zeroGradients(model: Model, like: Arr): Pick<Gradients, 'layers' | 'embedding' | 'outWeight' | 'outBias'> {
  const dt = dtypeOf(like);
  const z = (a: Arr | null) => (a ? alloc(dt, a.length) : null);
  return {
    layers: model.params.layers.map((p): LayerParams => ({
      weightIh: alloc(dt, p.weightIh.length), weightHh: alloc(dt, p.weightHh.length),
      biasIh: alloc(dt, p.biasIh.length), biasHh: alloc(dt, p.biasHh.length),
    })),
    embedding: z(model.params.embedding),
    outWeight: z(model.params.outWeight),
    outBias: z(model.params.outBias),
  };
}

/**
 * Back-propagates a loss through a trace made by `unroll(model, batch)`.
 * @example const tr = unroll(m, batch); const { loss, grads } = backpropThroughTime(m, batch, tr, targets);
 */
export function backpropThroughTime(model: Model, batch: Batch, trace: Trace, targets: Targets, options: BpttOptions = {}): BpttResult {
  const { config, params } = model;
  const { n, T, lengths } = trace;
  const H = config.hiddenSize, L = config.numLayers, O = config.outputSize;
  const k = options.truncation ?? 0;
  if (!Number.isInteger(k) || k < 0) throw new EngineError(`The truncation window must be a whole number of steps ≥ 0; got ${k}.`);
  const cell = cellOf(config.cell);
  const top = trace.layers[L - 1];
  const dt = dtypeOf(top.h);
  const { loss, dLogits } = computeLoss(model, trace, targets);
  const base = zeroGradients(model, top.h);

  // Output layer: ∂L/∂V += ∂L/∂z_t ⊗ h_t ; ∂L/∂c += ∂L/∂z_t ; ∂L/∂h_t (direct) = Vᵀ·∂L/∂z_t
  let dDirect = alloc(dt, n * T * H);
  for (let b = 0; b < n; b++) for (let t = 0; t < lengths[b]; t++) {
    const o = (b * T + t) * O, s = (b * T + t) * H;
    outerAcc(base.outWeight!, 0, O, H, dLogits, o, top.h, s);
    for (let j = 0; j < O; j++) base.outBias![j] += dLogits[o + j];
    matTvecAcc(params.outWeight!, 0, O, H, dLogits, o, dDirect, s);
  }

  const dhAll: Arr[] = new Array(L);
  const dcAll: Arr[] | null = cell.hasCellState ? new Array(L) : null;
  const dh0 = alloc(dt, L * n * H);
  const dc0 = cell.hasCellState ? alloc(dt, L * n * H) : null;
  const scratch = new Float64Array(8 * cell.gates * H + 8 * H);
  const detachedC = alloc(dt, H);
  const detachedH = alloc(dt, H);
  for (let l = L - 1; l >= 0; l--) {
    const tr = trace.layers[l];
    const D = l === 0 ? config.inputSize : H;
    // dh starts as the direct gradient and receives the recurrent part of step t+1 before step t is processed.
    const dh = dDirect;
    const dc = cell.hasCellState ? alloc(dt, n * T * H) : null;
    const dx = alloc(dt, n * T * D);
    const dp = base.layers[l];
    for (let b = 0; b < n; b++) {
      for (let t = lengths[b] - 1; t >= 0; t--) {
        const site = siteOf(model, l, tr, T, b, t);
        const cut = k > 0 && t > 0 && t % k === 0;
        const g: StepGrads = {
          dh, dc,
          dhPrev: cut ? detachedH.fill(0) : t === 0 ? dh0 : dh,
          dhPrevOff: cut ? 0 : t === 0 ? (l * n + b) * H : (b * T + t - 1) * H,
          dcPrev: cut ? detachedC.fill(0) : t === 0 ? dc0 : dc,
          dcPrevOff: cut ? 0 : t === 0 ? (l * n + b) * H : (b * T + t - 1) * H,
          dx, dp, bias: config.bias, scratch,
        };
        cell.backward(site, g);
      }
    }
    dhAll[l] = dh;
    if (dcAll) dcAll[l] = dc!;
    dDirect = dx;
  }
  const dxIn = dDirect;
  if (base.embedding) {
    // ∂L/∂E[token] += ∂L/∂x_t: the embedding is a row lookup.
    const Dm = config.inputSize;
    const tok = batch.tokens!;
    for (let b = 0; b < n; b++) for (let t = 0; t < lengths[b]; t++) {
      const id = tok[b * T + t], o = (b * T + t) * Dm;
      for (let j = 0; j < Dm; j++) base.embedding[id * Dm + j] += dxIn[o + j];
    }
  }
  if (!config.bias) for (const g of base.layers) { g.biasIh.fill(0); g.biasHh.fill(0); }
  return { loss, grads: { ...base, h0: dh0, c0: dc0, x: dxIn, dh: dhAll, dc: dcAll } };
}
