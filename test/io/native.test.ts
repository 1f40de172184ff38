import { describe, expect, it } from 'vitest';
import { exportNative, importModel } from '../../src/engine/io';
import { EngineError } from '../../src/engine/errors';
import { bytes, cfg, expectSameModel, model } from './helpers';

/** A native file as an object, to be edited by a test. */
function nativeObject(over = {}): Record<string, any> {
  return JSON.parse(exportNative(model(over), { appVersion: '0.1.0' }));
}

function importObject(obj: unknown) {
  return importModel(bytes(obj), 'model.json');
}

describe('exportNative(model, meta) / importModel(native)', () => {
  it('round-trips a float32 model bit for bit, with vocabulary, seed and init', () => {
    const m = model({ cell: 'lstm', numLayers: 2, embeddingSize: 4, outputSize: 4, outputActivation: 'softmax' }, 3, 'float32', ['a', 'b', 'c', 'd']);
    const text = exportNative(m, { appVersion: '0.1.0', seed: 3, init: 'pytorch' });
    const back = importModel(bytes(text), 'model.json');
    expect(back.format).toBe('native');
    expect(back.warnings).toEqual([]);
    expect(back.meta).toEqual({ appVersion: '0.1.0', seed: 3, init: 'pytorch' });
    expect(back.names['rnn.weight_hh_l1']).toBe('rnn.weight_hh_l1');
    expectSameModel(back.model, m);
  });

  it('round-trips a float64 model when asked for float64', () => {
    const m = model({ cell: 'gru', gruResetAfter: false }, 5, 'float64');
    expectSameModel(importModel(bytes(exportNative(m)), 'm.json', { dtype: 'float64' }).model, m);
  });

  it('writes the documented layout: header fields, then parameters by canonical name', () => {
    const obj = nativeObject({ bias: false, outputSize: 0 });
    expect(Object.keys(obj)).toEqual(['format', 'formatVersion', 'appVersion', 'config', 'vocabulary', 'parameters']);
    expect(obj.format).toBe('rnn-unfold-model');
    expect(obj.formatVersion).toBe(1);
    expect(Object.keys(obj.parameters)).toEqual(['rnn.weight_ih_l0', 'rnn.weight_hh_l0']);
    expect(obj.parameters['rnn.weight_ih_l0'].shape).toEqual([2, 3]);
    expect(obj.parameters['rnn.weight_ih_l0'].data).toHaveLength(6);
  });

  it('writes float32 values with their shortest exact decimal', () => {
    const m = model();
    m.params.layers[0].weightIh[0] = 0.1;
    expect(exportNative(m)).toContain('"data":[0.1,');
  });

  it('applies nonlinearity and output overrides', () => {
    const back = importModel(bytes(exportNative(model())), 'm.json', { nonlinearity: 'relu', outputActivation: 'sigmoid' });
    expect(back.model.config.nonlinearity).toBe('relu');
    expect(back.model.config.outputActivation).toBe('sigmoid');
  });
});

describe('importModel(native) refusals', () => {
  const refuse = (obj: unknown, message: RegExp) => {
    expect(() => importObject(obj)).toThrow(EngineError);
    expect(() => importObject(obj)).toThrow(message);
  };

  it('refuses a newer format version with a message saying so', () => {
    refuse({ ...nativeObject(), formatVersion: 2 }, /format version 2, written by a newer rnn-unfold/);
  });

  it('refuses unknown top-level and config keys (strict)', () => {
    refuse({ ...nativeObject(), extra: 1 }, /Unrecognized key: "extra"/);
    const obj = nativeObject();
    obj.config.dropout = 0.5;
    refuse(obj, /at config: Unrecognized key: "dropout"/);
  });

  it('refuses out-of-range config values, naming the field', () => {
    const obj = nativeObject();
    obj.config.hiddenSize = 5000;
    refuse(obj, /at config\.hiddenSize/);
    obj.config.hiddenSize = 2;
    obj.config.numLayers = 5;
    refuse(obj, /at config\.numLayers/);
  });

  it('refuses a missing, an extra and a misshapen parameter', () => {
    const a = nativeObject();
    delete a.parameters['rnn.bias_hh_l0'];
    refuse(a, /Parameter "rnn\.bias_hh_l0" \[2\] is missing/);
    const b = nativeObject();
    b.parameters['rnn.weight_ih_l1'] = { shape: [1], data: [0] };
    refuse(b, /Unexpected tensor "rnn\.weight_ih_l1"/);
    const c = nativeObject();
    c.parameters['out.weight'] = { shape: [4], data: [1, 2, 3, 4] };
    refuse(c, /Tensor "out\.weight" has shape \[4\]; this model needs \[2, 2\]/);
  });

  it('refuses data whose length does not match the shape', () => {
    const obj = nativeObject();
    obj.parameters['out.bias'].data = [1, 2, 3];
    refuse(obj, /"out\.bias" has shape \[2\], which holds 2 numbers, but its data lists 3/);
  });

  it('refuses NaN and Infinity (as Python writes them), naming the key and index', () => {
    const text = exportNative(model()).replace(/"rnn\.weight_hh_l0": \{"shape":\[2,2\],"data":\[[^,]+,[^,]+,/, '"rnn.weight_hh_l0": {"shape":[2,2],"data":[0,NaN,');
    expect(() => importModel(bytes(text), 'm.json')).toThrow('Tensor "rnn.weight_hh_l0" holds NaN at index [0, 1]');
    const inf = exportNative(model()).replace(/"out\.bias": \{"shape":\[2\],"data":\[[^\]]+\]/, '"out.bias": {"shape":[2],"data":[1,-Infinity]');
    expect(() => importModel(bytes(inf), 'm.json')).toThrow('Tensor "out.bias" holds -Infinity at index [1]');
  });

  it('refuses a value that overflows float32', () => {
    const obj = nativeObject();
    obj.parameters['out.bias'].data = [0, 1e300];
    refuse(obj, /holds 1e\+300, which overflows float32 at index \[1\]/);
  });

  it('refuses a vocabulary of the wrong size or with a repeated token', () => {
    const obj = nativeObject({ embeddingSize: 3 });
    obj.vocabulary = ['a', 'b'];
    refuse(obj, /The vocabulary has 2 tokens but the embedding has 3 rows/);
    obj.vocabulary = ['a', 'b', 'a'];
    refuse(obj, /lists the token "a" twice/);
  });

  it('refuses a file that is not JSON, with the parser message', () => {
    expect(() => importModel(bytes('{"format": "rnn-unfold-model", '), 'm.json')).toThrow(/"m\.json" is not valid JSON/);
  });

  it('refuses a JSON list as a model', () => {
    expect(() => importModel(bytes(['a', 'b']), 'vocab.json')).toThrow(/is a JSON list \(a vocabulary file\?\), not a model/);
  });

  it('accepts the config a config helper builds', () => {
    expect(importObject(nativeObject(cfg())).model.config).toEqual(cfg());
  });
});
