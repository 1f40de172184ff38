import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import { importModel, importTfjsModel, type TfjsFile } from '../../src/engine/io';
import type { Batch } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { bytes } from './helpers';

// TF.js layers models saved by TF.js 4.22 itself (tf.sequential + model.save), against its own model.predict.
// Fixtures: test/fixtures/tfjs/<case>/, written by test/fixtures/tfjs/make_tfjs_fixtures.mjs (run by hand).
//
// Tolerance, float32's, never loosened: pass when |a − b| ≤ 1e-5 + 1e-4·|b|, b TF.js's value.
const ATOL = 1e-5;
const RTOL = 1e-4;

const DIR = fileURLToPath(new URL('../fixtures/tfjs', import.meta.url));
const CASES = readdirSync(DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

/** The model.json and .bin files of a case, as a user picks them. */
function filesOf(name: string): TfjsFile[] {
  return readdirSync(join(DIR, name)).filter((f) => f !== 'expected.json').sort()
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(DIR, name, f))) }));
}

interface Expected { input: { tokens?: number[][]; x?: number[][][] }; shape: [number, number, number]; y: number[] }

/** The engine batch of a case's fixed input. */
function batchOf({ input, shape: [n, T] }: Expected): Batch {
  const tokens = input.tokens ? Int32Array.from(input.tokens.flat()) : null;
  const x = input.x ? Float32Array.from(input.x.flat(2)) : null;
  return { n, T, x, tokens, lengths: null, h0: null, c0: null };
}

/** model.json of a case with `edit` applied to its parsed JSON, and the case's other files. */
function edited(name: string, edit: (json: any) => void): TfjsFile[] {
  return filesOf(name).map((f) => {
    if (f.name !== 'model.json') return f;
    const json = JSON.parse(new TextDecoder().decode(f.bytes));
    edit(json);
    return { name: f.name, bytes: bytes(json) };
  });
}

