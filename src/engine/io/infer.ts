/**
 * Reads a model's structure from the names and shapes of a PyTorch state_dict, with any module prefix
 * (`rnn.weight_ih_l0`, `model.lstm.weight_ih_l0`, `weight_ih_l0`):
 *  - the recurrent module is the set of keys `<p>weight_ih_l<k>`, `<p>weight_hh_l<k>`, `<p>bias_ih_l<k>`,
 *    `<p>bias_hh_l<k>`; its kind comes from weight_hh_l0 of shape [G·H, H] (G = 1 RNN, 3 GRU, 4 LSTM);
 *  - the embedding is a `<q>.weight` of shape [V, D] with no `<q>.bias`, D being weight_ih_l0's width;
 *  - the output layer is a `<q>.weight` of shape [O, H] with a `<q>.bias` of shape [O].
 * Nothing else is accepted, so a model is never loaded with a part silently left out.
 */
import { EngineError } from '../errors';
import { MAX_LAYERS } from '../init';
import { paramShapes } from '../named';
import type { CellKind, ModelConfig } from '../types';
import { formatShape } from './tensors';

/** The parts of a config that the shapes of a state_dict determine. */
export type ShapeConfig = Pick<ModelConfig, 'cell' | 'inputSize' | 'hiddenSize' | 'numLayers' | 'bias' | 'embeddingSize' | 'outputSize'>;

/** A structure read from a state_dict. */
export interface InferredStructure {
  /** Sizes and kind. */
  config: ShapeConfig;
  /** File name of every canonical parameter name (see named.ts). */
  names: Record<string, string>;
}

const RECURRENT = /^(.*?)(weight_ih|weight_hh|bias_ih|bias_hh)_l(\d+)$/;
const LINEAR = /^(?:(.*)\.)?(weight|bias)$/;
const KIND_OF_GATES: Record<number, CellKind> = { 1: 'rnn', 3: 'gru', 4: 'lstm' };

/** Throws a refusal for the variants of nn.RNN/LSTM/GRU the engine does not implement. */
function refuseUnsupported(name: string): void {
  if (/_reverse$/.test(name)) {
    throw new EngineError(`"${name}" belongs to a bidirectional RNN: bidirectional models are not supported (rnn-unfold runs one direction; save a model built with bidirectional=False).`);
  }
  if (/weight_hr_l\d+/.test(name)) {
    throw new EngineError(`"${name}" belongs to an LSTM with proj_size > 0: projected LSTMs are not supported (save a model built with proj_size=0).`);
  }
}

