/**
 * The EnginePort the store uses, built on the engine client: text becomes one-hot batches here (the model's
 * vocabulary decides the ids), requests go to the worker, and stale or failed replies become null or a
 * rejection with the engine's message.
 */
import { DEFAULT_VOCABULARY } from '../engine/init';
import type { Batch, CellKind, Model, ModelConfig, Nonlinearity, OutputActivation, Targets, Trace } from '../engine/types';
import { encodeText, oneHot, toCodePoints } from '../engine/vocab';
import type { EngineClient, Outcome } from './engineClient';

/** The model settings a user chooses in the Model panel. */
export interface ModelSettings {
  /** Cell kind. */
  cell: CellKind;
  /** H. */
  hiddenSize: number;
  /** L: stacked layers. */
  numLayers: number;
  /** σ of an RNN cell. */
  nonlinearity: Nonlinearity;
  /** O of the output layer. */
  outputActivation: OutputActivation;
  /** Seed of initialisation and training. */
  seed: number;
}

/** A traced input: the trace of sample 0 and its tokens, one per step. */
export interface TracedText {
  /** Full forward trace of the batch: one sample per non-empty line of the text. */
  trace: Trace;
  /** Tokens of each sample, one per step. */
  tokens: string[][];
}

/** Options of a trace request. */
export interface TraceOptions {
  /** false: run a copy whose W_hh is zero (an MLP applied to each step alone). */
  recurrence?: boolean;
  /** Initial hidden state of every sample, [L, H] row-major; zeros when absent. */
  h0?: ArrayLike<number> | null;
  /** Initial cell state of every sample (LSTM), [L, H]; zeros when absent. */
  c0?: ArrayLike<number> | null;
}

/** The longest batch the app traces at once. */
export const MAX_SAMPLES = 16;

/** A model built for some settings, trained on a corpus. */
export interface BuiltModel {
  /** The trained model. */
  model: Model;
  /** Final training loss on the corpus. */
  loss: number;
}

/** The engine as the store sees it. Replies superseded by newer requests are null; failures reject with a readable message. */
export interface EnginePort {
  /** Builds a model for the settings and trains it to predict the next character of `corpus`. */
  buildModel(settings: ModelSettings, corpus: string): Promise<BuiltModel | null>;
  /**
   * Runs the model over text, one sequence per non-empty line; rejects on bad input (e.g. unknown characters,
   * named in the message). With `recurrence: false` it runs a copy whose W_hh is zero.
   */
  traceText(model: Model, text: string, options?: TraceOptions): Promise<TracedText | null>;
}

/**
 * Optimizer steps of the on-load training; a few hundred Adam steps fit a short text in well under a second.
 * The small weight decay keeps a third of the units off saturation (|h| > 0.95) where plain Adam leaves three
 * quarters saturated, so the heatmap shows graded values (measured on "hello world", H = 8, seed 1).
 */
export const TRAIN_STEPS = 300;

function unwrap<T>(o: Outcome<T>): T | null {
  if (o.status === 'stale') return null;
  if (o.status === 'error') throw new Error(o.error);
  return o.value;
}

/** A one-sample batch of one-hot rows for token ids. */
function oneHotBatch(ids: Int32Array, V: number): Batch {
  return { n: 1, T: ids.length, x: Float32Array.from(oneHot(ids, V)), tokens: null, lengths: null, h0: null, c0: null };
}

/** The config of a next-character model over a vocabulary, for the chosen settings. */
export function textModelConfig(s: ModelSettings, V: number): ModelConfig {
  return {
    cell: s.cell, inputSize: V, hiddenSize: s.hiddenSize, numLayers: s.numLayers, nonlinearity: s.nonlinearity,
    gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: V, outputActivation: s.outputActivation,
  };
}

