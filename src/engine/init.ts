/**
 * Seeded initialisation. Draw order (part of the format): embedding, then for each layer l = 0..L−1
 * weight_ih, weight_hh, bias_ih, bias_hh, then the output weight and bias; each tensor row-major.
 *
 * - 'pytorch': every recurrent tensor U(−1/√H, 1/√H) (nn.RNN/LSTM/GRU.reset_parameters); output layer
 *   U(−1/√H, 1/√H) for weight and bias (nn.Linear's kaiming_uniform(a = √5) bound); embedding N(0, 1).
 * - 'xavier': weights U(−a, a), a = √(6 / (fan_in + fan_out)) per gate block; biases zero; embedding N(0, 1).
 * - 'orthogonal': W_hh gate blocks orthogonal (Gram–Schmidt of a normal matrix, sign-fixed as in QR); other
 *   weights as 'xavier'; biases zero.
 */
import { gateCount } from './gates';
import { EngineError } from './errors';
import { createRng, type Rng } from './random';
import { alloc } from './tensor';
import type { Arr, DType, LayerParams, Model, ModelConfig, Params } from './types';

/** Initialisation schemes. */
export type InitScheme = 'pytorch' | 'xavier' | 'orthogonal';

/** The deepest stack the engine accepts. */
export const MAX_LAYERS = 4;

export { DEFAULT_VOCABULARY } from './gates';

/** Checks a config; throws an EngineError naming the first problem. */
export function validateConfig(c: ModelConfig): void {
  const int = (v: number, lo: number, hi: number, name: string) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new EngineError(`${name} must be a whole number from ${lo} to ${hi}; got ${v}.`);
  };
  if (!['rnn', 'lstm', 'gru'].includes(c.cell)) throw new EngineError(`Unknown cell type "${c.cell}": use rnn, lstm or gru.`);
  int(c.inputSize, 1, 65536, 'The input size');
  int(c.hiddenSize, 1, 4096, 'The hidden size');
  int(c.numLayers, 1, MAX_LAYERS, 'The number of layers');
  int(c.embeddingSize, 0, 1 << 20, 'The embedding size');
  int(c.outputSize, 0, 1 << 20, 'The output size');
  if (!['tanh', 'relu', 'sigmoid', 'identity'].includes(c.nonlinearity)) throw new EngineError(`Unknown nonlinearity "${c.nonlinearity}".`);
  if (!['softmax', 'sigmoid', 'tanh', 'identity'].includes(c.outputActivation)) throw new EngineError(`Unknown output activation "${c.outputActivation}".`);
}

/** Allocates zeroed parameters with the shapes of a config. */
export function zeroParams(c: ModelConfig, dtype: DType = 'float32'): Params {
  validateConfig(c);
  const G = gateCount(c.cell), H = c.hiddenSize;
  const layers: LayerParams[] = [];
  for (let l = 0; l < c.numLayers; l++) {
    const D = l === 0 ? c.inputSize : H;
    layers.push({ weightIh: alloc(dtype, G * H * D), weightHh: alloc(dtype, G * H * H), biasIh: alloc(dtype, G * H), biasHh: alloc(dtype, G * H) });
  }
  return {
    layers,
    embedding: c.embeddingSize > 0 ? alloc(dtype, c.embeddingSize * c.inputSize) : null,
    outWeight: c.outputSize > 0 ? alloc(dtype, c.outputSize * H) : null,
    outBias: c.outputSize > 0 ? alloc(dtype, c.outputSize) : null,
  };
}

function fillUniform(a: Arr, rng: Rng, bound: number): void {
  for (let i = 0; i < a.length; i++) a[i] = rng.uniformIn(-bound, bound);
}

/** Fills an [rows, cols] block (rows ≤ cols or not) with an orthogonal matrix from normal draws. */
function fillOrthogonalBlock(a: Arr, off: number, rows: number, cols: number, rng: Rng): void {
  const m = new Float64Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = rng.normal();
  // Modified Gram–Schmidt on rows (when rows ≤ cols) gives orthonormal rows; else on columns.
  // One pass loses orthogonality in proportion to the condition number of the draw (WWᵀ − I reached 2e-11 at
  // H = 32); a second pass brings it back to rounding level ("twice is enough", Giraud et al. 2005).
  const byRows = rows <= cols;
  const cnt = byRows ? rows : cols, len = byRows ? cols : rows;
  const at = (v: number, k: number) => (byRows ? v * cols + k : k * cols + v);
  for (let v = 0; v < cnt; v++) {
    for (let pass = 0; pass < 2; pass++) for (let u = 0; u < v; u++) {
      let d = 0;
      for (let k = 0; k < len; k++) d += m[at(v, k)] * m[at(u, k)];
      for (let k = 0; k < len; k++) m[at(v, k)] -= d * m[at(u, k)];
    }
    let nrm = 0;
    for (let k = 0; k < len; k++) nrm += m[at(v, k)] ** 2;
    nrm = Math.sqrt(nrm) || 1;
    for (let k = 0; k < len; k++) m[at(v, k)] /= nrm;
  }
  for (let i = 0; i < m.length; i++) a[off + i] = m[i];
}

/** Creates a model with seeded parameters. */
export function initModel(config: ModelConfig, options: { seed: number; scheme?: InitScheme; dtype?: DType; vocabulary?: string[] }): Model {
  const scheme = options.scheme ?? 'pytorch';
  if (!['pytorch', 'xavier', 'orthogonal'].includes(scheme)) throw new EngineError(`Unknown initialisation "${scheme}".`);
  const params = zeroParams(config, options.dtype ?? 'float32');
  const rng = createRng(options.seed);
  const H = config.hiddenSize, G = gateCount(config.cell);
  if (params.embedding) for (let i = 0; i < params.embedding.length; i++) params.embedding[i] = rng.normal();
  const k = 1 / Math.sqrt(H);
  params.layers.forEach((p, l) => {
    const D = l === 0 ? config.inputSize : H;
    if (scheme === 'pytorch') {
      fillUniform(p.weightIh, rng, k); fillUniform(p.weightHh, rng, k);
      if (config.bias) { fillUniform(p.biasIh, rng, k); fillUniform(p.biasHh, rng, k); }
      return;
    }
    fillUniform(p.weightIh, rng, Math.sqrt(6 / (D + H)));
    if (scheme === 'xavier') fillUniform(p.weightHh, rng, Math.sqrt(6 / (2 * H)));
    else for (let g = 0; g < G; g++) fillOrthogonalBlock(p.weightHh, g * H * H, H, H, rng);
  });
  if (params.outWeight) {
    const O = config.outputSize;
    if (scheme === 'pytorch') { fillUniform(params.outWeight, rng, k); fillUniform(params.outBias!, rng, k); }
    else fillUniform(params.outWeight, rng, Math.sqrt(6 / (H + O)));
  }
  return { config: { ...config }, params, vocabulary: options.vocabulary ? [...options.vocabulary] : [] };
}
