/**
 * The forward pass: embedding, stacked recurrent layers unrolled over T steps, and the output layer at every
 * step, keeping every intermediate in a Trace.
 */
import { applyOutput } from './activations';
import { cellOf, type StepSite } from './cells';
import { EngineError } from './errors';
import { simdGemmRows, simdPackPairs, simdScope, type SimdPairs } from './simd';
import { alloc, dtypeOf, gemm, operand, type Operand } from './tensor';
import type { Arr, Batch, DType, LayerTrace, Model, Trace } from './types';

/** Options of a forward pass. */
export interface UnrollOptions {
  /** Storage dtype of the trace; defaults to the dtype of the parameters. */
  dtype?: DType;
}

/** Checks that a batch fits a model; throws an EngineError naming the first problem. */
export function validateBatch(model: Model, batch: Batch): void {
  const { config } = model;
  const { n, T } = batch;
  if (!Number.isInteger(n) || n < 1) throw new EngineError(`The batch must hold at least one sequence (n = ${n}).`);
  if (!Number.isInteger(T) || T < 1) throw new EngineError(`The sequence is empty: give at least one step (T = ${T}).`);
  if (config.embeddingSize > 0) {
    if (!batch.tokens || batch.tokens.length !== n * T) throw new EngineError(`This model has an embedding: give token ids of shape [${n}, ${T}].`);
    for (let k = 0; k < batch.tokens.length; k++) {
      const id = batch.tokens[k];
      if (!(id >= 0 && id < config.embeddingSize)) throw new EngineError(`Token id ${id} is outside the vocabulary of ${config.embeddingSize} tokens.`);
    }
  } else {
    if (!batch.x || batch.x.length !== n * T * config.inputSize) throw new EngineError(`x must have shape [${n}, ${T}, ${config.inputSize}].`);
    for (let k = 0; k < batch.x.length; k++) if (!Number.isFinite(batch.x[k])) throw new EngineError(`x holds a non-finite value (${batch.x[k]}) at flat index ${k}.`);
  }
  const L = config.numLayers, H = config.hiddenSize;
  if (batch.h0 && batch.h0.length !== L * n * H) throw new EngineError(`h0 must have shape [${L}, ${n}, ${H}].`);
  if (batch.c0 && batch.c0.length !== L * n * H) throw new EngineError(`c0 must have shape [${L}, ${n}, ${H}].`);
  if (batch.c0 && config.cell !== 'lstm') throw new EngineError('c0 is only defined for an LSTM.');
  if (batch.lengths) {
    if (batch.lengths.length !== n) throw new EngineError(`lengths must have ${n} entries, one per sequence.`);
    for (const len of batch.lengths) if (!(len >= 1 && len <= T)) throw new EngineError(`Each length must be between 1 and ${T}; got ${len}.`);
  }
}

/** Builds the [n, T, D] input of layer 0: x itself, or the embedding rows of the tokens. */
export function embedInputs(model: Model, batch: Batch, dtype: DType): Arr {
  const { config, params } = model;
  const D = config.inputSize;
  const out = alloc(dtype, batch.n * batch.T * D);
  if (config.embeddingSize > 0) {
    const E = params.embedding!;
    const tok = batch.tokens!;
    for (let k = 0; k < tok.length; k++) out.set(E.subarray(tok[k] * D, tok[k] * D + D), k * D);
  } else {
    out.set(batch.x!);
  }
  return out;
}

/** The StepSite of (b, t) in a layer trace. */
export function siteOf(model: Model, l: number, tr: LayerTrace, T: number, b: number, t: number): StepSite {
  const { config, params } = model;
  const H = config.hiddenSize;
  const site: StepSite = {
    p: params.layers[l], H, D: l === 0 ? config.inputSize : H, tr,
    xOff: 0, hPrev: tr.h0, hPrevOff: 0, cPrev: tr.c0, cPrevOff: 0, gOff: 0, sOff: 0,
    nonlinearity: config.nonlinearity,
    resetAfter: config.gruResetAfter,
  };
  moveSite(site, cellOf(config.cell).gates, T, b, t);
  return site;
}

