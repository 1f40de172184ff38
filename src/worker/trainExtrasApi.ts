/**
 * Worker methods of the training feature, merged into the engine API (api.ts): the loss and accuracy of a model on
 * a task, text generation with a temperature, and free-running forecasts. Imports engine/ only (and comlink's
 * `transfer` marker).
 */
import { transfer } from 'comlink';
import { EngineError } from '../engine/errors';
import { computeLoss } from '../engine/loss';
import { createRng } from '../engine/random';
import { accuracyOf } from '../engine/tasks';
import type { Arr, Batch, Model, Targets, Trace } from '../engine/types';
import { unroll } from '../engine/unroll';
import { collectBuffers } from './transferables';

/** A model and a task's data. */
export interface EvaluateRequest {
  /** The model to measure. */
  model: Model;
  /** The task's inputs. */
  batch: Batch;
  /** The task's targets. */
  targets: Targets;
}

/** How well a model does on a task. */
export interface Evaluation {
  /** Mean loss (engine/loss.ts). */
  loss: number;
  /** Share of targets right (engine/tasks.ts `accuracyOf`), NaN when none counts. */
  accuracy: number;
}

/** Text generation from a prompt. */
export interface SampleRequest {
  /** A model reading tokens of its vocabulary (one-hot rows, or ids through its embedding). */
  model: Model;
  /** Token ids of the prompt, at least one. */
  prompt: Int32Array;
  /** Tokens to generate, 1..MAX_SAMPLE_LENGTH. */
  length: number;
  /** τ > 0: token k is drawn with probability ∝ exp(logit_k / τ); small τ is nearly greedy, large τ nearly uniform. */
  temperature: number;
  /** Seed of the draws (random.ts): the same request gives the same text. */
  seed: number;
}

/** A free-running forecast. */
export interface FreeRunRequest {
  /** A model whose output has as many values as its input (y_t forecasts x_{t+1}). */
  model: Model;
  /** The true series, [T, D] row-major. */
  truth: Float32Array;
  /** Steps of truth fed before the model runs on its own, 1..T−1. */
  warmup: number;
}

/** The longest generated text. */
export const MAX_SAMPLE_LENGTH = 1000;

/** The state after a trace, as the h0/c0 [L, 1, H] of the next call. */
function carry(trace: Trace): { h0: Arr; c0: Arr | null } {
  const H = trace.layers[0].hLast.length;
  const h0 = new Float64Array(trace.layers.length * H);
  trace.layers.forEach((l, i) => h0.set(l.hLast, i * H));
  if (!trace.layers[0].cLast) return { h0, c0: null };
  const c0 = new Float64Array(trace.layers.length * H);
  trace.layers.forEach((l, i) => c0.set(l.cLast!, i * H));
  return { h0, c0 };
}

/** Runs token ids through a text model from a state: one-hot rows, or the ids themselves through an embedding. */
function runTokens(model: Model, ids: Int32Array, state: { h0: Arr; c0: Arr | null } | null): Trace {
  const { embeddingSize, inputSize: D } = model.config;
  const T = ids.length;
  let x: Float64Array | null = null;
  if (embeddingSize === 0) {
    x = new Float64Array(T * D);
    for (let t = 0; t < T; t++) x[t * D + ids[t]] = 1;
  }
  return unroll(model, { n: 1, T, x, tokens: embeddingSize > 0 ? ids : null, lengths: null, h0: state?.h0 ?? null, c0: state?.c0 ?? null });
}

/** Draws index k with probability ∝ exp(row_k / τ), from one uniform draw. */
function draw(row: ArrayLike<number>, temperature: number, u: number): number {
  let max = -Infinity;
  for (let k = 0; k < row.length; k++) max = Math.max(max, row[k]);
  // Subtracting the max keeps exp() in range at any temperature; the probabilities are unchanged.
  const w = Float64Array.from(row, (v) => Math.exp((v - max) / temperature));
  let total = 0;
  for (const v of w) total += v;
  let acc = 0;
  for (let k = 0; k < w.length; k++) {
    acc += w[k] / total;
    if (u < acc) return k;
  }
  return w.length - 1;
}