/** Infers the structure of a state_dict from its names and shapes; throws an EngineError naming the first problem. */
export function inferStructure(tensors: readonly { name: string; shape: number[] }[]): InferredStructure {
  const shapes = new Map(tensors.map((t) => [t.name, t.shape]));
  const recurrent: string[] = [];
  const linear = new Map<string, { weight?: string; bias?: string }>();
  let prefix: string | null = null;
  for (const { name } of tensors) {
    refuseUnsupported(name);
    const r = RECURRENT.exec(name);
    if (r && (r[1] === '' || r[1].endsWith('.'))) {
      if (prefix !== null && prefix !== r[1]) {
        throw new EngineError(`The file holds two recurrent modules ("${prefix}…" and "${r[1]}…"); rnn-unfold loads one stacked RNN, LSTM or GRU.`);
      }
      prefix = r[1];
      recurrent.push(name);
      continue;
    }
    const m = LINEAR.exec(name);
    if (!m) throw new EngineError(`Unexpected tensor "${name}" ${formatShape(shapes.get(name)!)}: rnn-unfold loads an optional embedding, one RNN, LSTM or GRU and an optional linear output layer.`);
    const group = linear.get(m[1] ?? '') ?? {};
    group[m[2] as 'weight' | 'bias'] = name;
    linear.set(m[1] ?? '', group);
  }
  if (prefix === null) {
    throw new EngineError('No recurrent layer found: expected keys such as weight_ih_l0 and weight_hh_l0, with or without a module prefix like "rnn.".');
  }
  const p = prefix;
  const key = (kind: string, l: number) => `${p}${kind}_l${l}`;
  const layerIds = new Set(recurrent.map((n) => Number(RECURRENT.exec(n)![3])));
  const L = layerIds.size;
  if (L > MAX_LAYERS) throw new EngineError(`The model has ${L} stacked layers; rnn-unfold shows at most ${MAX_LAYERS}.`);
  for (let l = 0; l < L; l++) {
    if (!layerIds.has(l)) throw new EngineError(`Layer ${l} is missing: stacked layers must be numbered l0 to l${L - 1} without gaps (found ${[...layerIds].sort((a, b) => a - b).map((k) => `l${k}`).join(', ')}).`);
    for (const kind of ['weight_ih', 'weight_hh']) if (!shapes.has(key(kind, l))) throw new EngineError(`Layer ${l} has no "${key(kind, l)}".`);
  }
  const bias = shapes.has(key('bias_ih', 0));
  for (let l = 0; l < L; l++) for (const kind of ['bias_ih', 'bias_hh']) {
    if (shapes.has(key(kind, l)) !== bias) throw new EngineError(`"${key(kind, l)}" is ${bias ? 'missing' : 'present'}: either every layer has bias_ih and bias_hh, or none does (bias=False).`);
  }

  const whh = shapes.get(key('weight_hh', 0))!;
  const wih = shapes.get(key('weight_ih', 0))!;
  if (whh.length !== 2 || whh[1] < 1 || !KIND_OF_GATES[whh[0] / whh[1]]) {
    throw new EngineError(`"${key('weight_hh', 0)}" has shape ${formatShape(whh)}: expected [G·H, H] with G = 1 (RNN), 3 (GRU) or 4 (LSTM).`);
  }
  if (wih.length !== 2) throw new EngineError(`"${key('weight_ih', 0)}" has shape ${formatShape(wih)}: expected [G·H, D].`);
  const H = whh[1], D = wih[1];
  const cell = KIND_OF_GATES[whh[0] / H];

  let embedding: string | null = null, output: { weight: string; bias: string } | null = null;
  for (const [q, g] of linear) {
    const label = q === '' ? 'the top-level weight' : `"${q}"`;
    if (!g.weight) throw new EngineError(`"${g.bias}" has no matching weight.`);
    const w = shapes.get(g.weight)!;
    if (w.length !== 2) throw new EngineError(`"${g.weight}" has shape ${formatShape(w)}: a linear layer or an embedding has a 2-D weight.`);
    if (g.bias) {
      if (w[1] !== H) throw new EngineError(`The linear layer ${label} takes inputs of size ${w[1]}, but the hidden size is ${H}: only an output layer applied to h_t is supported.`);
      if (output) throw new EngineError(`Two output layers found ("${output.weight}" and "${g.weight}"); rnn-unfold loads one.`);
      output = { weight: g.weight, bias: g.bias };
    } else {
      if (w[1] !== D) throw new EngineError(`"${g.weight}" ${formatShape(w)} has no bias, so it would be the embedding, but its width ${w[1]} is not the RNN's input size ${D} (an output layer with bias=False is not supported).`);
      if (embedding) throw new EngineError(`Two embeddings found ("${embedding}" and "${g.weight}"); rnn-unfold loads one.`);
      embedding = g.weight;
    }
  }

  const config: ShapeConfig = {
    cell, inputSize: D, hiddenSize: H, numLayers: L, bias,
    embeddingSize: embedding ? shapes.get(embedding)![0] : 0,
    outputSize: output ? shapes.get(output.weight)![0] : 0,
  };
  const names: Record<string, string> = {};
  for (const { name } of paramShapes({ ...config, nonlinearity: 'tanh', gruResetAfter: true, outputActivation: 'identity' })) {
    if (name === 'embedding.weight') names[name] = embedding!;
    else if (name === 'out.weight') names[name] = output!.weight;
    else if (name === 'out.bias') names[name] = output!.bias;
    else names[name] = p + name.slice('rnn.'.length);
  }
  return { config, names };
}
