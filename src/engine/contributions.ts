/**
 * BPTT taken apart step by step: what each step t adds to the gradient of every shared parameter, and where its
 * ∂L/∂h_t comes from. Built on the totals of `backpropThroughTime`: each step's cell backward is run again on the
 * engine's own ∂L/∂h_t, alone, into zeroed sinks, so the pieces add up to the engine's gradients by construction
 * (test/engine/contributions.test.ts checks that they do).
 */
import { activateGrad } from './activations';
import { cellOf, type StepGrads } from './cells';
import { EngineError } from './errors';
import { computeLoss } from './loss';
import { norm2 } from './tensor';
import type { Gradients, LayerParams, Model, Targets, Trace } from './types';
import { siteOf } from './unroll';

/** One series per shared parameter, each [n, T] row-major (0 past a sequence's end). */
export interface ParamSeries {
  /** Of W_ih (U) of the layer. */
  weightIh: Float64Array;
  /** Of W_hh (W) of the layer. */
  weightHh: Float64Array;
  /** Of b_ih of the layer. */
  biasIh: Float64Array;
  /** Of b_hh of the layer. */
  biasHh: Float64Array;
  /** Of the output weight V (zeros without an output layer). */
  outWeight: Float64Array;
  /** Of the output bias c. */
  outBias: Float64Array;
}

/** The sums of every step's pieces: the engine's gradients of the layer and of the output layer. */
export interface ContributionTotals extends LayerParams {
  /** Σ ΔV, [O, H], or null without an output layer. */
  outWeight: Float64Array | null;
  /** Σ Δc, [O], or null. */
  outBias: Float64Array | null;
}

/** The backward pass of one layer, step by step. */
export interface StepContributions {
  /** The layer l these quantities belong to. */
  layer: number;
  /** H. */
  H: number;
  /** G: gate blocks (RNN 1, GRU 3, LSTM 4). */
  G: number;
  /** ∂L/∂o_t, the gradient of the loss with respect to the logits o_t = V·h_t + c (mean normalisation included), [n, T, O]. */
  dLogits: Float64Array;
  /**
   * δ_t = ∂L/∂a_t, the gradient of each gate's pre-activation (input side for a GRU: W_i·x_t + b_i + …), [n, T, G·H].
   * For an RNN, δ_t = σ'(a_t) ⊙ ∂L/∂h_t.
   */
  delta: Float64Array;
  /** σ'(a_t) of an RNN's nonlinearity, [n, T, H]; null for LSTM and GRU. */
  slope: Float64Array | null;
  /**
   * The part of ∂L/∂h_t that reaches step t from above: Vᵀ·∂L/∂o_t on the top layer, from layer l + 1 below it,
   * [n, T, H]. Equals ∂L/∂h_t − fromNext.
   */
  fromAbove: Float64Array;
  /** The part of ∂L/∂h_t that flows back from step t + 1 (Wᵀ·δ_{t+1} for an RNN), [n, T, H]; 0 at the last step and at a truncation cut. */
  fromNext: Float64Array;
  /** ‖∂L/∂h_t‖₂ (total), [n, T]. */
  dhNorm: Float64Array;
  /** ‖fromAbove_t‖₂, [n, T]. */
  fromAboveNorm: Float64Array;
  /** ‖fromNext_t‖₂, [n, T]. */
  fromNextNorm: Float64Array;
  /** ‖∂L/∂h_0‖₂ of the layer's initial state, what step 1 sends back to it (0 when step 1 is cut off), [n]. */
  dh0Norm: Float64Array;
  /** ‖∂L/∂c_t‖₂ (total, LSTM), [n, T], else null. */
  dcNorm: Float64Array | null;
  /** ‖ΔP_t‖ (Frobenius) of the piece that step t adds to each parameter's gradient, [n, T] each. */
  norms: ParamSeries;
  /** ‖Σ_{s ≥ t} ΔP_s‖ (Frobenius), the running sum of one sample's pieces from its last step back to t, [n, T] each. */
  partialNorms: ParamSeries;
  /** Σ over samples and steps of the pieces: equal to the engine's gradients (up to rounding). */
  totals: ContributionTotals;
}