/** Targets of next-character prediction: class ids for softmax, one-hot values for other outputs. */
function nextCharTargets(next: Int32Array, V: number, softmax: boolean): Targets {
  return softmax ? { kind: 'classes', classes: next } : { kind: 'values', values: Float32Array.from(oneHot(next, V)) };
}

/** A batch of one-hot sequences of different lengths, with h0/c0 ([L, H]) repeated for every sample. */
function textBatch(ids: Int32Array[], model: Model, options: TraceOptions): Batch {
  const { inputSize: D, hiddenSize: H, numLayers: L } = model.config;
  const n = ids.length, T = Math.max(...ids.map((a) => a.length));
  const x = new Float32Array(n * T * D);
  ids.forEach((a, b) => a.forEach((id, t) => { x[(b * T + t) * D + id] = 1; }));
  const perSample = (v: ArrayLike<number> | null | undefined) => {
    if (!v || v.length !== L * H) return null;
    const out = new Float32Array(L * n * H);
    for (let l = 0; l < L; l++) for (let b = 0; b < n; b++) for (let j = 0; j < H; j++) out[(l * n + b) * H + j] = v[l * H + j];
    return out;
  };
  return { n, T, x, tokens: null, lengths: Int32Array.from(ids, (a) => a.length), h0: perSample(options.h0), c0: model.config.cell === 'lstm' ? perSample(options.c0) : null };
}

/** A copy of a model whose recurrent weights W_hh are all zero: each step then sees its own input only. */
export function withoutRecurrence(model: Model): Model {
  return {
    ...model,
    params: { ...model.params, layers: model.params.layers.map((p) => ({ ...p, weightHh: new Float32Array(p.weightHh.length) })) },
  };
}

/** Adapts an engine client to the store's port; `trainSteps` shortens the on-load training (tests). */
export function createEnginePort(client: EngineClient, { trainSteps = TRAIN_STEPS }: { trainSteps?: number } = {}): EnginePort {
  return {
    async buildModel(settings, corpus) {
      const vocabulary = [...DEFAULT_VOCABULARY];
      const V = vocabulary.length;
      const config = textModelConfig(settings, V);
      const model = unwrap(await client.init({ config, seed: settings.seed, vocabulary }).result);
      if (!model) return null;
      const ids = encodeText(corpus, vocabulary);
      if (ids.length < 2) throw new Error('The training text needs at least two characters.');
      const T = ids.length - 1;
      const batch = oneHotBatch(ids.subarray(0, T), V);
      const targets = nextCharTargets(ids.slice(1), V, config.outputActivation === 'softmax');
      const trained = unwrap(await client.train({
        model, batches: [{ batch, targets }], optimizer: { kind: 'adam', lr: 0.02, weightDecay: 1e-3 }, clipNorm: 5, steps: trainSteps,
      }).result);
      if (!trained) return null;
      // The loss of the last step (measured before its update): no extra forward pass, which a trace request
      // on the same channel could make stale.
      return { model: trained.model, loss: trained.losses[trained.losses.length - 1] ?? Number.NaN };
    },
    async traceText(model, text, options = {}) {
      const lines = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0);
      if (lines.length === 0) throw new Error('Type at least one character.');
      if (lines.length > MAX_SAMPLES) throw new Error(`${lines.length} sequences: at most ${MAX_SAMPLES} lines are traced at once.`);
      const ids = lines.map((line, i) => {
        try {
          return encodeText(line, model.vocabulary);
        } catch (e) {
          throw new Error(lines.length > 1 ? `Line ${i + 1}: ${(e as Error).message}` : (e as Error).message, { cause: e });
        }
      });
      const run = options.recurrence === false ? withoutRecurrence(model) : model;
      const call = client.forward({
        model: run, batch: textBatch(ids, model, options), transferInput: true,
        ...(options.recurrence === false ? { channel: 'forward:mlp' as const } : {}),
      });
      const reply = unwrap(await call.result);
      if (!reply) return null;
      return { trace: reply.trace, tokens: lines.map(toCodePoints) };
    },
  };
}
