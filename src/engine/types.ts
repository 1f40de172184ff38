/**
 * Plain data types shared by the engine, the worker, the store and the views.
 * Every array is row-major; shapes use the letters n (batch), T (steps), D (input size),
 * H (hidden size), G (gates per cell: RNN 1, GRU 3, LSTM 4), O (output size), V (vocabulary).
 */

/** Storage precision of every engine array. Arithmetic is always done in JS doubles. */
export type DType = 'float32' | 'float64';
/** A flat numeric array in one of the engine's two dtypes. */
export type Arr = Float32Array | Float64Array;

/** The recurrent cell kind, as PyTorch names the module. */
export type CellKind = 'rnn' | 'lstm' | 'gru';
/** The RNN nonlinearity σ: PyTorch's tanh and relu, the textbook sigmoid, and identity (linear RNN). */
export type Nonlinearity = 'tanh' | 'relu' | 'sigmoid' | 'identity';
/** The output activation O in y_t = O(V·h_t + c). */
export type OutputActivation = 'softmax' | 'sigmoid' | 'tanh' | 'identity';

/** Everything that fixes the shapes and the equations of a model. */
export interface ModelConfig {
  /** Cell kind: rnn, lstm or gru. */
  cell: CellKind;
  /** D: size of the vector fed to layer 0 at each step (the embedding width when there is one). */
  inputSize: number;
  /** H: hidden units per layer. */
  hiddenSize: number;
  /** L: stacked layers, 1..MAX_LAYERS. */
  numLayers: number;
  /** σ of an RNN cell (ignored by LSTM and GRU). */
  nonlinearity: Nonlinearity;
  /** GRU only: true applies r to (W_hn·h + b_hn) as PyTorch does; false applies r to h before W_hn (Keras reset_after = false). */
  gruResetAfter: boolean;
  /** Whether the recurrent layers have bias_ih and bias_hh (PyTorch's `bias`). */
  bias: boolean;
  /** V: rows of an input embedding (token id → row of a [V, D] matrix), or 0 for none. */
  embeddingSize: number;
  /** O: units of the output layer y_t = O(V·h_t + c), or 0 for none. */
  outputSize: number;
  /** The output activation O. */
  outputActivation: OutputActivation;
}

/** Parameters of one recurrent layer, in PyTorch's layout and gate order. */
export interface LayerParams {
  /** W_ih: [G·H, D_l] (D_0 = D, D_l = H above layer 0); gate blocks i,f,g,o (LSTM) or r,z,n (GRU). */
  weightIh: Arr;
  /** W_hh: [G·H, H], same gate blocks. */
  weightHh: Arr;
  /** b_ih: [G·H]; all zero when config.bias is false. */
  biasIh: Arr;
  /** b_hh: [G·H]; all zero when config.bias is false. */
  biasHh: Arr;
}

/** All parameters of a model. */
export interface Params {
  /** One entry per stacked layer, bottom first. */
  layers: LayerParams[];
  /** Embedding E: [V, D], or null. */
  embedding: Arr | null;
  /** Output weight V: [O, H], or null. */
  outWeight: Arr | null;
  /** Output bias c: [O], or null. */
  outBias: Arr | null;
}

/** A model: config, parameters and the vocabulary the tokens index (may be empty for numeric inputs). */
export interface Model {
  /** Shapes and equations. */
  config: ModelConfig;
  /** Weights, PyTorch layout. */
  params: Params;
  /** Ordered token list: token id k is vocabulary[k]; empty when the model takes vectors. */
  vocabulary: string[];
}

/** The input of one forward pass. */
export interface Batch {
  /** n: samples. */
  n: number;
  /** T: steps (the longest sequence). */
  T: number;
  /** Input vectors [n, T, D], or null when `tokens` are given to a model with an embedding. */
  x: Arr | null;
  /** Token ids [n, T] for a model with an embedding, else null. */
  tokens: Int32Array | null;
  /** Valid steps per sample, each in 1..T; null means all T. Steps past a sequence's end are not computed. */
  lengths: Int32Array | null;
  /** Initial hidden state [L, n, H], or null for zeros. */
  h0: Arr | null;
  /** Initial cell state [L, n, H] (LSTM), or null for zeros. */
  c0: Arr | null;
}

/** Every intermediate of one recurrent layer over a batch, kept so that any step can be shown in O(1). */
export interface LayerTrace {
  /** W_ih·x_t without bias, [n, T, G·H]. */
  ih: Arr;
  /** W_hh·h_{t-1} without bias, [n, T, G·H]; for a GRU with reset_after = false the n block is W_hn·(r_t ⊙ h_{t-1}). */
  hh: Arr;
  /** Pre-activation of each gate, [n, T, G·H]; RNN: a_t = W_ih·x_t + b_ih + W_hh·h_{t-1} + b_hh. */
  pre: Arr;
  /** Value of each gate after its nonlinearity, [n, T, G·H]; RNN: equals h_t. */
  act: Arr;
  /** Cell state c_t, [n, T, H] (LSTM), else null. */
  c: Arr | null;
  /** Hidden state h_t, [n, T, H]; zero past a sequence's end. */
  h: Arr;
  /** The layer's input at each step, [n, T, D_l]. */
  input: Arr;
  /** h_{t=-1}: initial state of this layer, [n, H]. */
  h0: Arr;
  /** c_{t=-1} (LSTM), [n, H], else null. */
  c0: Arr | null;
  /** Last valid hidden state per sample, [n, H]. */
  hLast: Arr;
  /** Last valid cell state per sample (LSTM), [n, H], else null. */
  cLast: Arr | null;
}

/** The result of a forward pass. */
export interface Trace {
  /** n. */
  n: number;
  /** T. */
  T: number;
  /** Valid steps per sample, [n]. */
  lengths: Int32Array;
  /** One trace per layer, bottom first. */
  layers: LayerTrace[];
  /** V·h_t + c, [n, T, O], or null without an output layer. */
  logits: Arr | null;
  /** O(logits), [n, T, O], or null. */
  y: Arr | null;
}

/** Targets of a loss: class ids [n, T] for softmax outputs, values [n, T, O] otherwise. */
export type Targets = { kind: 'classes'; classes: Int32Array } | { kind: 'values'; values: Arr };

/** Gradients of the loss, each the twin of the quantity it differentiates (d prefix). */
export interface Gradients {
  /** One entry per layer: dWeightIh, dWeightHh, dBiasIh, dBiasHh. */
  layers: LayerParams[];
  /** ∂L/∂E, [V, D], or null. */
  embedding: Arr | null;
  /** ∂L/∂V, [O, H], or null. */
  outWeight: Arr | null;
  /** ∂L/∂c, [O], or null. */
  outBias: Arr | null;
  /** ∂L/∂h0, [L, n, H]. */
  h0: Arr;
  /** ∂L/∂c0, [L, n, H] (LSTM), else null. */
  c0: Arr | null;
  /** ∂L/∂x_t for the vectors fed to layer 0 (the embedded rows when there is an embedding), [n, T, D]. */
  x: Arr;
  /** ∂L/∂h_t, total (through the output and through all later steps), per layer, [L][n, T, H]. */
  dh: Arr[];
  /** ∂L/∂c_t, total, per layer (LSTM), [L][n, T, H], else null. */
  dc: Arr[] | null;
}
