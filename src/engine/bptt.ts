/**
 * Backpropagation through time: exact gradients of the loss with respect to every parameter, h0, c0 and the
 * inputs, and the total ∂L/∂h_t of every step.
 */
import { cellOf, type StepDeltas } from './cells';
import { EngineError } from './errors';
import { computeLoss } from './loss';
import { simdScope } from './simd';
import { alloc, dtypeOf, gemm, operand, transposeInto } from './tensor';
import type { Arr, Batch, Gradients, LayerParams, LayerTrace, Model, Targets, Trace } from './types';
import { moveSite, siteOf } from './unroll';

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

/** The transpose of a row-major [rows, cols] array, in its dtype. */
function transposed(a: Arr, rows: number, cols: number): Arr {
  const out = alloc(dtypeOf(a), rows * cols);
  transposeInto(a, 0, rows, cols, cols, out, 0, rows);
  return out;
}

/** Where one layer's backward pass reads and writes. */
interface LayerSinks {
  /** ∂L/∂h_t, [n, T, H]: the direct part on entry, the total on return. */
  dh: Arr;
  /** ∂L/∂c_t (LSTM), [n, T, H], zeros on entry, or null. */
  dc: Arr | null;
  /** ∂L/∂x_t of the layer's input, [n, T, D], zeros on entry. */
  dx: Arr;
  /** ∂L/∂h0 of all layers, [L, n, H]. */
  dh0: Arr;
  /** ∂L/∂c0 of all layers (LSTM), [L, n, H], or null. */
  dc0: Arr | null;
  /** Parameter gradients of the layer (accumulated into). */
  dp: LayerParams;
}

/**
 * Back-propagates through one layer. The time loop does only what must be sequential: the deltas of step t and
 * ∂L/∂h_{t-1} += W_hhᵀ·δ_t (batched over samples while all are running). Every weight gradient is a sum over
 * steps, so it is done afterwards as one blocked product: ∂L/∂W_ih = Σ_t δ_t ⊗ x_t = Δᵀ·X, and so on.
 */
