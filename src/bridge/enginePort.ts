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
  /** Full forward trace. */
  trace: Trace;
  /** Token shown under each step. */
  tokens: string[];
}

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
   * Runs the model over text; rejects on bad input (e.g. unknown characters, named in the message).
   * With `recurrence: false` it runs a copy whose W_hh is zero: an MLP applied to each step alone.
   */
  traceText(model: Model, text: string, options?: { recurrence?: boolean }): Promise<TracedText | null>;
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

/** A copy of a model whose recurrent weights W_hh are all zero: each step then sees its own input only. */
export function withoutRecurrence(model: Model): Model {
  return {
    ...model,
    params: { ...model.params, layers: model.params.layers.map((p) => ({ ...p, weightHh: new Float32Array(p.weightHh.length) })) },
  };
}

/** Adapts an engine client to the store's port. */
export function createEnginePort(client: EngineClient): EnginePort {
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
        model, batches: [{ batch, targets }], optimizer: { kind: 'adam', lr: 0.02, weightDecay: 1e-3 }, clipNorm: 5, steps: TRAIN_STEPS,
      }).result);
      if (!trained) return null;
      // The loss of the last step (measured before its update): no extra forward pass, which a trace request
      // on the same channel could make stale.
      return { model: trained.model, loss: trained.losses[trained.losses.length - 1] ?? Number.NaN };
    },
    async traceText(model, text, options = {}) {
      const ids = encodeText(text, model.vocabulary);
      const run = options.recurrence === false ? withoutRecurrence(model) : model;
      const call = client.forward({
        model: run, batch: oneHotBatch(ids, model.config.inputSize), transferInput: true,
        ...(options.recurrence === false ? { channel: 'forward:mlp' as const } : {}),
      });
      const reply = unwrap(await call.result);
      if (!reply) return null;
      return { trace: reply.trace, tokens: toCodePoints(text) };
    },
  };
}
