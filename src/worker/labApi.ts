/**
 * Worker methods of the vanishing/exploding gradient lab, merged into the engine API (api.ts): one sweep of the
 * knobs (engine/lab.ts), and the RNN-versus-LSTM comparison on the delayed echo (engine/echo.ts), trained with the
 * worker's training loop, with progress and cancellation. Imports engine/ and worker/ only (and comlink's markers).
 */
import { releaseProxy, transfer } from 'comlink';
import { delayedEcho, echoAccuracy, echoGradientFlow, echoModel, ECHO_COMPARISON } from '../engine/echo';
import { EngineError } from '../engine/errors';
import { clippedNorm, gradientFlow, type GradientFlow, type LabKnobs } from '../engine/lab';
import type { Model } from '../engine/types';
import { runTraining } from './train';
import { collectBuffers } from './transferables';

/** One setting of the knobs, applied to a copy of `model`. */
export interface LabSweepRequest {
  /** The user's model (only layer 0 is read; never modified). */
  model: Model;
  /** Cell, activation, ρ, T and seed. */
  knobs: LabKnobs;
  /** clip_grad_norm_'s max norm for the clipped figure. */
  clipNorm: number;
}

/** The lab's plots and numbers for one setting. */
export interface LabSweepReply extends GradientFlow {
  /** The knobs it was computed for. */
  knobs: LabKnobs;
  /** ‖∂L_T/∂θ‖ after clip_grad_norm_(clipNorm). */
  clippedNorm: number;
  /** The clipping norm used. */
  clipNorm: number;
  /** Whether the copy kept the model's weights (same cell kind) or drew fresh ones. */
  weights: 'model' | 'fresh';
}

/** The comparison; `token` names the run for `labCancel`. */
export interface LabCompareRequest {
  /** Caller-chosen id of this comparison. */
  token: number;
  /** Adam steps per model; ECHO_COMPARISON.steps when absent (tests use fewer). */
  steps?: number;
  /** Steps between symbol and echo; ECHO_COMPARISON.delay when absent. */
  delay?: number;
}

/** A progress report of the comparison. */
export interface LabCompareProgress {
  /** The comparison's token. */
  token: number;
  /** The model training now. */
  cell: 'rnn' | 'lstm';
  /** Steps done by this model. */
  step: number;
  /** Steps per model. */
  steps: number;
  /** Loss of its latest step. */
  loss: number;
}

/** One model's side of the comparison. */
export interface LabCompareSide {
  /** Cell kind. */
  cell: 'rnn' | 'lstm';
  /** Loss of every training step, [steps done]. */
  losses: Float64Array;
  /** ‖∂L/∂h_t‖ over the batch at the initial weights, t = 1..T. */
  gradientFlow: Float64Array;
  /** Share of echoes right after training. */
  accuracy: number;
  /** Training stopped on a NaN or infinite loss. */
  diverged: boolean;
}

/** The comparison's result; `lstm` is null when it was cancelled before the LSTM trained. */
export interface LabCompareReply {
  /** The comparison's token. */
  token: number;
  /** True when `labCancel` stopped it. */
  cancelled: boolean;
  /** The settings used. */
  delay: number;
  /** Adam steps per model. */
  steps: number;
  /** The RNN's run. */
  rnn: LabCompareSide;
  /** The LSTM's run, or null. */
  lstm: LabCompareSide | null;
  /** Wall-clock milliseconds. */
  ms: number;
}

/** Releases a comlink callback proxy (a plain function has nothing to release). */
function releaseCallback(fn: unknown): void {
  const release = typeof fn === 'function' ? (fn as { [releaseProxy]?: unknown })[releaseProxy] : undefined;
  if (typeof release === 'function') release();
}

/** Creates the lab methods; each is async and may be called directly in tests. */
export function createLabApi() {
  const running = new Map<number, { cancelled: boolean }>();
  return {
    /** Runs the lab for one setting of the knobs (a few ms to ~100 ms); buffers are transferred. */
    async labSweep(req: LabSweepRequest): Promise<LabSweepReply> {
      if (!(req.clipNorm > 0) || !Number.isFinite(req.clipNorm)) throw new EngineError(`The clipping norm must be a positive number; got ${req.clipNorm}.`);
      const flow = gradientFlow(req.model, req.knobs);
      const reply: LabSweepReply = {
        ...flow, knobs: { ...req.knobs }, clipNorm: req.clipNorm, clippedNorm: clippedNorm(flow.gradNorm, req.clipNorm),
        weights: req.knobs.cell === req.model.config.cell ? 'model' : 'fresh',
      };
      return transfer(reply, collectBuffers(reply));
    },

    /**
     * Trains a fresh RNN, then a fresh LSTM, on the delayed echo with the same seed, optimizer and budget
     * (ECHO_COMPARISON), reporting progress (a comlink proxy, released at the end) and stopping on `labCancel`.
     */
    async labCompare(req: LabCompareRequest, onProgress?: (p: LabCompareProgress) => unknown): Promise<LabCompareReply> {
      const t0 = performance.now();
      const flag = { cancelled: false };
      running.set(req.token, flag);
      try {
        const steps = req.steps ?? ECHO_COMPARISON.steps, delay = req.delay ?? ECHO_COMPARISON.delay;
        if (!Number.isInteger(steps) || steps < 1 || steps > 5000) throw new EngineError(`The comparison takes 1 to 5000 steps; got ${steps}.`);
        const task = delayedEcho({ delay, symbols: ECHO_COMPARISON.symbols, seed: ECHO_COMPARISON.seed });
        const side = async (cell: 'rnn' | 'lstm'): Promise<LabCompareSide> => {
          const model = echoModel(cell);
          const run = await runTraining({
            runId: req.token, model, batches: [task], steps, progressEvery: 100,
            optimizer: { kind: 'adam', lr: ECHO_COMPARISON.lr }, clipNorm: ECHO_COMPARISON.clipNorm,
          }, () => flag.cancelled, (p) => onProgress?.({ token: req.token, cell, step: p.step, steps, loss: p.loss }));
          return { cell, losses: run.losses, gradientFlow: echoGradientFlow(model, task), accuracy: echoAccuracy(run.model, task), diverged: run.diverged };
        };
        const rnn = await side('rnn');
        const lstm = flag.cancelled ? null : await side('lstm');
        const reply: LabCompareReply = { token: req.token, cancelled: flag.cancelled, delay, steps, rnn, lstm, ms: performance.now() - t0 };
        return transfer(reply, collectBuffers(reply));
      } finally {
        running.delete(req.token);
        releaseCallback(onProgress);
      }
    },

    /** Asks a running comparison to stop at its next step. @returns whether it was running. */
    async labCancel(token: number): Promise<boolean> {
      const flag = running.get(token);
      if (flag) flag.cancelled = true;
      return flag !== undefined;
    },
  };
}