function backwardLayer(model: Model, l: number, tr: LayerTrace, T: number, lengths: Int32Array, k: number, s: LayerSinks): void {
  const { config, params } = model;
  const cell = cellOf(config.cell);
  const p = params.layers[l];
  const n = lengths.length, H = config.hiddenSize, G = cell.gates, GH = G * H, NT = n * T;
  const D = l === 0 ? config.inputSize : H;
  const R = cell.recurrentRows(H, config.gruResetAfter);
  const dt = dtypeOf(s.dh);
  // δ of every step, [n, T, G·H]; zero at steps past a sequence's end, so the sums below may run over all n·T rows.
  const dI = alloc(dt, NT * GH);
  const dHh = cell.sharedDeltas ? dI : alloc(dt, NT * GH);
  const rh = R < GH ? alloc(dt, NT * H) : dI;
  // B[k, j] = W_hh[k, j] for k < R: the recurrent product W_hh[0, R)ᵀ·δ_hh as δ_hh·W_hh[0, R).
  const wHh = operand(p.weightHh, 0, R, H, H, true);
  let shortest = T;
  for (let b = 0; b < n; b++) shortest = Math.min(shortest, lengths[b]);
  const site = siteOf(model, l, tr, T, 0, 0);
  const d: StepDeltas = {
    dh: s.dh, dc: s.dc, dhPrev: null, dhPrevOff: 0, dcPrev: null, dcPrevOff: 0,
    dI, dIOff: 0, dHh, dHhOff: 0, rh, rhOff: 0, scratch: new Float64Array(H),
  };
  for (let t = T - 1; t >= 0; t--) {
    // Truncation detaches the state handed from step t−1 to step t: nothing flows back past it.
    const cut = k > 0 && t > 0 && t % k === 0;
    const prev = t === 0 ? s.dh0 : s.dh, prevC = t === 0 ? s.dc0 : s.dc;
    const prevOff = t === 0 ? l * n * H : (t - 1) * H, prevStride = t === 0 ? H : T * H;
    for (let b = 0; b < n; b++) {
      if (t >= lengths[b]) continue;
      moveSite(site, G, T, b, t);
      d.dhPrev = cut ? null : prev; d.dhPrevOff = prevOff + b * prevStride;
      d.dcPrev = cut ? null : prevC; d.dcPrevOff = d.dhPrevOff;
      d.dIOff = d.dHhOff = (b * T + t) * GH;
      d.rhOff = (b * T + t) * H;
      cell.deltas(site, d);
      // ∂L/∂h_{t-1} += W_hh[0, R)ᵀ·δ_hh
      if (!cut && t >= shortest) gemm(1, dHh, d.dHhOff, GH, wHh, prev, d.dhPrevOff, H, true);
    }
    if (!cut && t < shortest) gemm(n, dHh, t * GH, T * GH, wHh, prev, prevOff, prevStride, true);
  }
  // The sums over steps: Δᵀ [G·H, n·T] times X [n·T, D], H_{t-1} [n·T, H] (row (b, t) holds h_{t-1}, h0 at t = 0).
  const dIT = transposed(dI, NT, GH);
  const dHhT = cell.sharedDeltas ? dIT : transposed(dHh, NT, GH);
  const hPrev = alloc(dt, NT * H);
  for (let b = 0; b < n; b++) {
    hPrev.set(tr.h0.subarray(b * H, (b + 1) * H), b * T * H);
    if (T > 1) hPrev.set(tr.h.subarray(b * T * H, (b * T + T - 1) * H), (b * T + 1) * H);
  }
  // ∂L/∂W_ih += Δᵀ·X ; ∂L/∂W_hh[0, R) += Δ_hhᵀ·H_{t-1} ; GRU reset before: ∂L/∂W_hn += Δ_nᵀ·(r ⊙ H_{t-1})
  gemm(GH, dIT, 0, NT, operand(tr.input, 0, NT, D, D, true), s.dp.weightIh, 0, D, true);
  gemm(R, dHhT, 0, NT, operand(hPrev, 0, NT, H, H, true), s.dp.weightHh, 0, H, true);
  if (R < GH) gemm(GH - R, dHhT, R * NT, NT, operand(rh, 0, NT, H, H, true), s.dp.weightHh, R * H, H, true);
  if (config.bias) {
    for (let r = 0; r < GH; r++) {
      let si = 0, sh = 0;
      for (let c = 0; c < NT; c++) { si += dIT[r * NT + c]; sh += dHhT[r * NT + c]; }
      s.dp.biasIh[r] += si; s.dp.biasHh[r] += sh;
    }
  }
  // ∂L/∂x_t = W_ihᵀ·δ_t for every step: Δ·W_ih, W_ih [G·H, D] read k-major as it is stored.
  gemm(NT, dI, 0, GH, operand(p.weightIh, 0, GH, D, D, true), s.dx, 0, D, true);
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

  // Output layer, over all steps at once (dLogits is zero past each sequence's end):
  // ∂L/∂V += Σ_t ∂L/∂z_t ⊗ h_t = Zᵀ·H ; ∂L/∂c += Σ_t ∂L/∂z_t ; ∂L/∂h_t (direct) = Vᵀ·∂L/∂z_t, i.e. Z·V
  const NT = n * T;
  let dDirect = alloc(dt, NT * H);
  const dLogitsT = transposed(dLogits, NT, O);
  simdScope(() => gemm(O, dLogitsT, 0, NT, operand(top.h, 0, NT, H, H, true), base.outWeight!, 0, H, true));
  for (let j = 0; j < O; j++) {
    let sum = 0;
    for (let c = 0; c < NT; c++) sum += dLogitsT[j * NT + c];
    base.outBias![j] += sum;
  }
  simdScope(() => gemm(NT, dLogits, 0, O, operand(params.outWeight!, 0, O, H, H, true), dDirect, 0, H));

  const dhAll: Arr[] = new Array(L);
  const dcAll: Arr[] | null = cell.hasCellState ? new Array(L) : null;
  const dh0 = alloc(dt, L * n * H);
  const dc0 = cell.hasCellState ? alloc(dt, L * n * H) : null;
  for (let l = L - 1; l >= 0; l--) {
    const tr = trace.layers[l];
    const D = l === 0 ? config.inputSize : H;
    // dh starts as the direct gradient and receives the recurrent part of step t+1 before step t is processed.
    const dh = dDirect;
    const dc = cell.hasCellState ? alloc(dt, n * T * H) : null;
    const dx = alloc(dt, n * T * D);
    simdScope(() => backwardLayer(model, l, tr, T, lengths, k, { dh, dc, dx, dh0, dc0, dp: base.layers[l] }));
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
