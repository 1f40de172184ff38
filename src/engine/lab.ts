/**
 * The vanishing/exploding gradient lab: a one-layer copy of a model with its recurrent weight rescaled to a chosen
 * spectral radius, run over a seeded random sequence, and how a gradient born at the last step travels back.
 *
 * The loss is on the last step only: L_T = u·h_T, with u a fixed unit vector (seeded). So ∂L_T/∂h_T = u has norm 1,
 * and ‖∂L_T/∂h_t‖ = ‖(J_{t+1}ᵀ ⋯ J_Tᵀ)·u‖ (J_t the step Jacobian, of the full state (h, c) for an LSTM) is exactly
 * the factor by which a unit gradient at step T is multiplied on its way back to step t.
 */
import { cellOf } from './cells';
import { EngineError } from './errors';
import { initModel } from './init';
import { createRng } from './random';
import { LAB_LIMITS } from './gates';
import { blockSpectralRadii, rescaleSpectralRadius } from './spectral';
import type { Arr, Batch, CellKind, LayerParams, Model, Nonlinearity, Trace } from './types';
import { siteOf, unroll } from './unroll';

/** The lab's knobs. */
export interface LabKnobs {
  /** Cell kind of the copy. */
  cell: CellKind;
  /** σ of an RNN copy (ignored by LSTM and GRU). */
  nonlinearity: Nonlinearity;
  /** ρ: spectral radius given to every H×H gate block of W_hh, SPECTRAL_RADIUS_RANGE. */
  rho: number;
  /** T: steps of the random input sequence, LAB_LIMITS.steps. */
  steps: number;
  /** Seed of the input sequence, of u, and of fresh weights when the cell kind differs from the model's. */
  seed: number;
}

export { LAB_LIMITS };

/** Checks the knobs; throws an EngineError naming the first bad one. */
export function validateKnobs(k: LabKnobs): void {
  if (!['rnn', 'lstm', 'gru'].includes(k.cell)) throw new EngineError(`Unknown cell type "${k.cell}".`);
  if (!['tanh', 'relu', 'sigmoid', 'identity'].includes(k.nonlinearity)) throw new EngineError(`Unknown activation "${k.nonlinearity}".`);
  const { rho, steps } = LAB_LIMITS;
  if (!(k.rho >= rho.min && k.rho <= rho.max)) throw new EngineError(`The spectral radius must be between ${rho.min} and ${rho.max}; got ${k.rho}.`);
  if (!Number.isInteger(k.steps) || k.steps < steps.min || k.steps > steps.max) throw new EngineError(`The sequence length must be a whole number from ${steps.min} to ${steps.max}; got ${k.steps}.`);
  if (!Number.isFinite(k.seed)) throw new EngineError(`The seed must be a number; got ${k.seed}.`);
}

/**
 * The lab's copy of a model: layer 0 only, no embedding and no output layer, float64, W_hh rescaled to ρ per gate
 * block. Its weights are the model's when the cell kind matches, else fresh seeded ones ('pytorch' scheme) of the
 * same sizes (an RNN's weights do not fit an LSTM). `base` is never modified.
 */
export function labModel(base: Model, k: LabKnobs): Model {
  validateKnobs(k);
  const c = base.config;
  const config = { ...c, cell: k.cell, nonlinearity: k.nonlinearity, numLayers: 1, embeddingSize: 0, outputSize: 0 };
  const fresh = initModel(config, { seed: k.seed, dtype: 'float64' });
  const p = fresh.params.layers[0];
  if (k.cell === c.cell) {
    const q = base.params.layers[0];
    p.weightIh.set(q.weightIh); p.weightHh.set(q.weightHh); p.biasIh.set(q.biasIh); p.biasHh.set(q.biasHh);
  }
  p.weightHh = rescaleSpectralRadius(p.weightHh, c.hiddenSize, k.rho);
  return fresh;
}

/**
 * One seeded input sequence for the lab copy of `base`: random tokens through the model's embedding when it has
 * one (the vectors its layer 0 really sees), else x_t ~ N(0, 1). Batch of n = 1, h0 = 0.
 */
export function labBatch(base: Model, steps: number, seed: number): Batch {
  const D = base.config.inputSize;
  const rng = createRng(seed);
  const x = new Float64Array(steps * D);
  const E = base.params.embedding;
  if (E && base.config.embeddingSize > 0) {
    for (let t = 0; t < steps; t++) {
      const id = Math.floor(rng.uniform() * base.config.embeddingSize);
      for (let j = 0; j < D; j++) x[t * D + j] = E[id * D + j];
    }
  } else {
    for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  }
  return { n: 1, T: steps, x, tokens: null, lengths: null, h0: null, c0: null };
}

/** The readout u of L_T = u·h_T: a seeded unit vector of size H. */
export function readoutVector(H: number, seed: number): Float64Array {
  // A stream apart from the input's (seed + 1), so u does not repeat x_1.
  const rng = createRng(seed + 1);
  const u = Float64Array.from({ length: H }, () => rng.normal());
  const n = Math.hypot(...u) || 1;
  return u.map((v) => v / n);
}

/** Gradients of a loss that depends on the last step only. */
export interface LastStepGradients {
  /** ∂L_T/∂h_t (total), [T, H]. */
  dh: Float64Array;
  /** ∂L_T/∂c_t (LSTM), [T, H], else null. */
  dc: Float64Array | null;
  /** ∂L_T/∂θ of layer 0's weights and biases. */
  dp: LayerParams;
}

