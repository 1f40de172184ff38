/**
 * The delayed-echo task of the gradient lab: a symbol, then `delay` blanks; the model must output the symbol at the
 * last step, `delay` steps after it saw it. Only the last step has a target, so the one thing to learn is a memory
 * that spans the whole delay, and the gradient that teaches it has to travel back `delay` steps.
 *
 * Encoding: D = K + 1 one-hot inputs (symbols 0..K−1, then the blank K); T = delay + 1 steps; class targets
 * [n, T] that are IGNORE_INDEX (−100) except the last step, which holds the symbol of step 0. Softmax over K
 * classes with cross-entropy gives chance loss ln K.
 */
import { backpropThroughTime } from './bptt';
import { EngineError } from './errors';
import { initModel } from './init';
import { IGNORE_INDEX } from './loss';
import { createRng } from './random';
import type { Batch, Model, Targets } from './types';
import { unroll } from './unroll';

/** Options of the delayed-echo task. */
export interface EchoOptions {
  /** Steps between the symbol and its echo, 1..MAX_ECHO_DELAY. */
  delay: number;
  /** K: distinct symbols, 2..16 (default 4). */
  symbols?: number;
  /** Sequences, each symbol equally often (rounded up to a multiple of K; default K). */
  n?: number;
  /** Seed of the order of the symbols. */
  seed?: number;
}

/** A batch of the task with its targets. */
export interface EchoTask {
  /** One-hot inputs, x [n, T, K + 1] (float64). */
  batch: Batch;
  /** Class targets [n, T]: IGNORE_INDEX except the last step. */
  targets: Targets;
  /** K: symbols, and so output classes. */
  symbols: number;
}

/** The longest delay the task generates. */
export const MAX_ECHO_DELAY = 1000;

/** Builds the delayed-echo batch. Every sequence is symbol, blank × delay; its target is the symbol at the end. */
export function delayedEcho({ delay, symbols = 4, n, seed = 0 }: EchoOptions): EchoTask {
  if (!Number.isInteger(delay) || delay < 1 || delay > MAX_ECHO_DELAY) throw new EngineError(`The echo delay must be a whole number from 1 to ${MAX_ECHO_DELAY}; got ${delay}.`);
  if (!Number.isInteger(symbols) || symbols < 2 || symbols > 16) throw new EngineError(`The echo needs 2 to 16 symbols; got ${symbols}.`);
  const K = symbols, D = K + 1, T = delay + 1;
  const count = Math.max(1, Math.ceil((n ?? K) / K)) * K;
  // Each symbol equally often, in a seeded order (Fisher–Yates), so no class is a better guess than another.
  const order = Array.from({ length: count }, (_, b) => b % K);
  const rng = createRng(seed);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const x = new Float64Array(count * T * D);
  const classes = new Int32Array(count * T).fill(IGNORE_INDEX);
  for (let b = 0; b < count; b++) {
    x[(b * T) * D + order[b]] = 1;
    for (let t = 1; t < T; t++) x[(b * T + t) * D + K] = 1;
    classes[b * T + T - 1] = order[b];
  }
  return {
    batch: { n: count, T, x, tokens: null, lengths: null, h0: null, c0: null },
    targets: { kind: 'classes', classes },
    symbols: K,
  };
}

/**
 * The settings of the lab's RNN-versus-LSTM comparison, fixed so that a run replays bit for bit. Measured on this
 * engine: with a delay of 80 the RNN stays at chance (ln 4 ≈ 1.386) for the whole budget, since the gradient from
 * the last step reaches step 0 multiplied by about 1e-20, while the LSTM drives the loss below 0.01.
 */
export const ECHO_COMPARISON = {
  /** Steps between the symbol and its echo. */
  delay: 80,
  /** K. */
  symbols: 4,
  /** H of both models. */
  hiddenSize: 16,
  /** Adam steps per model (full batch: one sequence per symbol). */
  steps: 250,
  /** Adam's learning rate, the same for both. */
  lr: 0.02,
  /** clip_grad_norm_ max norm, the same for both. */
  clipNorm: 1,
  /** Seed of the weights and of the symbol order. */
  seed: 4,
  /**
   * Added to the LSTM's forget-gate bias b_ih (block f): σ(5) ≈ 0.993, so the cell state keeps about half of what
   * it holds over 80 steps at the start. The usual remedy for long memories (Gers et al. 2000 start it positive;
   * Jozefowicz et al. 2015 use +1, too small for 80 steps here).
   */
  forgetBias: 5,
} as const;

/** A seeded model for the echo task: one layer of `cell`, one-hot inputs (K + 1), softmax over K, float64. */
export function echoModel(cell: 'rnn' | 'lstm', settings: { symbols: number; hiddenSize: number; seed: number; forgetBias: number } = ECHO_COMPARISON): Model {
  const K = settings.symbols, H = settings.hiddenSize;
  const m = initModel({
    cell, inputSize: K + 1, hiddenSize: H, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true, bias: true,
    embeddingSize: 0, outputSize: K, outputActivation: 'softmax',
  }, { seed: settings.seed, dtype: 'float64' });
  if (cell === 'lstm') for (let j = H; j < 2 * H; j++) m.params.layers[0].biasIh[j] += settings.forgetBias;
  return m;
}

/** Share of sequences whose last-step prediction (argmax of y_T) is the symbol they started with. */
export function echoAccuracy(model: Model, task: EchoTask): number {
  const trace = unroll(model, task.batch);
  const { n, T } = trace, K = task.symbols, y = trace.y!;
  const classes = task.targets.kind === 'classes' ? task.targets.classes : new Int32Array(n * T);
  let right = 0;
  for (let b = 0; b < n; b++) {
    const o = (b * T + T - 1) * K;
    let best = 0;
    for (let k = 1; k < K; k++) if (y[o + k] > y[o + best]) best = k;
    if (best === classes[b * T + T - 1]) right++;
  }
  return right / n;
}

/** ‖∂L/∂h_t‖ over the whole batch (the Frobenius norm of the [n, H] slice), t = 1..T, for the echo loss. */
export function echoGradientFlow(model: Model, task: EchoTask): Float64Array {
  const trace = unroll(model, task.batch);
  const dh = backpropThroughTime(model, task.batch, trace, task.targets).grads.dh[0];
  const { n, T } = trace, H = model.config.hiddenSize;
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let b = 0; b < n; b++) for (let j = 0; j < H; j++) s += dh[(b * T + t) * H + j] ** 2;
    out[t] = Math.sqrt(s);
  }
  return out;
}
