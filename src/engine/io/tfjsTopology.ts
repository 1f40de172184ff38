/**
 * The layers of a TF.js layers model (model.json `modelTopology`, as tf.io and tfjs-converter write Keras
 * models) read into a plan: an optional Embedding, a stack of SimpleRNN / LSTM / GRU layers of one kind and
 * size, and an optional Dense output (bare, in TimeDistributed, or followed by an Activation layer). Anything
 * the engine would compute differently is refused with the layer's name; layers that do nothing at
 * inference (Dropout and its kin) are skipped with a warning.
 */
import { EngineError } from '../errors';
import { MAX_LAYERS } from '../init';
import type { CellKind, Nonlinearity, OutputActivation } from '../types';
import { FUNCTIONAL_CLASSES, functionalChain, preview } from './tfjsFunctional';

/** Most layers a topology may list (a model the engine runs has a handful). */
const MAX_TOPOLOGY_LAYERS = 1000;

/** One recurrent layer of the plan. */
export interface TfjsRecurrentLayer {
  /** The layer's name, which prefixes its weight names. */
  name: string;
  /** Keras class name, for messages. */
  className: string;
  /** Cell kind. */
  cell: CellKind;
  /** H: units. */
  units: number;
  /** Whether the layer has a bias. */
  useBias: boolean;
  /** GRU only: Keras reset_after (TF.js GRUs are always false). */
  resetAfter: boolean;
}

/** What the topology holds, in the engine's terms. */
export interface TfjsPlan {
  /** The Embedding layer's name and sizes, or null. */
  embedding: { name: string; inputDim: number; outputDim: number } | null;
  /** The recurrent layers, bottom first. */
  layers: TfjsRecurrentLayer[];
  /** σ of SimpleRNN layers (tanh for LSTM / GRU, which ignore it). */
  nonlinearity: Nonlinearity;
  /** The Dense layer (the name its weights sit under), or null. */
  dense: { name: string; units: number; useBias: boolean; activation: OutputActivation } | null;
  /** What was skipped or assumed, for the user. */
  warnings: string[];
}