/**
 * Back-propagates ∂L/∂h_T = dhT (and ∂L/∂c_T = 0) of sample 0 through layer 0 of a one-layer trace: exactly what
 * backpropThroughTime does for a loss on the last step only, without an output layer.
 */
export function backpropFromLastStep(model: Model, trace: Trace, dhT: ArrayLike<number>): LastStepGradients {
  const H = model.config.hiddenSize, T = trace.lengths[0];
  const cell = cellOf(model.config.cell);
  if (dhT.length !== H) throw new EngineError(`∂L/∂h_T must have ${H} entries; got ${dhT.length}.`);
  const tr = trace.layers[0];
  const D = model.config.inputSize;
  // Arrays span the trace's T (siteOf offsets use it); only sample 0's first `lengths[0]` steps are used.
  const dh = new Float64Array(trace.T * H), dc = cell.hasCellState ? new Float64Array(trace.T * H) : null;
  dh.set(Array.from(dhT), (T - 1) * H);
  const p = model.params.layers[0];
  const z = (a: Arr) => new Float64Array(a.length);
  const dp: LayerParams = { weightIh: z(p.weightIh), weightHh: z(p.weightHh), biasIh: z(p.biasIh), biasHh: z(p.biasHh) };
  const dh0 = new Float64Array(H), dc0 = new Float64Array(H);
  const dx = new Float64Array(trace.T * D);
  const scratch = new Float64Array(8 * cell.gates * H + 8 * H);
  for (let t = T - 1; t >= 0; t--) {
    // ∂L/∂(h, c)_{t−1} += J_tᵀ·∂L/∂(h, c)_t, and ∂L/∂θ += the local terms of step t (cell.backward).
    cell.backward(siteOf(model, 0, tr, trace.T, 0, t), {
      dh, dc, dx, dp, bias: model.config.bias, scratch,
      dhPrev: t === 0 ? dh0 : dh, dhPrevOff: t === 0 ? 0 : (t - 1) * H,
      dcPrev: t === 0 ? dc0 : dc, dcPrevOff: t === 0 ? 0 : (t - 1) * H,
    });
  }
  return { dh: dh.slice(0, T * H), dc: dc ? dc.slice(0, T * H) : null, dp };
}

/** What the lab shows for one setting of the knobs. */
export interface GradientFlow {
  /** ‖h_t‖ for t = 1..T, [T]. */
  hNorms: Float64Array;
  /** ‖∂L_T/∂h_t‖ for t = 1..T, [T]; the last entry is 1. */
  dhNorms: Float64Array;
  /** ‖∂L_T/∂c_t‖ (LSTM), [T], else null. */
  dcNorms: Float64Array | null;
  /** L_T = u·h_T. */
  loss: number;
  /** Global L2 norm of ∂L_T/∂θ over W_ih, W_hh, b_ih, b_hh, before clipping. */
  gradNorm: number;
  /** Spectral radius of each gate block of the rescaled W_hh, as measured afterwards. */
  radii: number[];
  /**
   * The first step (1-based) where h_t or a gradient is NaN or ±Infinity, and which, or null when all are finite.
   * Norms past it are not meaningful.
   */
  nonFinite: { step: number; what: 'state' | 'gradient' } | null;
}

/** Runs the lab for one setting: copy, rescale, forward over the seeded sequence, backward from L_T = u·h_T. */
export function gradientFlow(base: Model, k: LabKnobs): GradientFlow {
  const model = labModel(base, k);
  const H = model.config.hiddenSize, T = k.steps;
  const batch = labBatch(base, T, k.seed);
  const trace = unroll(model, batch, { dtype: 'float64' });
  const u = readoutVector(H, k.seed);
  const h = trace.layers[0].h;
  let loss = 0;
  for (let j = 0; j < H; j++) loss += u[j] * h[(T - 1) * H + j];
  const g = backpropFromLastStep(model, trace, u);
  const rowNorms = (a: Float64Array) => Float64Array.from({ length: T }, (_, t) => safeNorm(a.subarray(t * H, (t + 1) * H)));
  const hNorms = rowNorms(h as Float64Array), dhNorms = rowNorms(g.dh);
  const flat = [g.dp.weightIh, g.dp.weightHh, g.dp.biasIh, g.dp.biasHh].map(safeNorm);
  let nonFinite: GradientFlow['nonFinite'] = null;
  for (let t = 0; t < T && !nonFinite; t++) if (!Number.isFinite(hNorms[t])) nonFinite = { step: t + 1, what: 'state' };
  // The gradient runs backwards: the first bad step is the latest one.
  for (let t = T - 1; t >= 0 && !nonFinite; t--) if (!Number.isFinite(dhNorms[t])) nonFinite = { step: t + 1, what: 'gradient' };
  const radii = blockSpectralRadii(model.params.layers[0].weightHh, H);
  return { hNorms, dhNorms, dcNorms: g.dc ? rowNorms(g.dc) : null, loss, gradNorm: safeNorm(flat), radii, nonFinite };
}

/** ‖a‖₂ without overflow or underflow of the squares: values past 1e154 square to Infinity in a plain sum. */
export function safeNorm(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (Number.isNaN(v)) return Number.NaN;
    if (v > m) m = v;
  }
  if (m === 0 || m === Infinity) return m;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] / m) ** 2;
  return m * Math.sqrt(s);
}

/** clip_grad_norm_'s result norm: ‖g‖·min(1, max/(‖g‖ + 1e-6)). */
export function clippedNorm(norm: number, maxNorm: number): number {
  return norm * Math.min(1, maxNorm / (norm + 1e-6));
}
