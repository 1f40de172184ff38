/**
 * The EnginePort the store uses, built on the engine client: text becomes one-hot batches here (the model's
 * vocabulary decides the ids), requests go to the worker, and stale or failed replies become null or a
 * rejection with the engine's message.
 */
import type { InitScheme } from '../engine/init';
import type { CellKind, Model, Nonlinearity, OutputActivation, Trace } from '../engine/types';
import { batchOf } from './batches';
import { createBackwardPort, type BackwardPort } from './backwardPort';
import { createFilesPort, type FilesPort } from './filesPort';
import { createLabPort, type LabPort } from './labPort';
import { createTrainPort, type TrainPort } from './trainPort';
import { unwrapOutcome as unwrap, type EngineClient, type RestartEvent } from './engineClient';
import { encodeSeriesInput, seriesTrainingData } from './seriesTask';
import { encodeTextInput, textTrainingData } from './textTask';

export { MAX_SAMPLES, textModelConfig } from './textTask';
export type { RestartEvent } from './engineClient';

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
  /** What the model reads: text (next character) or numbers (next value of a series). */
  task: 'text' | 'numbers';
  /** Initialisation scheme of the weights before training (see docs/engine.md). */
  init: InitScheme;
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

/** Whether a model reads text (it has a vocabulary) rather than numbers. */
export function isTextModel(model: Model): boolean {
  return model.vocabulary.length > 0;
}


/** A model built for some settings, trained on a corpus. */
export interface BuiltModel {
  /** The trained model. */
  model: Model;
  /** Final training loss on the corpus. */
  loss: number;
}

/** The engine as the store sees it: the core calls below plus one port per feature. */
export type EnginePort = CorePort & TrainPort & BackwardPort & LabPort & FilesPort;

/** The core engine calls. Replies superseded by newer requests are null; failures reject with a readable message. */
export interface CorePort {
  /** Builds a model for the settings and trains it to predict the next character of `corpus`. */
  buildModel(settings: ModelSettings, corpus: string): Promise<BuiltModel | null>;
  /**
   * Runs the model over text, one sequence per non-empty line; rejects on bad input (e.g. unknown characters,
   * named in the message). With `recurrence: false` it runs a copy whose W_hh is zero.
   */
  traceText(model: Model, text: string, options?: TraceOptions): Promise<TracedText | null>;
  /**
   * Cancels the traces in flight (the model's and the MLP copy's). A forward pass cannot be interrupted inside the
   * worker, so the worker is replaced; the cancelled trace resolves null. @returns whether a trace was running.
   */
  cancelTrace(): boolean;
  /** Calls `listener` each time the engine's worker is replaced (it died, or a run was cancelled); returns the unsubscribe. */
  onEngineRestart(listener: (e: RestartEvent) => void): () => void;
}

/**
 * Optimizer steps of the on-load training; a few hundred Adam steps fit a short text in well under a second.
 * The small weight decay keeps a third of the units off saturation (|h| > 0.95) where plain Adam leaves three
 * quarters saturated, so the heatmap shows graded values (measured on "hello world", H = 8, seed 1).
 */
export const TRAIN_STEPS = 300;


/** A copy of a model whose recurrent weights W_hh are all zero: each step then sees its own input only. */
export function withoutRecurrence(model: Model): Model {
  return {
    ...model,
    params: { ...model.params, layers: model.params.layers.map((p) => ({ ...p, weightHh: new Float32Array(p.weightHh.length) })) },
  };
}

/** Adapts an engine client to the store's port; `trainSteps` shortens the on-load training (tests). */
export function createEnginePort(client: EngineClient, { trainSteps = TRAIN_STEPS }: { trainSteps?: number } = {}): EnginePort {
  return { ...createCorePort(client, trainSteps), ...createTrainPort(client), ...createBackwardPort(client), ...createLabPort(client), ...createFilesPort(client) };
}

/** The core calls: build a model for the settings, trace an input. */
function createCorePort(client: EngineClient, trainSteps: number): CorePort {
  // Run ids of the traces in flight, for cancelTrace.
  const tracing = new Set<number>();
  return {
    async buildModel(settings, corpus) {
      const data = settings.task === 'numbers' ? seriesTrainingData(settings) : textTrainingData(settings, corpus);
      const model = unwrap(await client.init({ config: data.config, seed: settings.seed, scheme: settings.init, vocabulary: data.vocabulary }).result);
      if (!model) return null;
      const trained = unwrap(await client.train({
        model, batches: [{ batch: batchOf(data.samples, model), targets: data.targets }],
        optimizer: { kind: 'adam', lr: 0.02, weightDecay: 1e-3 }, clipNorm: 5, steps: trainSteps,
      }).result);
      if (!trained) return null;
      // The loss of the last step (measured before its update): no extra forward pass, which a trace request
      // on the same channel could make stale.
      return { model: trained.model, loss: trained.losses[trained.losses.length - 1] ?? Number.NaN };
    },
    async traceText(model, text, options = {}) {
      if (model.config.embeddingSize > 0 && !isTextModel(model)) {
        throw new Error(`This model has an embedding of ${model.config.embeddingSize} tokens but no vocabulary: load its vocabulary file (a JSON list of ${model.config.embeddingSize} tokens).`);
      }
      const { samples, tokens } = isTextModel(model) ? encodeTextInput(model, text) : encodeSeriesInput(model, text);
      const run = options.recurrence === false ? withoutRecurrence(model) : model;
      const call = client.forward({
        model: run, batch: batchOf(samples, model, options), transferInput: true,
        ...(options.recurrence === false ? { channel: 'forward:mlp' as const } : {}),
      });
      tracing.add(call.runId);
      let reply;
      try {
        reply = unwrap(await call.result);
      } finally {
        tracing.delete(call.runId);
      }
      if (!reply) return null;
      return { trace: reply.trace, tokens };
    },
    cancelTrace() {
      let any = false;
      // The first abort replaces the worker, which settles the others: they are no longer pending.
      for (const id of [...tracing]) any = client.abort(id) || any;
      return any;
    },
    onEngineRestart: (listener) => client.onRestart(listener),
  };
}
