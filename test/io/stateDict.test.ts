import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import { exportStateDict, importModel } from '../../src/engine/io';
import { bytes, expectSameModel, model, stateDictOf } from './helpers';

const load = (sd: unknown, options = {}) => importModel(bytes(sd), 'state_dict.json', options);

describe('importModel(state_dict JSON): prefixes and names', () => {
  const m = model({ cell: 'lstm', numLayers: 2, embeddingSize: 5, outputSize: 3 });

  it.each([
    ['canonical', { 'embedding.weight': 'embedding.weight', 'out.weight': 'out.weight', 'out.bias': 'out.bias' }, 'rnn.'],
    ['nested module', { 'embedding.weight': 'model.encoder.weight', 'out.weight': 'model.decoder.weight', 'out.bias': 'model.decoder.bias' }, 'model.lstm.'],
    ['no prefix', { 'embedding.weight': 'emb.weight', 'out.weight': 'fc.weight', 'out.bias': 'fc.bias' }, ''],
  ])('reads %s keys and remembers the file names', (_, linear, rnnPrefix) => {
    const names: Record<string, string> = { ...linear };
    for (const l of [0, 1]) for (const k of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) names[`rnn.${k}_l${l}`] = `${rnnPrefix}${k}_l${l}`;
    const got = load(stateDictOf(m, names));
    expect(got.format).toBe('state_dict');
    expect(got.names).toEqual(names);
    expectSameModel(got.model, { ...m, config: { ...m.config, outputActivation: 'identity' }, vocabulary: [] });
  });

  it('round-trips through exportStateDict under the file names', () => {
    const names = { 'rnn.weight_ih_l0': 'net.gru.weight_ih_l0', 'rnn.weight_hh_l0': 'net.gru.weight_hh_l0', 'rnn.bias_ih_l0': 'net.gru.bias_ih_l0', 'rnn.bias_hh_l0': 'net.gru.bias_hh_l0', 'out.weight': 'net.head.weight', 'out.bias': 'net.head.bias' };
    const g = model({ cell: 'gru' });
    const a = importModel(bytes(exportStateDict(g, names)), 'sd.json');
    expect(a.names).toEqual(names);
    const b = importModel(bytes(exportStateDict(a.model, a.names)), 'sd.json');
    expect(b.names).toEqual(names);
    expectSameModel(b.model, a.model);
    expectSameModel(a.model, g);
  });
});

describe('importModel(state_dict JSON): kind and structure inference', () => {
  it.each([['rnn', 1], ['gru', 3], ['lstm', 4]] as const)('infers %s from weight_hh rows = %i·H', (cell, G) => {
    const sd = stateDictOf(model({ cell, hiddenSize: 3, outputSize: 0 }));
    expect((sd['rnn.weight_hh_l0'] as number[][]).length).toBe(G * 3);
    const got = load(sd);
    expect(got.model.config).toMatchObject({ cell, hiddenSize: 3, inputSize: 3, numLayers: 1, bias: true, embeddingSize: 0, outputSize: 0 });
  });

  it('reads a bias=False model', () => {
    const m = model({ cell: 'gru', bias: false, numLayers: 3 });
    const got = load(stateDictOf(m));
    expect(got.model.config.bias).toBe(false);
    expect(got.model.config.numLayers).toBe(3);
    expect(Object.keys(got.names)).not.toContain('rnn.bias_ih_l0');
  });

  it('tells the embedding (no bias, width D) from the output layer (bias, width H)', () => {
    // D = H = 2 and V = O = 4: only the bias tells them apart.
    const m = model({ inputSize: 2, hiddenSize: 2, embeddingSize: 4, outputSize: 4 });
    const got = load(stateDictOf(m, { 'embedding.weight': 'a.weight', 'out.weight': 'b.weight', 'out.bias': 'b.bias' }));
    expect(got.names['embedding.weight']).toBe('a.weight');
    expect(got.names['out.weight']).toBe('b.weight');
    expect(got.model.config).toMatchObject({ embeddingSize: 4, outputSize: 4 });
  });

  it('defaults to tanh and identity with warnings, and takes overrides without them', () => {
    const sd = stateDictOf(model());
    const got = load(sd);
    expect(got.model.config.nonlinearity).toBe('tanh');
    expect(got.model.config.outputActivation).toBe('identity');
    expect(got.warnings.join(' ')).toMatch(/tanh assumed.*identity assumed/);
    const over = load(sd, { nonlinearity: 'relu', outputActivation: 'softmax' });
    expect(over.model.config).toMatchObject({ nonlinearity: 'relu', outputActivation: 'softmax' });
    expect(over.warnings).toEqual([]);
  });

  it('reads Python float lists into float32 by default and float64 on request', () => {
    const sd = { weight_ih_l0: [[0.1]], weight_hh_l0: [[0.2]] };
    expect(load(sd).model.params.layers[0].weightIh).toEqual(new Float32Array([0.1]));
    expect(load(sd, { dtype: 'float64' }).model.params.layers[0].weightIh).toEqual(new Float64Array([0.1]));
  });
});