/**
 * Generates `length` tokens after the prompt: the prompt is run once, then each drawn token is fed back. Draws use
 * the logits V·h_t + c (the softmax's input; for other output activations the same scores), one uniform per token.
 */
export function sampleTokens(req: SampleRequest): Int32Array {
  const { model, prompt, length, temperature } = req;
  const V = model.vocabulary.length;
  if (V === 0 || model.config.outputSize !== V) throw new EngineError('Generating text needs a text model whose output is its vocabulary.');
  if (prompt.length === 0) throw new EngineError('Type a prompt of at least one character to start from.');
  if (!Number.isInteger(length) || length < 1 || length > MAX_SAMPLE_LENGTH) throw new EngineError(`Generate 1 to ${MAX_SAMPLE_LENGTH} characters; got ${length}.`);
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new EngineError(`The temperature must be a positive number; got ${temperature}.`);
  const rng = createRng(req.seed);
  const out = new Int32Array(length);
  let trace = runTokens(model, prompt, null);
  for (let i = 0; i < length; i++) {
    const T = trace.T;
    const logits = trace.logits!.subarray((T - 1) * V, T * V);
    out[i] = draw(logits, temperature, rng.uniform());
    if (i + 1 < length) trace = runTokens(model, out.subarray(i, i + 1), carry(trace));
  }
  return out;
}

/**
 * Free-running forecast: the model reads the true rows 0..w−1, then its own forecast ŷ_t becomes the input of the
 * next step. Returns the forecasts of rows w..T−1, [T − w, D].
 */
export function freeRunForecast(req: FreeRunRequest): Float32Array {
  const { model, truth, warmup } = req;
  const D = model.config.inputSize;
  if (model.config.embeddingSize > 0 || model.config.outputSize !== D) throw new EngineError('Free-running needs a model that forecasts as many numbers as it reads.');
  if (truth.length % D !== 0) throw new EngineError(`The series must have ${D} number${D > 1 ? 's' : ''} per step.`);
  const T = truth.length / D;
  if (!Number.isInteger(warmup) || warmup < 1 || warmup >= T) throw new EngineError(`The warm-up must be 1 to ${T - 1} steps; got ${warmup}.`);
  const out = new Float32Array((T - warmup) * D);
  const step = (x: Float64Array, state: { h0: Arr; c0: Arr | null } | null) =>
    unroll(model, { n: 1, T: x.length / D, x, tokens: null, lengths: null, h0: state?.h0 ?? null, c0: state?.c0 ?? null });
  let trace = step(Float64Array.from(truth.subarray(0, warmup * D)), null);
  for (let t = warmup; t < T; t++) {
    const y = trace.y!.subarray((trace.T - 1) * D, trace.T * D);
    out.set(y, (t - warmup) * D);
    if (t + 1 < T) trace = step(Float64Array.from(y), carry(trace));
  }
  return out;
}

/** Creates the training methods; each is async and may be called directly in tests. */
export function createTrainExtrasApi() {
  return {
    /** The loss and accuracy of a model on a task's data (one forward pass). */
    async evaluateTask(req: EvaluateRequest): Promise<Evaluation> {
      const trace = unroll(req.model, req.batch);
      return { loss: computeLoss(req.model, trace, req.targets).loss, accuracy: accuracyOf(trace, req.targets) };
    },
    /** Generated token ids after a prompt (see `sampleTokens`); the buffer is transferred. */
    async sampleText(req: SampleRequest): Promise<Int32Array> {
      const ids = sampleTokens(req);
      return transfer(ids, collectBuffers(ids));
    },
    /** Free-running forecasts (see `freeRunForecast`); the buffer is transferred. */
    async freeRun(req: FreeRunRequest): Promise<Float32Array> {
      const out = freeRunForecast(req);
      return transfer(out, collectBuffers(out));
    },
  };
}