const RECURRENT_CLASS: Record<string, CellKind> = { SimpleRNN: 'rnn', LSTM: 'lstm', GRU: 'gru' };
const INERT = new Set(['Dropout', 'SpatialDropout1D', 'GaussianDropout', 'GaussianNoise', 'AlphaDropout', 'ActivityRegularization']);
const SIGMA: Record<string, Nonlinearity> = { tanh: 'tanh', relu: 'relu', sigmoid: 'sigmoid', linear: 'identity' };
const OUTPUT: Record<string, OutputActivation> = { softmax: 'softmax', sigmoid: 'sigmoid', tanh: 'tanh', linear: 'identity' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A layer's label for messages: `"lstm_1" (LSTM)`. */
function label(name: string, className: string): string {
  return `"${name}" (${className})`;
}

/** A positive whole-number field of a layer config. */
function units(config: Obj, key: string, what: string): number {
  const v = config[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1 << 20) throw new EngineError(`Layer ${what} has ${key} = ${JSON.stringify(v)}: expected a whole number from 1 to ${1 << 20}.`);
  return v;
}

/** An activation name (Keras writes a string; `hardSigmoid` and `hard_sigmoid` are the same). */
function activationOf(config: Obj, key: string, fallback: string, what: string): string {
  const v = config[key] ?? fallback;
  if (typeof v !== 'string') throw new EngineError(`Layer ${what} has ${key} ${JSON.stringify(v)}: expected the name of an activation.`);
  return v.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * The layers list of a Sequential topology (tf.io's own or tfjs-converter's `model_config`), or of a functional one
 * whose layers form one chain, in the order data flows.
 */
function layersOf(topology: unknown): Obj[] {
  const t = isObj(topology) && isObj(topology.model_config) ? topology.model_config : topology;
  if (!isObj(t)) throw new EngineError('The modelTopology of model.json is not a JSON object.');
  if (Array.isArray(t.node)) throw new EngineError('This is a TF.js graph model (from a SavedModel or a frozen graph): rnn-unfold reads TF.js layers models, saved from tf.sequential or Keras.');
  const functional = typeof t.class_name === 'string' && FUNCTIONAL_CLASSES.has(t.class_name);
  if (t.class_name !== 'Sequential' && !functional) {
    throw new EngineError(`The model is ${t.class_name === undefined ? 'of no class' : `a ${preview(t.class_name)}`}, not a Sequential or functional model: rnn-unfold reads a straight stack of layers (tf.sequential, keras.Sequential, or tf.model / keras.Model over one chain of layers).`);
  }
  const c = t.config;
  const layers = Array.isArray(c) ? c : isObj(c) ? c.layers : undefined;
  if (!Array.isArray(layers)) throw new EngineError(`The ${functional ? 'functional' : 'Sequential'} model in model.json lists no layers.`);
  if (layers.length > MAX_TOPOLOGY_LAYERS) throw new EngineError(`The model lists ${layers.length} layers, more than the limit of ${MAX_TOPOLOGY_LAYERS}.`);
  const checked = layers.map((l, k) => {
    if (!isObj(l) || typeof l.class_name !== 'string' || !isObj(l.config)) throw new EngineError(`Layer ${k} of the model is not {"class_name": …, "config": {…}}.`);
    return l;
  });
  return functional ? functionalChain(checked, c) : checked;
}

/** A recurrent layer, refused when the engine would run it differently. */
function recurrentLayer(cell: CellKind, className: string, config: Obj, name: string): { layer: TfjsRecurrentLayer; sigma: Nonlinearity; returnSequences: boolean } {
  const what = label(name, className);
  if (config.go_backwards === true) throw new EngineError(`Layer ${what} has go_backwards = true: rnn-unfold runs sequences forwards only.`);
  if (config.stateful === true) throw new EngineError(`Layer ${what} is stateful (it carries its state across batches): rnn-unfold starts every sequence from h0; save it with stateful = false.`);
  if (config.return_state === true) throw new EngineError(`Layer ${what} has return_state = true: rnn-unfold reads a model whose layers pass on their outputs only.`);
  if (config.time_major === true) throw new EngineError(`Layer ${what} has time_major = true: rnn-unfold reads batch-major layers.`);
  const activation = activationOf(config, 'activation', 'tanh', what);
  let sigma: Nonlinearity = 'tanh';
  if (cell === 'rnn') {
    if (!Object.hasOwn(SIGMA, activation)) throw new EngineError(`Layer ${what} has activation ${activation}: rnn-unfold's RNN uses tanh, relu, sigmoid or linear.`);
    sigma = SIGMA[activation];
  } else {
    const recurrent = activationOf(config, 'recurrent_activation', 'sigmoid', what);
    if (activation !== 'tanh' || recurrent !== 'sigmoid') {
      throw new EngineError(`Layer ${what} has activation ${activation} and recurrent_activation ${recurrent}: rnn-unfold's ${className} uses tanh and the logistic sigmoid, as PyTorch does (TF.js defaults recurrentActivation to hardSigmoid: rebuild with recurrentActivation: 'sigmoid').`);
    }
  }
  const layer: TfjsRecurrentLayer = {
    name, className, cell, units: units(config, 'units', what), useBias: config.use_bias !== false,
    resetAfter: cell === 'gru' && config.reset_after === true,
  };
  return { layer, sigma, returnSequences: config.return_sequences === true };
}

/** Reads the topology of model.json into a plan; throws an EngineError naming the first layer it cannot run. */
export function planTopology(topology: unknown): TfjsPlan {
  const plan: TfjsPlan = { embedding: null, layers: [], nonlinearity: 'tanh', dense: null, warnings: [] };
  let lastReturnsSequences = true, denseActivationOpen = false;
  const sigmas = new Set<Nonlinearity>();
  for (const l of layersOf(topology)) {
    const className = l.class_name as string, config = l.config as Obj;
    const name = typeof config.name === 'string' ? config.name : className;
    const what = label(name, className);
    if (className === 'InputLayer') continue;
    if (INERT.has(className)) { plan.warnings.push(`Layer ${what} is skipped: it does nothing at inference.`); continue; }
    if (className === 'Bidirectional') throw new EngineError(`Layer ${what} is bidirectional: rnn-unfold runs one direction (build the model without the Bidirectional wrapper).`);
    if (plan.dense && className !== 'Activation') throw new EngineError(`Layer ${what} comes after the output layer "${plan.dense.name}": rnn-unfold reads a Dense layer only at the top.`);
    const cell = RECURRENT_CLASS[className];
    if (className === 'Embedding') {
      if (plan.embedding || plan.layers.length) throw new EngineError(`Layer ${what} is not the first layer: rnn-unfold reads one Embedding, below the recurrent layers.`);
      plan.embedding = { name, inputDim: units(config, 'input_dim', what), outputDim: units(config, 'output_dim', what) };
      if (config.mask_zero === true) plan.warnings.push(`Layer ${what} has mask_zero = true: Keras skips the steps whose token is 0, rnn-unfold runs them. Outputs agree on sequences without token 0.`);
    } else if (cell) {
      if (!lastReturnsSequences) throw new EngineError(`Layer "${plan.layers.at(-1)!.name}" has return_sequences = false, so layer ${what} above it would get one step, not a sequence.`);
      const { layer, sigma, returnSequences } = recurrentLayer(cell, className, config, name);
      const first = plan.layers[0];
      if (first && (first.cell !== cell || first.units !== layer.units || first.resetAfter !== layer.resetAfter)) {
        throw new EngineError(`Layer ${what} differs from layer ${label(first.name, first.className)} below it (${layer.units} units against ${first.units}): rnn-unfold stacks layers of one kind and one size.`);
      }
      if (plan.layers.length === MAX_LAYERS) throw new EngineError(`Layer ${what} is recurrent layer ${MAX_LAYERS + 1}: rnn-unfold stacks at most ${MAX_LAYERS}.`);
      sigmas.add(sigma);
      if (sigmas.size > 1) throw new EngineError(`Layer ${what} has another activation than the SimpleRNN layers below it: rnn-unfold uses one σ for the whole stack.`);
      plan.nonlinearity = sigma;
      plan.layers.push(layer);
      lastReturnsSequences = returnSequences;
    } else if (className === 'Dense' || (className === 'TimeDistributed' && isObj(config.layer) && config.layer.class_name === 'Dense' && isObj(config.layer.config))) {
      if (!plan.layers.length) throw new EngineError(`Layer ${what} comes before any recurrent layer: rnn-unfold reads a Dense layer only as the output layer on h_t.`);
      const inner = className === 'Dense' ? config : (config.layer as Obj).config as Obj;
      const activation = activationOf(inner, 'activation', 'linear', what);
      if (!Object.hasOwn(OUTPUT, activation)) throw new EngineError(`Layer ${what} has activation ${activation}: rnn-unfold's output layer uses softmax, sigmoid, tanh or linear.`);
      plan.dense = { name, units: units(inner, 'units', what), useBias: inner.use_bias !== false, activation: OUTPUT[activation] };
      denseActivationOpen = activation === 'linear';
    } else if (className === 'Activation' && plan.dense && denseActivationOpen) {
      const activation = activationOf(config, 'activation', 'linear', what);
      if (!Object.hasOwn(OUTPUT, activation)) throw new EngineError(`Layer ${what} applies ${activation}: rnn-unfold's output layer uses softmax, sigmoid, tanh or linear.`);
      plan.dense.activation = OUTPUT[activation];
      denseActivationOpen = activation === 'linear';
    } else {
      throw new EngineError(`Layer ${what} is not supported: rnn-unfold reads Embedding, SimpleRNN, LSTM, GRU and Dense layers (Dropout is skipped).`);
    }
  }
  if (!plan.layers.length) throw new EngineError('The model has no SimpleRNN, LSTM or GRU layer.');
  if (!lastReturnsSequences) {
    plan.warnings.push(`Layer "${plan.layers.at(-1)!.name}" has return_sequences = false, so the Keras model outputs only the last step; rnn-unfold shows ${plan.dense ? 'y' : 'h'} at every step (the last one is the model's output).`);
  }
  return plan;
}