/** Asserts that importing throws an EngineError whose message matches. */
function refuses(files: TfjsFile[], message: RegExp): void {
  let error: unknown;
  try { importTfjsModel(files); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(EngineError);
  expect((error as Error).message).toMatch(message);
}

const LSTM = 'lstm_2layers_dropout_tanh';
const GRU = 'gru_reset_before_sigmoid';
const layers = (json: any) => json.modelTopology.config.layers;

describe('importTfjsModel(files) on models saved by TF.js', () => {
  it.each(CASES)('%s: y at every step matches model.predict within float32 tolerance', (name) => {
    const expected = JSON.parse(readFileSync(join(DIR, name, 'expected.json'), 'utf8')) as Expected;
    const { model, format, names } = importTfjsModel(filesOf(name));
    expect(format).toBe('tfjs');
    expect(names['rnn.weight_ih_l0']).toBe('rnn.weight_ih_l0');
    const y = unroll(model, batchOf(expected)).y!;
    expect(y.length).toBe(expected.y.length);
    const bad = expected.y.flatMap((b, i) => (Math.abs(y[i] - b) <= ATOL + RTOL * Math.abs(b) ? [] : [`y[${i}]: engine ${y[i]}, TF.js ${b}`]));
    expect(bad).toEqual([]);
  });

  it('reads the config from the layers: kind, sizes, σ, GRU variant and output activation', () => {
    expect(importTfjsModel(filesOf(GRU)).model.config).toEqual({
      cell: 'gru', inputSize: 2, hiddenSize: 4, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: false,
      bias: true, embeddingSize: 0, outputSize: 3, outputActivation: 'sigmoid',
    });
    expect(importTfjsModel(filesOf('simplernn_relu_2layers_linear')).model.config).toMatchObject({ cell: 'rnn', numLayers: 2, nonlinearity: 'relu', outputActivation: 'identity' });
    expect(importTfjsModel(filesOf('embedding_simplernn_softmax')).model.config).toMatchObject({ embeddingSize: 6, inputSize: 3, outputActivation: 'softmax' });
  });

  it('skips Dropout with a warning, and warns when the last layer returns only its last step', () => {
    expect(importTfjsModel(filesOf(LSTM)).warnings).toEqual(['Layer "dropout_Dropout1" (Dropout) is skipped: it does nothing at inference.']);
    const last = importTfjsModel(edited(GRU, (j) => { layers(j)[0].config.return_sequences = false; }));
    expect(last.warnings).toEqual(['Layer "gru_GRU1" has return_sequences = false, so the Keras model outputs only the last step; rnn-unfold shows y at every step (the last one is the model\'s output).']);
  });

  it('tells importModel users that a model.json needs its weight files', () => {
    expect(() => importModel(filesOf(GRU).find((f) => f.name === 'model.json')!.bytes, 'model.json')).toThrow(/is a TF\.js model\.json: choose it together with its \.bin weight files/);
  });
});

describe('importTfjsModel(files) refuses, naming the layer, weight or file', () => {
  it('a bad manifest', () => {
    refuses(edited(GRU, (j) => { j.weightsManifest[0].weights[0].shape = [2, 'x']; }), /^"model\.json" is not valid at weightsManifest\[0\]\.weights\[0\]\.shape\[1\]/);
    refuses(edited(GRU, (j) => { j.weightsManifest[0].weights[1].dtype = 'int32'; }), /^Weight "gru_GRU1\/recurrent_kernel" has dtype int32: rnn-unfold reads float32 weights only\.$/);
    refuses(edited(GRU, (j) => { j.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', scale: 1, min: 0 }; }), /^Weight "gru_GRU1\/kernel" is quantized/);
    refuses(edited(GRU, (j) => { j.weightsManifest[0].weights[0].shape = [2, 9]; }), /^Weight "gru_GRU1\/kernel" of layer "gru_GRU1" \(GRU\) has shape \[2, 9\]; this model needs \[2, 12\]\.$/);
    refuses(edited(LSTM, (j) => { j.weightsManifest[0].weights[3].shape = [4, 20]; }), /^Weight "lstm_LSTM2\/kernel" of layer "lstm_LSTM2" \(LSTM\) has shape \[4, 20\]; this model needs \[5, 20\]\.$/);
    refuses(edited(GRU, (j) => { j.weightsManifest[0].weights[1].shape = [4, 9]; }), /^Weight "gru_GRU1\/recurrent_kernel" of layer "gru_GRU1" \(GRU\) has shape \[4, 9\]; this model needs \[4, 12\]\.$/);
    refuses(edited(GRU, (j) => { j.weightsManifest[0].weights.splice(1, 1); }), /^Layer "gru_GRU1" \(GRU\) has no weight "\.\.\.\/recurrent_kernel"/);
    refuses(edited(GRU, (j) => { j.weightsManifest[0].weights.push({ name: 'Adam/iter', shape: [], dtype: 'float32' }); }), /^Weight "Adam\/iter" of the weights manifest belongs to no layer/);
  });

  it('a missing, short or long .bin file', () => {
    refuses(filesOf(LSTM).filter((f) => f.name !== 'group1-shard2of2.bin'), /^model\.json names the weight file "\.\/group1-shard2of2\.bin", which is not among the chosen files/);
    const cut = filesOf(GRU).map((f) => (f.name === 'weights.bin' ? { ...f, bytes: f.bytes.subarray(0, 390) } : f));
    refuses(cut, /^The weight file "\.\/weights\.bin" holds 390 bytes, but the manifest's weights need 396 \(float32\)/);
    const long = filesOf(GRU).map((f) => (f.name === 'weights.bin' ? { ...f, bytes: new Uint8Array(400) } : f));
    refuses(long, /holds 400 bytes, 4 more than the manifest's weights need \(396\)/);
    refuses(filesOf(GRU).filter((f) => f.name !== 'model.json'), /^None of the chosen files \("weights\.bin"\) is a TF\.js model\.json/);
  });

  it('a non-finite weight, by weight name and Keras index', () => {
    const nan = filesOf(GRU).map((f) => {
      if (f.name !== 'weights.bin') return f;
      const b = f.bytes.slice();
      new DataView(b.buffer).setFloat32(4 * 5, Number.NaN, true);
      return { ...f, bytes: b };
    });
    refuses(nan, /^Weight "gru_GRU1\/kernel" holds NaN at index \[0, 5\]: every number must be finite\.$/);
  });

  it('bidirectional, backwards, stateful and unknown layers, and layers the engine computes otherwise', () => {
    const wrap = (j: any) => { const l = layers(j)[0]; layers(j)[0] = { class_name: 'Bidirectional', config: { name: 'bidirectional_1', layer: l, merge_mode: 'concat' } }; };
    refuses(edited(GRU, wrap), /^Layer "bidirectional_1" \(Bidirectional\) is bidirectional: rnn-unfold runs one direction/);
    refuses(edited(GRU, (j) => { layers(j)[0].config.go_backwards = true; }), /^Layer "gru_GRU1" \(GRU\) has go_backwards = true/);
    refuses(edited(GRU, (j) => { layers(j)[0].config.stateful = true; }), /^Layer "gru_GRU1" \(GRU\) is stateful/);
    refuses(edited(LSTM, (j) => { layers(j)[2] = { class_name: 'BatchNormalization', config: { name: 'bn' } }; }), /^Layer "bn" \(BatchNormalization\) is not supported: rnn-unfold reads Embedding, SimpleRNN, LSTM, GRU and Dense layers \(Dropout is skipped\)\.$/);
    refuses(edited(LSTM, (j) => { layers(j)[0].config.recurrent_activation = 'hard_sigmoid'; }), /^Layer "lstm_LSTM1" \(LSTM\) has activation tanh and recurrent_activation hard_sigmoid: .*recurrentActivation: 'sigmoid'/);
    refuses(edited(LSTM, (j) => { layers(j)[0].config.return_sequences = false; }), /^Layer "lstm_LSTM1" has return_sequences = false, so layer "lstm_LSTM2" \(LSTM\) above it would get one step/);
    refuses(edited(LSTM, (j) => { layers(j)[3].config.activation = 'relu'; }), /^Layer "dense_Dense3" \(Dense\) has activation relu/);
    refuses(edited(GRU, (j) => { j.modelTopology.class_name = 'Model'; }), /^The functional model has no list of inputs: rnn-unfold reads a model with one input and one output\.$/);
    refuses(edited(GRU, (j) => { j.modelTopology.class_name = 'Graph'; }), /^The model is a "Graph", not a Sequential or functional model/);
    refuses(edited(GRU, (j) => { delete j.modelTopology.class_name; }), /^The model is of no class, not a Sequential or functional model/);
    refuses(edited(GRU, (j) => { j.modelTopology.class_name = 7; }), /^The model is a number, not a Sequential or functional model/);
  });
});

describe('importTfjsModel(files) on a functional model (tf.model / keras.Model)', () => {
  const FUNCTIONAL = 'functional_lstm_dropout_dense';
  const config = (j: any) => j.modelTopology.config;
  const byName = (j: any, name: string) => layers(j).find((l: any) => l.name === name);

  it('reads the chain in data-flow order, whatever order the file lists the layers in', () => {
    const straight = importTfjsModel(filesOf(FUNCTIONAL));
    expect(straight.model.config).toMatchObject({ cell: 'lstm', hiddenSize: 4, inputSize: 3, outputSize: 2, outputActivation: 'softmax' });
    const shuffled = importTfjsModel(edited(FUNCTIONAL, (j) => { layers(j).reverse(); }));
    expect(Array.from(shuffled.model.params.layers[0].weightHh)).toEqual(Array.from(straight.model.params.layers[0].weightHh));
    expect(shuffled.model.config).toEqual(straight.model.config);
  });

  it("reads Keras 3's inbound nodes and single-tensor input/output lists", () => {
    const keras3 = importTfjsModel(edited(FUNCTIONAL, (j) => {
      j.modelTopology.class_name = 'Functional';
      for (const l of layers(j)) {
        l.inbound_nodes = l.inbound_nodes.map((node: any[]) => ({ args: node.map(([name, n, k]: any[]) => ({ class_name: '__keras_tensor__', config: { keras_history: [name, n, k] } })), kwargs: {} }));
      }
      config(j).input_layers = config(j).input_layers[0];
      config(j).output_layers = config(j).output_layers[0];
    }));
    expect(keras3.model.config).toEqual(importTfjsModel(filesOf(FUNCTIONAL)).model.config);
  });

  it('refuses branches, merges, shared layers and layers off the chain, naming the layer', () => {
    refuses(edited(FUNCTIONAL, (j) => { byName(j, 'readout').inbound_nodes = [[['memory', 0, 0, {}]]]; }),
      /^The output of layer "memory" feeds 2 layers \("drop", "readout"\): rnn-unfold reads a model whose layers form one chain\.$/);
    refuses(edited(FUNCTIONAL, (j) => { byName(j, 'readout').inbound_nodes = [[['drop', 0, 0, {}], ['memory', 0, 0, {}]]]; }),
      /^Layer "readout" \(Dense\) takes 2 inputs/);
    refuses(edited(FUNCTIONAL, (j) => { byName(j, 'memory').inbound_nodes.push([['sequence', 0, 0, {}]]); }),
      /^Layer "memory" \(LSTM\) is called 2 times \(a shared layer\)/);
    refuses(edited(FUNCTIONAL, (j) => { config(j).output_layers = [['drop', 0, 0]]; }),
      /^Layer "readout" is not on the chain from the model's input to its output/);
    refuses(edited(FUNCTIONAL, (j) => { byName(j, 'drop').inbound_nodes = [[['nowhere', 0, 0, {}]]]; }),
      /^Layer "drop" \(Dropout\) takes the output of "nowhere", which the model does not list\.$/);
    refuses(edited(FUNCTIONAL, (j) => { config(j).input_layers.push(['memory', 0, 0]); }),
      /^The functional model has 2 inputs: rnn-unfold reads a model with one input and one output\.$/);
    refuses(edited(FUNCTIONAL, (j) => { byName(j, 'memory').inbound_nodes = [[['readout', 0, 0, {}]]]; }),
      /is not reached from its input "sequence" along one chain|not on the chain/);
  });
});

describe('importTfjsModel(files) on a Keras GRU with reset_after = true', () => {
  // TF.js cannot build one ("GRUCell does not support reset_after parameter set to true"), so the reference is
  // Keras's own equations on the Keras layout, block order z, r, h and bias rows [input; recurrent]:
  //   z = σ(x·W_z + b_z + h·U_z + b'_z), r likewise, ĥ = tanh(x·W_h + b_h + r ⊙ (h·U_h + b'_h)), h = z ⊙ h + (1 − z) ⊙ ĥ.
  it('matches the Keras equations at every step', () => {
    const D = 2, H = 3, T = 4;
    const val = (k: number) => Math.fround(Math.sin(1.7 * k + 0.3) * 0.8);
    const kernel = Array.from({ length: D * 3 * H }, (_, k) => val(k));
    const recurrent = Array.from({ length: H * 3 * H }, (_, k) => val(100 + k));
    const bias = Array.from({ length: 2 * 3 * H }, (_, k) => val(200 + k));
    const json = {
      format: 'layers-model',
      modelTopology: { model_config: { class_name: 'Sequential', config: { name: 's', layers: [
        { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, null, D] } },
        { class_name: 'GRU', config: { name: 'gru', units: H, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, reset_after: true, return_sequences: true } },
      ] } } },
      weightsManifest: [{ paths: ['w.bin'], weights: [
        { name: 'gru/gru_cell/kernel', shape: [D, 3 * H], dtype: 'float32' },
        { name: 'gru/gru_cell/recurrent_kernel', shape: [H, 3 * H], dtype: 'float32' },
        { name: 'gru/gru_cell/bias', shape: [2, 3 * H], dtype: 'float32' },
      ] }],
    };
    const bin = new Uint8Array(new Float32Array([...kernel, ...recurrent, ...bias]).buffer);
    const { model } = importTfjsModel([{ name: 'model.json', bytes: bytes(json) }, { name: 'w.bin', bytes: bin }]);
    expect(model.config).toMatchObject({ cell: 'gru', gruResetAfter: true, inputSize: D, hiddenSize: H, outputSize: 0 });
    const xs = Array.from({ length: T * D }, (_, k) => Math.cos(0.9 * k));
    const trace = unroll(model, { n: 1, T, x: Float32Array.from(xs), tokens: null, lengths: null, h0: null, c0: null });
    const sig = (a: number) => 1 / (1 + Math.exp(-a));
    let h = new Array(H).fill(0);
    for (let t = 0; t < T; t++) {
      const x = xs.slice(t * D, (t + 1) * D);
      const xw = (col: number) => x.reduce((s, xi, i) => s + xi * kernel[i * 3 * H + col], 0) + bias[col];
      const hu = (col: number) => h.reduce((s, hi, i) => s + hi * recurrent[i * 3 * H + col], 0) + bias[3 * H + col];
      const next = h.map((hj, j) => {
        const z = sig(xw(j) + hu(j)), r = sig(xw(H + j) + hu(H + j));
        const hat = Math.tanh(xw(2 * H + j) + r * hu(2 * H + j));
        return z * hj + (1 - z) * hat;
      });
      h = next;
      h.forEach((b, j) => expect(Math.abs(trace.layers[0].h[t * H + j] - b)).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(b)));
    }
  });
});