/** Points a StepSite at (b, t) in place: the time loops reuse one site instead of allocating one per step. */
export function moveSite(site: StepSite, G: number, T: number, b: number, t: number): void {
  const { H, D, tr } = site;
  const first = t === 0;
  site.xOff = (b * T + t) * D;
  site.hPrev = first ? tr.h0 : tr.h;
  site.hPrevOff = first ? b * H : (b * T + t - 1) * H;
  site.cPrev = first ? tr.c0 : tr.c;
  site.cPrevOff = first ? b * H : (b * T + t - 1) * H;
  site.gOff = (b * T + t) * G * H;
  site.sOff = (b * T + t) * H;
}

/**
 * C[cOff + m·ldc + j] = Σ_k A[aOff + m·lda + k] · B[k, j] for M rows: through the SIMD kernel with lanes over rows
 * (`pairs`: B packed for it) when it can run, else gemm. Both give the same float32 bits.
 */
function rowsProduct(M: number, A: Arr, aOff: number, lda: number, B: Operand, pairs: SimdPairs | null, C: Arr, cOff: number, ldc: number): void {
  if (M >= 2 && pairs && A instanceof Float32Array && C instanceof Float32Array && simdGemmRows(M, A, aOff, lda, pairs, C, cOff, ldc)) return;
  gemm(M, A, aOff, lda, B, C, cOff, ldc);
}

/** B packed for the lanes-over-rows kernel when products with it may use it (float32, large enough), else null. */
function pairsOf(src: Arr, K: number, N: number, maxRows: number): SimdPairs | null {
  if (!(src instanceof Float32Array) || maxRows < 2 || maxRows * N * K < 4096) return null;
  return simdPackPairs(K, N, src, 0, K, false);
}

/**
 * Fills a layer trace whose input, h0 and c0 are set: ih for every valid step at once, then the steps in time
 * order, each sample's W_hh·h_{t-1} batched with the others' when all samples are still running. In float32 where
 * WebAssembly SIMD runs, both products go through the kernel with lanes over rows (time steps, or samples), so a
 * weight loaded once serves up to 8 of them; a sample alone (batch 1, or the last ones running in a ragged batch)
 * goes through gemm's matrix-vector kernel. Every path gives the same bits.
 */
function forwardLayer(model: Model, l: number, tr: LayerTrace, T: number, lengths: Int32Array): void {
  const { config, params } = model;
  const cell = cellOf(config.cell);
  const p = params.layers[l];
  const n = lengths.length, H = config.hiddenSize, G = cell.gates, GH = G * H;
  const D = l === 0 ? config.inputSize : H;
  const R = cell.recurrentRows(H, config.gruResetAfter);
  let shortest = T, longest = 0;
  for (let b = 0; b < n; b++) { shortest = Math.min(shortest, lengths[b]); longest = Math.max(longest, lengths[b]); }
  const site = siteOf(model, l, tr, T, 0, 0);
  simdScope(() => {
    // ih_t = W_ih·x_t for all steps of a sample: one [len, D]·[D, G·H] product (W_ih read as its transpose).
    const wIh = operand(p.weightIh, 0, D, GH, D, false);
    const f32 = tr.h instanceof Float32Array;
    const wIhPairs = f32 ? pairsOf(p.weightIh, D, GH, longest) : null;
    for (let b = 0; b < n; b++) rowsProduct(lengths[b], tr.input, b * T * D, D, wIh, wIhPairs, tr.ih, b * T * GH, GH);
    const wHh = operand(p.weightHh, 0, H, R, H, false);
    const wHhPairs = f32 ? pairsOf(p.weightHh, H, R, n) : null;
    for (let t = 0; t < T; t++) {
      // hh_t = W_hh[0, R)·h_{t-1}: rows h_{t-1} of the samples lie T·H apart (H apart in h0 at t = 0).
      const hp = t === 0 ? tr.h0 : tr.h, hpOff = t === 0 ? 0 : (t - 1) * H, hpStride = t === 0 ? H : T * H;
      if (t < shortest) rowsProduct(n, hp, hpOff, hpStride, wHh, wHhPairs, tr.hh, t * GH, T * GH);
      for (let b = 0; b < n; b++) {
        if (t >= lengths[b]) continue;
        if (t >= shortest) gemm(1, hp, hpOff + b * hpStride, H, wHh, tr.hh, (b * T + t) * GH, GH);
        moveSite(site, G, T, b, t);
        cell.forward(site);
      }
    }
  });
}

