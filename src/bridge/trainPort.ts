/** The engine calls of the training feature, as the store sees them (merged into EnginePort). */
import type { NumericFault } from '../engine/faults';
import type { InitScheme } from '../engine/init';
import type { OptimizerConfig, OptimizerState } from '../engine/optim';
import type { TaskData } from '../engine/tasks';
import type { Model, ModelConfig } from '../engine/types';
import { decodeTokens, encodeText } from '../engine/vocab';
import type { TrainProgress } from '../worker/api';
import type { Evaluation } from '../worker/trainExtrasApi';
import { unwrapOutcome as unwrap, type EngineClient } from './engineClient';

export type { Evaluation } from '../worker/trainExtrasApi';

/** One chunk of a training run: a few hundred optimizer steps from a model and an optimizer state. */
export interface TrainChunkRequest {
  /** The model to continue from (not modified). */
  model: Model;
  /** The task's batch and targets, the same at every step (full-batch descent). */
  data: Pick<TaskData, 'batch' | 'targets'>;
  /** Optimizer and learning rate. */
  optimizer: OptimizerConfig;
  /** State to resume from (moments, step count); fresh when absent. */
  optimizerState?: OptimizerState;
  /** Clip the global gradient norm to this value; absent: no clipping. */
  clipNorm?: number;
  /** Truncated BPTT window k; 0 or absent: full BPTT. */
  truncation?: number;
  /** Steps of this chunk. */
  steps: number;
  /** Minimum milliseconds between two progress reports (default 100). */
  progressEvery?: number;
}

/** What a chunk did. */
export interface TrainChunkResult {
  /** The model after the last completed step (with NaN weights possible when `diverged`). */
  model: Model;
  /** Loss of each completed step, measured before its update. */
  losses: Float64Array;
  /** State to pass to the next chunk. */
  optimizerState: OptimizerState;
  /** Steps completed. */
  steps: number;
  /** Stopped early by `stopChunk`. */
  cancelled: boolean;
  /** Stopped at a NaN or infinite loss, gradient or weight (the step of the last entry of `losses`). */
  diverged: boolean;
  /** The first non-finite value found when it diverged, or null. */
  fault: NumericFault | null;
  /** Loss and accuracy of the returned model on the task. */
  evaluation: Evaluation;
}

/** Options of text generation. */
export interface SampleOptions {
  /** Characters to generate. */
  length: number;
  /** Softmax temperature τ > 0. */
  temperature: number;
  /** Seed of the draws. */
  seed: number;
}

/** What the training feature asks of the engine. Replies superseded by newer calls are null; failures reject. */
export interface TrainPort {
  /** Runs one chunk of training in the worker, then measures the model; progress arrives about every `progressEvery` ms. */
  trainChunk(req: TrainChunkRequest, onProgress?: (p: TrainProgress) => void): Promise<TrainChunkResult | null>;
  /** Stops the running chunk at its next step; it then resolves with the steps done so far. */
  stopChunk(): Promise<void>;
  /** Creates a seeded model for a task. */
  createTaskModel(config: ModelConfig, seed: number, scheme: InitScheme, vocabulary: string[]): Promise<Model | null>;
  /** Loss and accuracy of a model on a task. */
  evaluateTask(model: Model, data: Pick<TaskData, 'batch' | 'targets'>): Promise<Evaluation | null>;
  /** Generates text after a prompt; rejects naming characters outside the model's vocabulary. */
  sampleText(model: Model, prompt: string, options: SampleOptions): Promise<string | null>;
  /** Free-runs a forecasting model after `warmup` true steps of `truth` [T, D]; returns rows warmup..T−1. */
  freeRun(model: Model, truth: Float32Array, warmup: number): Promise<Float32Array | null>;
}


/** The training port over an engine client. */
export function createTrainPort(client: EngineClient): TrainPort {
  // Run id of the chunk in flight, for stopChunk; the bridge keeps worker handles so the store never holds them.
  let running: number | null = null;
  const evaluate = async (model: Model, data: Pick<TaskData, 'batch' | 'targets'>) =>
    unwrap(await client.invoke('call:train-evaluate', 'evaluateTask', { model, batch: data.batch, targets: data.targets }).result);
  return {
    async trainChunk(req, onProgress) {
      const run = client.train({
        model: req.model, batches: [req.data], optimizer: req.optimizer, optimizerState: req.optimizerState,
        clipNorm: req.clipNorm, truncation: req.truncation, steps: req.steps, progressEvery: req.progressEvery,
      }, onProgress);
      running = run.runId;
      let reply;
      try {
        reply = unwrap(await run.result);
      } finally {
        if (running === run.runId) running = null;
      }
      if (!reply) return null;
      const evaluation = await evaluate(reply.model, req.data);
      if (!evaluation) return null;
      const { model, losses, optimizerState, steps, cancelled, diverged, fault } = reply;
      return { model, losses, optimizerState, steps, cancelled, diverged, fault, evaluation };
    },
    async stopChunk() {
      if (running !== null) await client.cancel(running);
    },
    async createTaskModel(config, seed, scheme, vocabulary) {
      return unwrap(await client.init({ config, seed, scheme, vocabulary }).result);
    },
    evaluateTask: evaluate,
    async sampleText(model, prompt, options) {
      const ids = encodeText(prompt, model.vocabulary);
      const out = unwrap(await client.invoke('call:sample', 'sampleText', { model, prompt: ids, ...options }).result);
      return out && decodeTokens(out, model.vocabulary);
    },
    async freeRun(model, truth, warmup) {
      return unwrap(await client.invoke('call:free-run', 'freeRun', { model, truth, warmup }).result);
    },
  };
}
