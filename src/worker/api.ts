/**
 * The engine API the worker exposes. A plain object of async methods, so tests call it directly and the
 * worker hands it to comlink unchanged. Imports engine/ and worker/ only (and comlink's `transfer` marker).
 *
 * Errors: engine problems throw EngineError; comlink re-throws them at the caller's `await` as an Error with
 * the same `message` and `name`.
 */
import { releaseProxy, transfer } from 'comlink';
import { backpropThroughTime } from '../engine/bptt';
import { EngineError } from '../engine/errors';
import { initModel, type InitScheme } from '../engine/init';
import { stepJacobianNorms } from '../engine/jacobian';
import type { Batch, DType, Gradients, Model, ModelConfig, Targets, Trace } from '../engine/types';
import { unroll } from '../engine/unroll';
import { runTraining, type TrainProgress, type TrainReply, type TrainRequest } from './train';
import { createBackwardApi } from './backwardApi';
import { createIoApi } from './ioApi';
import { createLifeLockApi } from './lifeLock';
import { createLabApi } from './labApi';
import { createTrainExtrasApi } from './trainExtrasApi';
import { collectBuffers } from './transferables';

export type { TrainingBatch, TrainProgress, TrainReply, TrainRequest } from './train';

/** A forward pass, optionally with the loss, its gradients and the step Jacobian norms. */
export interface ForwardRequest {
  /** Echoed in the reply, so the caller can drop replies it no longer wants. */
  runId: number;
  /** The model to run. */
  model: Model;
  /** The inputs. */
  batch: Batch;
  /** When given, the loss and every gradient are computed too (BPTT). */
  targets?: Targets;
  /** Truncated BPTT window k for the gradients; 0 or absent: full BPTT. */
  truncation?: number;
  /** When true, ‖∂h_t/∂h_{t−1}‖₂ of the top layer is computed for every step. */
  jacobianNorms?: boolean;
  /** Storage dtype of the trace; defaults to the parameters' dtype. */
  dtype?: DType;
}

/** The result of a forward pass; its typed arrays arrive transferred, not copied. */
export interface ForwardReply {
  /** The run id of the request. */
  runId: number;
  /** Every intermediate of the forward pass. */
  trace: Trace;
  /** Mean loss, when targets were given. */
  loss?: number;
  /** Gradients of the loss, when targets were given. */
  grads?: Gradients;
  /** Spectral norm of the top layer's step Jacobian, [n, T] row-major (0 past a sequence's end), when asked. */
  jacobianNorms?: Float64Array;
}

/** Creating a seeded model. */
export interface InitRequest {
  /** Shapes and equations. */
  config: ModelConfig;
  /** Seed of the project's PRNG; the same seed gives the same weights everywhere. */
  seed: number;
  /** Initialisation scheme; 'pytorch' when absent. */
  scheme?: InitScheme;
  /** Storage dtype; float32 when absent. */
  dtype?: DType;
  /** Token list kept with the model. */
  vocabulary?: string[];
}

/** Releases a comlink callback proxy once a run is over; a plain function (a direct call) has nothing to release. */
function releaseCallback(fn: unknown): void {
  // On a comlink Remote every property read yields a function, so this is only true for a proxy.
  const release = typeof fn === 'function' ? (fn as { [releaseProxy]?: unknown })[releaseProxy] : undefined;
  if (typeof release === 'function') release();
}

/** Creates the engine API: forward, train, cancel and init, all async. */
export function createEngineApi() {
  /** Running trains by run id; a flag set by `cancel` is read between two steps. */
  const running = new Map<number, { cancelled: boolean }>();
  return {
    ...createTrainExtrasApi(),
    ...createLabApi(),
    ...createIoApi(),
    ...createBackwardApi(),
    ...createLifeLockApi(),
    /** Runs unroll, and BPTT when targets are given; the reply's buffers are transferred. */
    async forward(req: ForwardRequest): Promise<ForwardReply> {
      const trace = unroll(req.model, req.batch, { dtype: req.dtype });
      const reply: ForwardReply = { runId: req.runId, trace };
      if (req.targets) {
        const { loss, grads } = backpropThroughTime(req.model, req.batch, trace, req.targets, { truncation: req.truncation });
        reply.loss = loss;
        reply.grads = grads;
      }
      if (req.jacobianNorms) reply.jacobianNorms = stepJacobianNorms(req.model, trace, req.model.config.numLayers - 1);
      return transfer(reply, collectBuffers(reply));
    },

    /**
     * Runs `req.steps` optimizer steps, reporting progress through `onProgress` (a comlink proxy from another
     * thread, released here when the run ends). Yields between slices of steps so `cancel` can arrive.
     */
    async train(req: TrainRequest, onProgress?: (p: TrainProgress) => unknown): Promise<TrainReply> {
      try {
        if (running.has(req.runId)) throw new EngineError(`Run ${req.runId} is already training.`);
        const flag = { cancelled: false };
        running.set(req.runId, flag);
        try {
          const reply = await runTraining(req, () => flag.cancelled, onProgress);
          return transfer(reply, collectBuffers(reply));
        } finally {
          running.delete(req.runId);
        }
      } finally {
        releaseCallback(onProgress);
      }
    },

    /** Asks a running train to stop at its next step boundary. @returns whether such a run was found. */
    async cancel(runId: number): Promise<boolean> {
      const flag = running.get(runId);
      if (flag) flag.cancelled = true;
      return flag !== undefined;
    },

    /** Creates a seeded model (engine/init.ts); its buffers are transferred. */
    async init(req: InitRequest): Promise<Model> {
      const model = initModel(req.config, { seed: req.seed, scheme: req.scheme, dtype: req.dtype, vocabulary: req.vocabulary });
      return transfer(model, collectBuffers(model));
    },
  };
}

/** The API's type; `Remote<EngineApi>` is what the bridge holds. */
export type EngineApi = ReturnType<typeof createEngineApi>;