describe('importModel(state_dict JSON) refusals', () => {
  const base = () => stateDictOf(model({ numLayers: 2 }), {});
  const refuse = (sd: unknown, message: RegExp | string) => {
    expect(() => load(sd)).toThrow(EngineError);
    expect(() => load(sd)).toThrow(message);
  };

  it('refuses bidirectional models', () => {
    refuse({ ...base(), 'rnn.weight_ih_l0_reverse': [[1, 2, 3]] }, /"rnn\.weight_ih_l0_reverse" belongs to a bidirectional RNN: bidirectional models are not supported/);
  });

  it('refuses LSTMs with proj_size', () => {
    refuse({ ...stateDictOf(model({ cell: 'lstm' })), 'rnn.weight_hr_l0': [[1, 2]] }, /"rnn\.weight_hr_l0" belongs to an LSTM with proj_size > 0: projected LSTMs are not supported/);
  });

  it('refuses non-contiguous layers', () => {
    const sd = stateDictOf(model({ numLayers: 3 }));
    for (const k of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) delete sd[`rnn.${k}_l1`];
    refuse(sd, /Layer 1 is missing: stacked layers must be numbered l0 to l1 without gaps \(found l0, l2\)/);
  });

  it('refuses more than MAX_LAYERS layers', () => {
    const sd: Record<string, unknown> = {};
    for (let l = 0; l < 5; l++) { sd[`weight_ih_l${l}`] = [[1]]; sd[`weight_hh_l${l}`] = [[1]]; }
    refuse(sd, /5 stacked layers; rnn-unfold shows at most 4/);
  });

  it('refuses biases on some layers only', () => {
    const sd = base();
    delete sd['rnn.bias_hh_l1'];
    refuse(sd, /"rnn\.bias_hh_l1" is missing: either every layer has bias_ih and bias_hh, or none does/);
  });

  it('refuses a weight_hh whose rows are not 1, 3 or 4 times H', () => {
    refuse({ weight_ih_l0: [[1], [2]], weight_hh_l0: [[1], [2]] }, /"weight_hh_l0" has shape \[2, 1\]: expected \[G·H, H\] with G = 1 \(RNN\), 3 \(GRU\) or 4 \(LSTM\)/);
  });

  it('refuses a misshapen upper layer, naming the key and the shapes', () => {
    const sd = base();
    sd['rnn.weight_ih_l1'] = [[1, 2, 3], [4, 5, 6]];
    refuse(sd, 'Tensor "rnn.weight_ih_l1" has shape [2, 3]; this model needs [2, 2].');
  });

  it('refuses unexpected keys, two recurrent modules and no recurrent module', () => {
    refuse({ ...base(), 'bn.running_mean': [0, 0] }, /Unexpected tensor "bn\.running_mean" \[2\]/);
    refuse({ ...base(), 'other.weight_ih_l0': [[1, 2, 3]] }, /two recurrent modules \("rnn\.…" and "other\.…"\)/);
    refuse({ 'fc.weight': [[1]], 'fc.bias': [1] }, /No recurrent layer found/);
  });

  it('refuses a linear layer that does not read h_t, and an embedding of the wrong width', () => {
    refuse({ ...base(), 'out.weight': [[1, 2, 3]], 'out.bias': [1] }, /takes inputs of size 3, but the hidden size is 2/);
    refuse({ ...base(), 'emb.weight': [[1, 2]] }, /"emb\.weight" \[1, 2\] has no bias, so it would be the embedding, but its width 2 is not the RNN's input size 3/);
  });

  it('refuses ragged lists, non-numbers and Python NaN, naming the key and index', () => {
    refuse({ ...base(), 'rnn.weight_hh_l0': [[1, 2], [3]] }, /Tensor "rnn\.weight_hh_l0" is not rectangular: the list at index \[1\] should hold 2 entries/);
    refuse({ ...base(), 'rnn.weight_hh_l0': [[1, 2], [3, 'x']] }, /Tensor "rnn\.weight_hh_l0" holds "x" at index \[1, 1\]: expected a number/);
    const text = JSON.stringify(base()).replace('"rnn.bias_ih_l1":[', '"rnn.bias_ih_l1":[Infinity,');
    expect(() => importModel(bytes(text.replace(/("rnn\.bias_ih_l1":\[Infinity,)[^,]+,/, '$1')), 'sd.json')).toThrow('Tensor "rnn.bias_ih_l1" holds Infinity at index [0]');
  });

  it('refuses a JSON value that is not an object of tensors', () => {
    refuse({}, /holds no tensors/);
    expect(() => importModel(bytes('5'), 'x.json')).toThrow(/not a model file/);
  });
});
