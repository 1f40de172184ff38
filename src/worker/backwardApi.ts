/** Worker methods of the BPTT feature, merged into the engine API (api.ts). Imports engine/ only. */
import { transfer } from 'comlink';
import { backpropThroughTime } from '../engine/bptt';
import { stepContributions, type StepContributions } from '../engine/contributions';
import { stepJacobianNorms } from '../engine/jacobian';
import type { Batch, Gradients, Model, Targets, Trace } from '../engine/types';
import { unroll } from '../engine/unroll';
import { collectBuffers } from './transferables';

/** A backward pass taken apart step by step. */
export interface BackwardRequest {
  /** The model. */
  model: Model;
  /** The inputs (the views send one sample). */
  batch: Batch;
  /** Targets of the loss. */
  targets: Targets;
  /** The layer whose steps are taken apart; the top layer when absent. */
  layer?: number;
  /** Truncated BPTT window k; 0 or absent: full BPTT. */
  truncation?: number;
}

/** Everything the backward views read; the typed arrays arrive transferred. */
export interface BackwardReply {
  /** The forward trace the gradients belong to. */
  trace: Trace;
  /** Mean loss (see engine/loss.ts). */
  loss: number;
  /** Every gradient, as backpropThroughTime returns it. */
  grads: Gradients;
  /** The same gradients split by step, for `layer`. */
  steps: StepContributions;
  /** ‖J_t‖₂ of layer `layer`'s step Jacobian (h and c for an LSTM), [n, T] (0 past a sequence's end). */
  jacobianNorms: Float64Array;
}

/** Creates the BPTT methods; each is async and may be called directly in tests. */
export function createBackwardApi() {
  return {
    /** Runs unroll, BPTT, the step Jacobian norms and the per-step split of the gradients of one layer. */
    async backwardSteps(req: BackwardRequest): Promise<BackwardReply> {
      const layer = req.layer ?? req.model.config.numLayers - 1;
      const trace = unroll(req.model, req.batch);
      const { loss, grads } = backpropThroughTime(req.model, req.batch, trace, req.targets, { truncation: req.truncation });
      const steps = stepContributions(req.model, trace, req.targets, grads, { layer, truncation: req.truncation });
      const reply: BackwardReply = { trace, loss, grads, steps, jacobianNorms: stepJacobianNorms(req.model, trace, layer) };
      return transfer(reply, collectBuffers(reply));
    },
  };
}