/** Options of `stepContributions`. */
export interface ContributionOptions {
  /** The layer to take apart; the top layer when absent. */
  layer?: number;
  /** The truncation window k the gradients were computed with (see BpttOptions). */
  truncation?: number;
}

const KEYS = ['weightIh', 'weightHh', 'biasIh', 'biasHh', 'outWeight', 'outBias'] as const;

function series(size: number): ParamSeries {
  return {
    weightIh: new Float64Array(size), weightHh: new Float64Array(size), biasIh: new Float64Array(size),
    biasHh: new Float64Array(size), outWeight: new Float64Array(size), outBias: new Float64Array(size),
  };
}

/** ‖a‖₂ of a whole array, accumulated in doubles. */
function frob(a: ArrayLike<number>): number {
  return norm2(a, 0, a.length);
}

/**
 * Splits the gradients of `backpropThroughTime(model, batch, trace, targets, options)` into the pieces each step
 * adds, for one layer and the output layer.
 *
 * Per step t of sample b (0-based here; the views say t + 1):
 *   ΔW_ih,t = δ_t ⊗ x_t,  ΔW_hh,t = δ_t ⊗ h_{t−1},  Δb_t = δ_t  (gate by gate for LSTM and GRU)
 *   ΔV_t = ∂L/∂o_t ⊗ h_t,  Δc_t = ∂L/∂o_t  (top layer's h_t)
 * and Σ_t of each equals the gradient the engine returned.
 * @example const { grads } = backpropThroughTime(m, batch, tr, targets); const steps = stepContributions(m, tr, targets, grads);
 */
