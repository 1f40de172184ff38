/**
 * The engine calls of the backward feature, as the store sees them (merged into EnginePort): one sample of the
 * input is run forward and back with the targets the model was trained on, the next token or value of the same
 * input, and the worker splits the gradients by step.
 */
import { IGNORE_INDEX } from '../engine/gates';
import type { Batch, Model, Targets } from '../engine/types';
import type { BackwardReply } from '../worker/backwardApi';
import { batchOf } from './batches';
import type { EngineClient } from './engineClient';
import { encodeSeriesInput } from './seriesTask';
import { encodeTextInput } from './textTask';

/** What a backward request is about. */
export interface BackwardOptions {
  /** The sample (input line) to back-propagate; 0 when absent. */
  sample?: number;
  /** The layer whose steps are taken apart; the top layer when absent. */
  layer?: number;
  /** Initial hidden state of every sample, [L, H]; zeros when absent. */
  h0?: ArrayLike<number> | null;
  /** Initial cell state (LSTM), [L, H]. */
  c0?: ArrayLike<number> | null;
}

/** A backward pass of one input line, ready for the views. */
export interface BackwardTrace extends BackwardReply {
  /** T: steps of the line. */
  T: number;
  /** Steps with a target, T − 1: the loss is the mean over these (N in ∂L/∂o_t = (y_t − target)/N for cross-entropy). */
  targetSteps: number;
  /** The target of each step as the views write it (the next token or value), null at the last step. */
  targets: (string | null)[];
  /**
   * How the last step, which has nothing to predict, is left out: 'ignore-index' (class target −100, as PyTorch's
   * CrossEntropyLoss ignores it) or 'dropped' (value targets: the loss runs over the first T − 1 steps).
   */
  lastStep: 'ignore-index' | 'dropped';
  /** The sample this is. */
  sample: number;
  /** The layer `steps` and `jacobianNorms` are about. */
  layer: number;
}

/** What the backward feature asks of the engine. */
export interface BackwardPort {
  /**
   * Back-propagates one line of the input through the model, with next-step targets; rejects with a readable
   * message when there is nothing to learn from (one step, no output layer, outputs that cannot predict the input).
   */
  traceBackward(model: Model, text: string, options?: BackwardOptions): Promise<BackwardTrace | null>;
}

/** The batch and next-step targets of one line, as the model was trained: x_t → the token or value at t + 1. */
export function nextStepProblem(model: Model, text: string, options: BackwardOptions = {}): { batch: Batch; targets: Targets; tokens: string[]; sample: number; lastStep: BackwardTrace['lastStep'] } {
  const { outputSize: O, outputActivation, inputSize: D } = model.config;
  if (O === 0) throw new Error('This model has no output layer, so there is no loss to back-propagate.');
  const isText = model.vocabulary.length > 0;
  const { samples, tokens: all } = isText ? encodeTextInput(model, text) : encodeSeriesInput(model, text);
  const b = Math.max(0, Math.min(all.length - 1, options.sample ?? 0));
  const tokens = all[b];
  const T = tokens.length;
  if (T < 2) throw new Error('Backward mode needs at least two steps: the last step has no next token to predict, so one step has no loss.');
  const batch = batchOf(samples.slice(b, b + 1), model, options);
  if (isText) {
    const V = model.vocabulary.length;
    if (O !== V) throw new Error(`The output layer has ${O} units but the vocabulary ${V} tokens: it does not predict the next character.`);
    const id = new Map(model.vocabulary.map((tok, k) => [tok, k]));
    const next = Int32Array.from({ length: T }, (_, t) => (t + 1 < T ? id.get(tokens[t + 1])! : IGNORE_INDEX));
    if (outputActivation === 'softmax') return { batch, targets: { kind: 'classes', classes: next }, tokens, sample: b, lastStep: 'ignore-index' };
    // BCE and MSE have no ignore_index: the one-hot next character is the target, and the last step is left out.
    const values = new Float32Array(T * O);
    for (let t = 0; t + 1 < T; t++) values[t * O + next[t]] = 1;
    return { batch: { ...batch, lengths: Int32Array.of(T - 1) }, targets: { kind: 'values', values }, tokens, sample: b, lastStep: 'dropped' };
  }
  if (O !== D) throw new Error(`The model reads ${D} number${D > 1 ? 's' : ''} per step and predicts ${O}: it does not forecast its next input.`);
  const x = batch.x!;
  const values = new Float32Array(T * O);
  values.set(x.subarray(D, T * D));
  return { batch: { ...batch, lengths: Int32Array.of(T - 1) }, targets: { kind: 'values', values }, tokens, sample: b, lastStep: 'dropped' };
}

/** The backward port over an engine client. */
export function createBackwardPort(client: EngineClient): BackwardPort {
  return {
    async traceBackward(model, text, options = {}) {
      const { batch, targets, tokens, sample, lastStep } = nextStepProblem(model, text, options);
      const layer = Math.max(0, Math.min(model.config.numLayers - 1, options.layer ?? model.config.numLayers - 1));
      const outcome = await client.invoke('call:backward', 'backwardSteps', { model, batch, targets, layer }).result;
      if (outcome.status === 'stale') return null;
      if (outcome.status === 'error') throw new Error(outcome.error);
      const T = tokens.length;
      return {
        ...outcome.value, T, targetSteps: T - 1, targets: tokens.map((_, t) => (t + 1 < T ? tokens[t + 1] : null)),
        lastStep, sample, layer,
      };
    },
  };
}
