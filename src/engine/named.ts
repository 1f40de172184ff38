/**
 * Parameters as a flat list of named tensors, under PyTorch state_dict names with the canonical module
 * prefixes `embedding.`, `rnn.` and `out.`. Model files, optimizers and gradient reports all walk this list.
 */
import { gateCount } from './gates';
import type { Arr, Gradients, Model, ModelConfig, Params } from './types';

/** One named tensor. */
export interface NamedTensor {
  /** state_dict name, e.g. `rnn.weight_hh_l0`. */
  name: string;
  /** Shape, PyTorch layout. */
  shape: number[];
  /** Row-major values. */
  data: Arr;
}

/** The canonical names and shapes of a config's parameters, in draw/state_dict order. */
export function paramShapes(c: ModelConfig): { name: string; shape: number[] }[] {
  const out: { name: string; shape: number[] }[] = [];
  const G = gateCount(c.cell), H = c.hiddenSize;
  if (c.embeddingSize > 0) out.push({ name: 'embedding.weight', shape: [c.embeddingSize, c.inputSize] });
  for (let l = 0; l < c.numLayers; l++) {
    const D = l === 0 ? c.inputSize : H;
    out.push({ name: `rnn.weight_ih_l${l}`, shape: [G * H, D] }, { name: `rnn.weight_hh_l${l}`, shape: [G * H, H] });
    if (c.bias) out.push({ name: `rnn.bias_ih_l${l}`, shape: [G * H] }, { name: `rnn.bias_hh_l${l}`, shape: [G * H] });
  }
  if (c.outputSize > 0) out.push({ name: 'out.weight', shape: [c.outputSize, H] }, { name: 'out.bias', shape: [c.outputSize] });
  return out;
}

/** The array of one canonical name inside Params (or a Gradients twin with the same structure). */
export function tensorByName(p: Pick<Params, 'layers' | 'embedding' | 'outWeight' | 'outBias'>, name: string): Arr {
  if (name === 'embedding.weight') return p.embedding!;
  if (name === 'out.weight') return p.outWeight!;
  if (name === 'out.bias') return p.outBias!;
  const m = /^rnn\.(weight_ih|weight_hh|bias_ih|bias_hh)_l(\d+)$/.exec(name);
  if (!m) throw new Error(`unknown parameter ${name}`);
  const layer = p.layers[Number(m[2])];
  return { weight_ih: layer.weightIh, weight_hh: layer.weightHh, bias_ih: layer.biasIh, bias_hh: layer.biasHh }[m[1] as 'weight_ih']!;
}

/** Parameters of a model as named tensors (sharing the model's arrays). */
export function namedParams(model: Model): NamedTensor[] {
  return paramShapes(model.config).map(({ name, shape }) => ({ name, shape, data: tensorByName(model.params, name) }));
}

/** Gradients of a model's parameters as named tensors, in the same order as namedParams. */
export function namedGrads(model: Model, g: Gradients): NamedTensor[] {
  return paramShapes(model.config).map(({ name, shape }) => ({ name, shape, data: tensorByName(g, name) }));
}
