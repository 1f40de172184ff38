/**
 * The delayed-echo task of the gradient lab: a symbol, then `delay` blanks; the model must output the symbol at the
 * last step, `delay` steps after it saw it. Only the last step has a target, so the one thing to learn is a memory
 * that spans the whole delay, and the gradient that teaches it has to travel back `delay` steps.
 *
 * Encoding: D = K + 1 one-hot inputs (symbols 0..K−1, then the blank K); T = delay + 1 steps; class targets
 * [n, T] that are IGNORE_INDEX (−100) except the last step, which holds the symbol of step 0. Softmax over K
 * classes with cross-entropy gives chance loss ln K.
 */
import { EngineError } from './errors';
import { IGNORE_INDEX } from './loss';
import { createRng } from './random';
import type { Batch, Targets } from './types';

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