/**
 * Runs the model over a batch: h_t = cell(x_t, h_{t-1}) for every layer, then y_t = O(V·h_t + c).
 * @returns the full trace; stepping to any (b, t) afterwards is an index computation.
 */
export function unroll(model: Model, batch: Batch, options: UnrollOptions = {}): Trace {
  validateBatch(model, batch);
  const { config, params } = model;
  const dtype = options.dtype ?? dtypeOf(params.layers[0].weightHh);
  const { n, T } = batch;
  const H = config.hiddenSize, L = config.numLayers;
  const cell = cellOf(config.cell);
  const GH = cell.gates * H;
  const lengths = batch.lengths ? Int32Array.from(batch.lengths) : new Int32Array(n).fill(T);
  const layers: LayerTrace[] = [];
  let input = embedInputs(model, batch, dtype);
  for (let l = 0; l < L; l++) {
    const D = l === 0 ? config.inputSize : H;
    const h0 = alloc(dtype, n * H);
    if (batch.h0) h0.set(batch.h0.subarray(l * n * H, (l + 1) * n * H));
    let c0: Arr | null = null;
    if (cell.hasCellState) {
      c0 = alloc(dtype, n * H);
      if (batch.c0) c0.set(batch.c0.subarray(l * n * H, (l + 1) * n * H));
    }
    const tr: LayerTrace = {
      ih: alloc(dtype, n * T * GH), hh: alloc(dtype, n * T * GH),
      pre: alloc(dtype, n * T * GH), act: alloc(dtype, n * T * GH),
      c: cell.hasCellState ? alloc(dtype, n * T * H) : null,
      h: alloc(dtype, n * T * H),
      input, h0, c0,
      hLast: alloc(dtype, n * H),
      cLast: cell.hasCellState ? alloc(dtype, n * H) : null,
    };
    if (input.length !== n * T * D) throw new EngineError('internal: layer input has the wrong size');
    forwardLayer(model, l, tr, T, lengths);
    for (let b = 0; b < n; b++) {
      const last = (b * T + lengths[b] - 1) * H;
      tr.hLast.set(tr.h.subarray(last, last + H), b * H);
      if (tr.cLast) tr.cLast.set(tr.c!.subarray(last, last + H), b * H);
    }
    layers.push(tr);
    input = tr.h;
  }
  let logits: Arr | null = null, y: Arr | null = null;
  if (config.outputSize > 0) {
    const O = config.outputSize;
    logits = alloc(dtype, n * T * O);
    y = alloc(dtype, n * T * O);
    const hTop = layers[L - 1].h;
    const v = operand(params.outWeight!, 0, H, O, H, false);
    const out = logits;
    // logits_t = V·h_t + c for all steps of a sample at once ; y_t = O(logits_t)
    simdScope(() => { for (let b = 0; b < n; b++) gemm(lengths[b], hTop, b * T * H, H, v, out, b * T * O, O); });
    for (let b = 0; b < n; b++) {
      for (let t = 0; t < lengths[b]; t++) {
        const o = (b * T + t) * O;
        for (let k = 0; k < O; k++) logits[o + k] += params.outBias![k];
        applyOutput(config.outputActivation, logits, y, o, O);
      }
    }
  }
  return { n, T, lengths, layers, logits, y };
}
