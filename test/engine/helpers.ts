/** Test helpers: small models in float64, random batches and a finite-difference checker. */
import { initModel } from '../../src/engine/init';
import { createRng } from '../../src/engine/random';
import type { Batch, CellKind, Model, ModelConfig, Targets } from '../../src/engine/types';

/** A config with defaults for tests. */
export function cfg(over: Partial<ModelConfig>): ModelConfig {
  return {
    cell: 'rnn', inputSize: 3, hiddenSize: 4, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true,
    bias: true, embeddingSize: 0, outputSize: 3, outputActivation: 'softmax', ...over,
  };
}

/** A seeded float64 model. */
export function model64(over: Partial<ModelConfig>, seed = 1): Model {
  return initModel(cfg(over), { seed, dtype: 'float64' });
}

/** A seeded random batch (and matching targets) for a model. */
export function randomBatch(m: Model, n: number, T: number, seed = 7, opts: { lengths?: number[]; states?: boolean } = {}): { batch: Batch; targets: Targets } {
  const rng = createRng(seed);
  const c = m.config;
  const L = c.numLayers, H = c.hiddenSize;
  const x = c.embeddingSize > 0 ? null : Float64Array.from({ length: n * T * c.inputSize }, () => rng.normal());
  const tokens = c.embeddingSize > 0 ? Int32Array.from({ length: n * T }, () => Math.floor(rng.uniform() * c.embeddingSize)) : null;
  const states = opts.states ?? true;
  const h0 = states ? Float64Array.from({ length: L * n * H }, () => rng.uniformIn(-0.5, 0.5)) : null;
  const c0 = states && c.cell === 'lstm' ? Float64Array.from({ length: L * n * H }, () => rng.uniformIn(-0.5, 0.5)) : null;
  const lengths = opts.lengths ? Int32Array.from(opts.lengths) : null;
  const O = c.outputSize;
  const targets: Targets = c.outputActivation === 'softmax'
    ? { kind: 'classes', classes: Int32Array.from({ length: n * T }, () => Math.floor(rng.uniform() * O)) }
    : { kind: 'values', values: Float64Array.from({ length: n * T * O }, () => (c.outputActivation === 'sigmoid' ? rng.uniform() : rng.uniformIn(-0.9, 0.9))) };
  return { batch: { n, T, x, tokens, lengths, h0, c0 }, targets };
}

/** All cell kinds with their variants, for parameterised tests. */
export const CELL_VARIANTS: { name: string; over: Partial<ModelConfig> }[] = [
  { name: 'rnn tanh', over: { cell: 'rnn' as CellKind, nonlinearity: 'tanh' } },
  { name: 'rnn relu', over: { cell: 'rnn', nonlinearity: 'relu' } },
  { name: 'rnn sigmoid', over: { cell: 'rnn', nonlinearity: 'sigmoid' } },
  { name: 'rnn identity', over: { cell: 'rnn', nonlinearity: 'identity' } },
  { name: 'lstm', over: { cell: 'lstm' } },
  { name: 'gru (reset after)', over: { cell: 'gru', gruResetAfter: true } },
  { name: 'gru (reset before)', over: { cell: 'gru', gruResetAfter: false } },
];
