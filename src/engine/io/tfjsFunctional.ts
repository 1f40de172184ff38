/**
 * Functional TF.js / Keras models (tf.model, keras.Model; class "Model" or "Functional") read as a layer list in
 * the order data flows, when their layers form one chain from the single input to the single output. Merges,
 * branches, shared layers and layers off the chain are refused, naming the layer.
 */
import { EngineError } from '../errors';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A name from a file, quoted and cut to 40 characters, for messages. */
export function preview(v: unknown): string {
  if (typeof v !== 'string') return v === undefined ? 'nothing' : typeof v;
  return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
}

/** Class names of functional models: TF.js and Keras 2 write "Model", Keras 2.4+ and 3 "Functional". */
export const FUNCTIONAL_CLASSES: ReadonlySet<string> = new Set(['Model', 'Functional']);

/** A layer's label for messages: `"lstm_1" (LSTM)`. */
function label(name: string, className: unknown): string {
  return `${preview(name)} (${typeof className === 'string' ? className : 'no class'})`;
}

/** A functional layer's name (top level, else in its config). */
function nameOf(l: Obj, k: number): string {
  const n = typeof l.name === 'string' ? l.name : isObj(l.config) ? l.config.name : undefined;
  if (typeof n !== 'string') throw new EngineError(`Layer ${k} of the functional model has no name.`);
  return n;
}

/**
 * The name of the one layer whose output `l` takes, or null for an input. Reads Keras 2 / TF.js inbound nodes
 * (`[[["lstm", 0, 0, {}]]]`) and Keras 3's (`[{"args": [{"config": {"keras_history": ["lstm", 0, 0]}}]}]`).
 */
function sourceOf(l: Obj, name: string): string | null {
  const nodes = l.inbound_nodes ?? [];
  const what = label(name, l.class_name);
  if (!Array.isArray(nodes)) throw new EngineError(`Layer ${what} has inbound_nodes that are not a list.`);
  if (nodes.length === 0) return null;
  if (nodes.length > 1) throw new EngineError(`Layer ${what} is called ${nodes.length} times (a shared layer): rnn-unfold reads a model whose layers run once each, in one chain.`);
  const node: unknown = nodes[0];
  const tensors: unknown[] | null = Array.isArray(node) ? node : isObj(node) && Array.isArray(node.args) ? node.args : null;
  if (!tensors) throw new EngineError(`Layer ${what} has an inbound node rnn-unfold cannot read.`);
  if (tensors.length !== 1) throw new EngineError(`Layer ${what} takes ${tensors.length} inputs: rnn-unfold reads a model whose layers form one chain (no merges or branches).`);
  const tensor = tensors[0];
  const history = Array.isArray(tensor) ? tensor : isObj(tensor) && isObj(tensor.config) ? tensor.config.keras_history : null;
  if (!Array.isArray(history) || typeof history[0] !== 'string') throw new EngineError(`Layer ${what} has an inbound node rnn-unfold cannot read.`);
  return history[0];
}

/** The layer name of a functional model's `input_layers` / `output_layers`, which must list exactly one. */
function endOf(config: Obj, key: 'input_layers' | 'output_layers'): string {
  const v = config[key];
  // Keras writes [["name", 0, 0]]; Keras 3 writes ["name", 0, 0] for a single tensor.
  const list: unknown = Array.isArray(v) && typeof v[0] === 'string' ? [v] : v;
  const what = key === 'input_layers' ? 'inputs' : 'outputs';
  if (!Array.isArray(list) || list.length !== 1 || !Array.isArray(list[0]) || typeof list[0][0] !== 'string') {
    throw new EngineError(`The functional model has ${Array.isArray(list) ? list.length : 'no list of'} ${what}: rnn-unfold reads a model with one input and one output.`);
  }
  return list[0][0] as string;
}

/**
 * The layers of a functional model (each already checked to be {class_name, config}) in the order data flows,
 * when they form one chain from the input to the output; `config` is the model's config (input_layers, output_layers).
 */
export function functionalChain(layers: Obj[], config: unknown): Obj[] {
  if (!isObj(config)) throw new EngineError('The functional model has no config with its input and output layers.');
  const byName = new Map<string, Obj>();
  layers.forEach((l, k) => {
    const name = nameOf(l, k);
    if (byName.has(name)) throw new EngineError(`Two layers of the functional model are named ${preview(name)}.`);
    byName.set(name, l);
  });
  const consumers = new Map<string, string[]>();
  for (const [name, l] of byName) {
    const source = sourceOf(l, name);
    if (source === null) continue;
    if (!byName.has(source)) throw new EngineError(`Layer ${label(name, l.class_name)} takes the output of ${preview(source)}, which the model does not list.`);
    consumers.set(source, [...(consumers.get(source) ?? []), name]);
  }
  const input = endOf(config, 'input_layers'), output = endOf(config, 'output_layers');
  if (!byName.has(input)) throw new EngineError(`The functional model's input layer ${preview(input)} is not among its layers.`);
  const order: string[] = [];
  for (let name: string | undefined = input; name !== undefined && order.length <= byName.size;) {
    order.push(name);
    if (name === output) break;
    const next: string[] = consumers.get(name) ?? [];
    if (next.length > 1) throw new EngineError(`The output of layer ${preview(name)} feeds ${next.length} layers (${next.slice(0, 4).map((n) => preview(n)).join(', ')}): rnn-unfold reads a model whose layers form one chain.`);
    name = next[0];
  }
  if (order.at(-1) !== output) throw new EngineError(`The functional model's output layer ${preview(output)} is not reached from its input ${preview(input)} along one chain.`);
  if (order.length !== byName.size) {
    const on = new Set(order);
    const off = [...byName.keys()].find((n) => !on.has(n))!;
    throw new EngineError(`Layer ${preview(off)} is not on the chain from the model's input to its output: rnn-unfold reads a model whose layers form one chain.`);
  }
  return order.map((n) => byName.get(n)!);
}
