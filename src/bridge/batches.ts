/** Batches for the worker: samples of [T_b, D] rows become one batch-first x with lengths, and h0/c0 per sample. */
import type { Batch, Model } from '../engine/types';

/** The initial states every sample starts from, [L, H] row-major each. */
export interface StartState {
  /** h_0 of every sample; zeros when absent or of the wrong size. */
  h0?: ArrayLike<number> | null;
  /** c_0 of every sample (LSTM). */
  c0?: ArrayLike<number> | null;
}

/**
 * One batch from samples of different lengths, h0/c0 repeated for every sample. Samples are [T_b, D] rows
 * (Float32Array), or token ids [T_b] (Int32Array) for a model with an embedding.
 */
export function batchOf(samples: Float32Array[] | Int32Array[], model: Model, start: StartState = {}): Batch {
  const { inputSize, hiddenSize: H, numLayers: L, embeddingSize } = model.config;
  const D = embeddingSize > 0 ? 1 : inputSize;
  const n = samples.length;
  const lengths = Int32Array.from(samples as ArrayLike<number>[], (s) => s.length / D);
  const T = Math.max(...lengths);
  const flat = embeddingSize > 0 ? new Int32Array(n * T) : new Float32Array(n * T * D);
  samples.forEach((s, b) => flat.set(s, b * T * D));
  const perSample = (v: ArrayLike<number> | null | undefined) => {
    if (!v || v.length !== L * H) return null;
    const out = new Float32Array(L * n * H);
    for (let l = 0; l < L; l++) for (let b = 0; b < n; b++) for (let j = 0; j < H; j++) out[(l * n + b) * H + j] = v[l * H + j];
    return out;
  };
  const inputs = flat instanceof Int32Array ? { x: null, tokens: flat } : { x: flat, tokens: null };
  return { n, T, ...inputs, lengths, h0: perSample(start.h0), c0: model.config.cell === 'lstm' ? perSample(start.c0) : null };
}
