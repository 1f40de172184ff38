/** Small models and tasks shared by the worker and bridge tests. */
import { initModel } from '../../src/engine/init';
import { createRng } from '../../src/engine/random';
import type { Batch, Model, ModelConfig, Targets } from '../../src/engine/types';
import { encodeText } from '../../src/engine/vocab';
import type { TrainRequest } from '../../src/worker/api';

/** A config with test defaults (RNN tanh, D 3, H 4, softmax over 3 classes). */
export function cfg(over: Partial<ModelConfig> = {}): ModelConfig {
  return {
    cell: 'rnn', inputSize: 3, hiddenSize: 4, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true,
    bias: true, embeddingSize: 0, outputSize: 3, outputActivation: 'softmax', ...over,
  };
}

/** A seeded float64 model. */
export function model64(over: Partial<ModelConfig> = {}, seed = 1): Model {
  return initModel(cfg(over), { seed, dtype: 'float64' });
}

/** A seeded vector batch of n sequences of T steps with random class targets. */
export function vectorTask(m: Model, n: number, T: number, seed = 7): { batch: Batch; targets: Targets } {
  const rng = createRng(seed);
  const D = m.config.inputSize, O = m.config.outputSize;
  const x = Float64Array.from({ length: n * T * D }, () => rng.normal());
  const classes = Int32Array.from({ length: n * T }, () => Math.floor(rng.uniform() * O));
  return { batch: { n, T, x, tokens: null, lengths: null, h0: null, c0: null }, targets: { kind: 'classes', classes } };
}

/**
 * Next-character prediction on 'hello world': tokens 'hello worl' → targets 'ello world', through an
 * embedding of the text's 8 distinct characters.
 */
export function helloWorldTraining(over: Partial<TrainRequest> = {}): TrainRequest {
  const text = 'hello world';
  const vocabulary = [...new Set(text)];
  const ids = encodeText(text, vocabulary);
  const V = vocabulary.length, T = ids.length - 1;
  const model = initModel(cfg({ embeddingSize: V, inputSize: 8, hiddenSize: 16, outputSize: V }), { seed: 3, dtype: 'float64', vocabulary });
  const batch: Batch = { n: 1, T, x: null, tokens: ids.slice(0, T), lengths: null, h0: null, c0: null };
  return {
    runId: 1, model, batches: [{ batch, targets: { kind: 'classes', classes: ids.slice(1) } }],
    optimizer: { kind: 'adam', lr: 0.01 }, steps: 200, ...over,
  };
}

/** Whether two arrays hold bit-identical numbers (NaN equal to NaN, +0 distinct from −0). */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
