/**
 * The training loop run by the worker: forward, BPTT, optional clipping and one optimizer step per batch, with
 * throttled progress, cooperative cancellation and a bit-for-bit reproducible result.
 */
import { backpropThroughTime } from '../engine/bptt';
import { EngineError } from '../engine/errors';
import { findGradientFault, findWeightFault, type NumericFault } from '../engine/faults';
import { applyGradients, clipGradNorm, createOptimizerState, gradNorm, type OptimizerConfig, type OptimizerState } from '../engine/optim';
import type { Batch, Model, Targets } from '../engine/types';
import { unroll } from '../engine/unroll';

/** One batch with the targets of its loss. */
export interface TrainingBatch {
  /** The inputs. */
  batch: Batch;
  /** The targets, shaped for the model's output activation (see engine/loss.ts). */
  targets: Targets;
}

/** A training request. Step s uses `batches[s % batches.length]`, so a single batch is plain full-batch descent. */
export interface TrainRequest {
  /** Echoed in the reply and in every progress report; also the handle for `cancel`. */
  runId: number;
  /** The starting model; never modified (training works on a copy). */
  model: Model;
  /** The training data, cycled in order. */
  batches: TrainingBatch[];
  /** Optimizer and learning rate. */
  optimizer: OptimizerConfig;
  /** State to resume from (Adam moments, step count); a fresh state when absent. Never modified. */
  optimizerState?: OptimizerState;
  /** Clip the global gradient norm to this value before each step (clip_grad_norm_); absent: no clipping. */
  clipNorm?: number;
  /** Truncated BPTT window k; 0 or absent: full BPTT. */
  truncation?: number;
  /** Optimizer steps to run, a whole number ≥ 0. */
  steps: number;
  /** Minimum wall-clock milliseconds between two progress reports; default 100, 0 reports every step. */
  progressEvery?: number;
}

/** A progress report, sent at most every `progressEvery` ms and always after the last step. */
export interface TrainProgress {
  /** The run this report belongs to. */
  runId: number;
  /** Steps completed so far (1-based count). */
  step: number;
  /** Loss of the latest step, measured before its update. */
  loss: number;
  /** Global gradient norm of the latest step, before clipping. */
  gradNorm: number;
  /** Steps completed per wall-clock second since the run started. */
  stepsPerSecond: number;
}

/** The result of a training run, complete or stopped early. */
export interface TrainReply {
  /** The run id of the request. */
  runId: number;
  /** The trained model (a copy; the request's model is untouched). */
  model: Model;
  /** Loss of each completed step, [steps done]. */
  losses: Float64Array;
  /** Gradient norm (before clipping) of each completed step, [steps done]. */
  gradNorms: Float64Array;
  /** Optimizer state after the last completed step; pass it back to continue training. */
  optimizerState: OptimizerState;
  /** Steps completed; less than requested when cancelled or diverged. */
  steps: number;
  /** True when `cancel(runId)` stopped the run at a step boundary. */
  cancelled: boolean;
  /**
   * True when a loss or a gradient became NaN or infinite. Training stops there, since further steps only spread
   * NaN; that step's loss is the last entry of `losses`, and its update was not applied to `model`.
   */
  diverged: boolean;
  /** Where the divergence was found (the first non-finite value, engine/faults.ts), or null. */
  fault: NumericFault | null;
}

/** Work done between two yields to the event loop, in ms: about one frame, so a cancel waits at most that long. */
const SLICE_MS = 16;

/**
 * Lets queued messages (a cancel) run. A MessageChannel round trip is used rather than setTimeout(0) because
 * nested timers are clamped to 4 ms in browsers (25% of a slice) and cost ~1 ms each in Node.
 */
function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    // Closing the port is what lets Node exit afterwards: an open port keeps its event loop alive.
    port1.onmessage = () => { port1.close(); resolve(); };
    port2.postMessage(null);
  });
}

function validate(req: TrainRequest): void {
  if (!Number.isInteger(req.steps) || req.steps < 0) throw new EngineError(`The number of training steps must be a whole number ≥ 0; got ${req.steps}.`);
  if (!Array.isArray(req.batches) || req.batches.length === 0) throw new EngineError('Training needs at least one batch with targets.');
  const every = req.progressEvery ?? 100;
  if (!(every >= 0)) throw new EngineError(`The progress interval must be ≥ 0 ms; got ${every}.`);
}

/**
 * Runs `req.steps` optimizer steps. Progress calls are fire-and-forget: a callback that throws or rejects
 * never stops training, since progress is only advisory.
 * @param isCancelled polled before every step.
 */
export async function runTraining(req: TrainRequest, isCancelled: () => boolean, onProgress?: (p: TrainProgress) => unknown): Promise<TrainReply> {
  validate(req);
  const { steps, batches, optimizer, clipNorm, truncation } = req;
  const every = req.progressEvery ?? 100;
  // Copies keep the caller's model and state intact, so two calls with one request give identical results.
  const model = structuredClone(req.model);
  const state = req.optimizerState ? structuredClone(req.optimizerState) : createOptimizerState();
  const losses = new Float64Array(steps), norms = new Float64Array(steps);
  const t0 = performance.now();
  let lastReport = t0, sliceStart = t0, done = 0, reported = 0, cancelled = false, diverged = false;
  let fault: NumericFault | null = null;
  const report = (now: number) => {
    if (!onProgress) return;
    const elapsed = (now - t0) / 1000;
    const p: TrainProgress = { runId: req.runId, step: done, loss: losses[done - 1], gradNorm: norms[done - 1], stepsPerSecond: elapsed > 0 ? done / elapsed : 0 };
    reported = done;
    lastReport = now;
    try {
      const r = onProgress(p);
      if (r instanceof Promise) r.catch(() => {});
    } catch {
      // Advisory only: see the function comment.
    }
  };
  while (done < steps) {
    if (isCancelled()) { cancelled = true; break; }
    const { batch, targets } = batches[done % batches.length];
    const trace = unroll(model, batch);
    const { loss, grads } = backpropThroughTime(model, batch, trace, targets, { truncation });
    // clipGradNorm returns the norm before clipping, which is what a gradient-norm chart should show.
    const norm = clipNorm !== undefined ? clipGradNorm(model, grads, clipNorm) : gradNorm(model, grads);
    losses[done] = loss;
    norms[done] = norm;
    // A finite norm means every parameter gradient is finite (float32 squares cannot overflow a double), so the
    // full scan that names the culprit runs only once something is wrong.
    if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
      // A huge learning rate can overflow a weight in the previous update: the weight is then the cause to name.
      fault = findWeightFault(model) ?? findGradientFault(model, loss, grads, trace.lengths);
      done++; diverged = true; break;
    }
    applyGradients(model, grads, optimizer, state);
    done++;
    const now = performance.now();
    if (done < steps && now - lastReport >= every) report(now);
    if (now - sliceStart >= SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  if (done > 0 && reported !== done) report(performance.now());
  return {
    runId: req.runId, model, optimizerState: state, steps: done, cancelled, diverged, fault,
    losses: losses.slice(0, done), gradNorms: norms.slice(0, done),
  };
}