export function stepContributions(model: Model, trace: Trace, targets: Targets, grads: Gradients, options: ContributionOptions = {}): StepContributions {
  const { config } = model;
  const { n, T, lengths } = trace;
  const H = config.hiddenSize, L = config.numLayers, O = config.outputSize;
  const l = options.layer ?? L - 1;
  const k = options.truncation ?? 0;
  if (!Number.isInteger(l) || l < 0 || l >= L) throw new EngineError(`Layer ${l} does not exist: the model has ${L} layer${L > 1 ? 's' : ''}.`);
  const cell = cellOf(config.cell);
  const G = cell.gates, GH = G * H;
  const D = l === 0 ? config.inputSize : H;
  const tr = trace.layers[l];
  const { dLogits: dz } = computeLoss(model, trace, targets);
  const dLogits = Float64Array.from(dz);
  const hTop = trace.layers[L - 1].h;
  const dh = grads.dh[l];
  const dcTotal = grads.dc ? grads.dc[l] : null;

  const delta = new Float64Array(n * T * GH);
  const slope = config.cell === 'rnn' ? new Float64Array(n * T * H) : null;
  const fromAbove = new Float64Array(n * T * H);
  const fromNext = new Float64Array(n * T * H);
  const dhNorm = new Float64Array(n * T), fromAboveNorm = new Float64Array(n * T), fromNextNorm = new Float64Array(n * T);
  const dh0Norm = new Float64Array(n);
  const dcNorm = dcTotal ? new Float64Array(n * T) : null;
  const norms = series(n * T), partialNorms = series(n * T);
  const totals: ContributionTotals = {
    weightIh: new Float64Array(GH * D), weightHh: new Float64Array(GH * H), biasIh: new Float64Array(GH), biasHh: new Float64Array(GH),
    outWeight: O > 0 ? new Float64Array(O * H) : null, outBias: O > 0 ? new Float64Array(O) : null,
  };

  // One step's pieces (dp, plus ΔV and Δc), and one sample's running sums of them.
  const step: Record<(typeof KEYS)[number], Float64Array> = {
    weightIh: new Float64Array(GH * D), weightHh: new Float64Array(GH * H), biasIh: new Float64Array(GH), biasHh: new Float64Array(GH),
    outWeight: new Float64Array(O * H), outBias: new Float64Array(O),
  };
  const run: typeof step = {
    weightIh: new Float64Array(GH * D), weightHh: new Float64Array(GH * H), biasIh: new Float64Array(GH), biasHh: new Float64Array(GH),
    outWeight: new Float64Array(O * H), outBias: new Float64Array(O),
  };
  // Sinks the cell writes into and nobody reads back: ∂L/∂x_t, and ∂L/∂c_t (its total is written there).
  const dxSink = new Float64Array(n * T * D);
  const dcWork = dcTotal ? new Float64Array(n * T * H) : null;
  const dhPrev = new Float64Array(H), dcPrev = new Float64Array(H);
  const carryH = new Float64Array(H), carryC = new Float64Array(H);
  const scratch = new Float64Array(8 * GH + 8 * H);

  for (let b = 0; b < n; b++) {
    for (const key of KEYS) run[key].fill(0);
    carryH.fill(0); carryC.fill(0);
    for (let t = lengths[b] - 1; t >= 0; t--) {
      const s = (b * T + t) * H, o = (b * T + t) * O, bt = b * T + t;
      const site = siteOf(model, l, tr, T, b, t);
      // ∂L/∂h_t = (from above) + (from step t + 1): the second part is what step t + 1 sent back to h_t.
      for (let j = 0; j < H; j++) {
        fromNext[s + j] = carryH[j];
        fromAbove[s + j] = dh[s + j] - carryH[j];
      }
      // The cell expects in dc only the part of ∂L/∂c_t that arrives from c_{t+1}; it adds the part through h_t.
      if (dcWork) for (let j = 0; j < H; j++) dcWork[s + j] = carryC[j];
      dhPrev.fill(0); dcPrev.fill(0);
      for (const key of ['weightIh', 'weightHh', 'biasIh', 'biasHh'] as const) step[key].fill(0);
      // Bias pieces are always collected here, because Δb_ih,t is δ_t itself (the gradient of each gate's
      // input-side pre-activation); a model without biases reports them as 0 below.
      const g: StepGrads = {
        dh, dc: dcWork, dhPrev, dhPrevOff: 0, dcPrev: dcWork ? dcPrev : null, dcPrevOff: 0, dx: dxSink,
        dp: step, bias: true, scratch,
      };
      cell.backward(site, g);
      delta.set(step.biasIh, bt * GH);
      if (!config.bias) { step.biasIh.fill(0); step.biasHh.fill(0); }
      // RNN: δ_t = σ'(a_t) ⊙ ∂L/∂h_t, the local derivative as the cell uses it.
      if (slope) for (let j = 0; j < H; j++) slope[s + j] = activateGrad(config.nonlinearity, tr.pre[site.gOff + j], tr.act[site.gOff + j]);
      // Output layer: ΔV_t = ∂L/∂o_t ⊗ h_t, Δc_t = ∂L/∂o_t.
      step.outWeight.fill(0);
      for (let i = 0; i < O; i++) {
        const d = dLogits[o + i];
        step.outBias[i] = d;
        for (let j = 0; j < H; j++) step.outWeight[i * H + j] = d * hTop[s + j];
      }
      for (const key of KEYS) {
        const a = step[key], r = run[key];
        for (let i = 0; i < a.length; i++) r[i] += a[i];
        norms[key][bt] = frob(a);
        partialNorms[key][bt] = frob(r);
      }
      dhNorm[bt] = norm2(dh, s, H);
      fromAboveNorm[bt] = norm2(fromAbove, s, H);
      fromNextNorm[bt] = norm2(fromNext, s, H);
      if (dcNorm && dcTotal) dcNorm[bt] = norm2(dcTotal, s, H);
      // A truncation cut at t detaches h_{t−1} (and c_{t−1}): nothing flows on to step t − 1.
      const cut = k > 0 && t > 0 && t % k === 0;
      carryH.set(dhPrev); carryC.set(dcPrev);
      if (cut) { carryH.fill(0); carryC.fill(0); }
    }
    dh0Norm[b] = norm2(carryH, 0, H);
    for (const key of KEYS) {
      const total = totals[key];
      if (total) for (let i = 0; i < total.length; i++) total[i] += run[key][i];
    }
  }
  return { layer: l, H, G, dLogits, delta, slope, fromAbove, fromNext, dhNorm, fromAboveNorm, fromNextNorm, dh0Norm, dcNorm, norms, partialNorms, totals };
}
