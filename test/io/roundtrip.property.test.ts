import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initModel } from '../../src/engine/init';
import { exportNative, exportSafetensors, exportStateDict, importModel, type ImportOptions } from '../../src/engine/io';
import { paramShapes } from '../../src/engine/named';
import type { DType, Model, ModelConfig } from '../../src/engine/types';
import { bytes, expectSameModel } from './helpers';

const configArb: fc.Arbitrary<ModelConfig> = fc.record({
  cell: fc.constantFrom('rnn', 'lstm', 'gru'),
  inputSize: fc.integer({ min: 1, max: 4 }),
  hiddenSize: fc.integer({ min: 1, max: 4 }),
  numLayers: fc.integer({ min: 1, max: 3 }),
  nonlinearity: fc.constantFrom('tanh', 'relu', 'sigmoid', 'identity'),
  gruResetAfter: fc.boolean(),
  bias: fc.boolean(),
  embeddingSize: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 })),
  outputSize: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 })),
  outputActivation: fc.constantFrom('softmax', 'sigmoid', 'tanh', 'identity'),
});

const caseArb = fc.record({
  config: configArb,
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  init: fc.constantFrom('pytorch', 'xavier', 'orthogonal') as fc.Arbitrary<'pytorch' | 'xavier' | 'orthogonal'>,
  dtype: fc.constantFrom('float32', 'float64') as fc.Arbitrary<DType>,
  withVocabulary: fc.boolean(),
  rnnPrefix: fc.constantFrom('rnn.', 'model.lstm.', ''),
  embPrefix: fc.constantFrom('embedding.', 'model.encoder.', 'emb.'),
  outPrefix: fc.constantFrom('out.', 'model.decoder.', 'fc.'),
});

type Case = typeof caseArb extends fc.Arbitrary<infer C> ? C : never;

/** The random model of a case. */
function modelOf(c: Case): Model {
  const V = c.config.embeddingSize > 0 ? c.config.embeddingSize : c.config.inputSize;
  const vocabulary = c.withVocabulary ? Array.from({ length: V }, (_, k) => `t${k}`) : [];
  return initModel(c.config, { seed: c.seed, scheme: c.init, dtype: c.dtype, vocabulary });
}

/** File names of a case: its prefixes applied to the canonical names. */
function namesOf(c: Case): Record<string, string> {
  return Object.fromEntries(paramShapes(c.config).map(({ name }) => {
    const [module, rest] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
    const prefix = module === 'rnn' ? c.rnnPrefix : module === 'embedding' ? c.embPrefix : c.outPrefix;
    return [name, prefix + rest];
  }));
}

const RUNS = { seed: 20260101, numRuns: 60 };

describe('import → export → import is the identity', () => {
  it('for native JSON', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const m = modelOf(c);
      const a = importModel(bytes(exportNative(m, { appVersion: 't', seed: c.seed, init: c.init })), 'm.json', { dtype: c.dtype });
      const b = importModel(bytes(exportNative(a.model, a.meta)), 'm.json', { dtype: c.dtype });
      expectSameModel(a.model, m);
      expectSameModel(b.model, a.model);
      expect(b.names).toEqual(a.names);
      expect(b.meta).toEqual({ appVersion: 't', seed: c.seed, init: c.init });
    }), RUNS);
  });

  it('for safetensors, under the names the file used', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const m = modelOf(c);
      const names = namesOf(c);
      const a = importModel(exportSafetensors(m, { names, seed: c.seed, init: c.init }), 'm.safetensors', { dtype: c.dtype });
      expect(a.names).toEqual(names);
      const b = importModel(exportSafetensors(a.model, { ...a.meta, names: a.names }), 'm.safetensors', { dtype: c.dtype });
      expectSameModel(a.model, m);
      expectSameModel(b.model, a.model);
      expect(b.names).toEqual(names);
      expect(b.meta).toEqual(a.meta);
    }), RUNS);
  });

  it('for state_dict JSON, with what the state_dict cannot record given as options', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const m = modelOf(c);
      const names = namesOf(c);
      const { nonlinearity, outputActivation, gruResetAfter } = c.config;
      const options: ImportOptions = { dtype: c.dtype, nonlinearity, outputActivation, gruResetAfter };
      const a = importModel(bytes(exportStateDict(m, names)), 'sd.json', options);
      expect(a.names).toEqual(names);
      const b = importModel(bytes(exportStateDict(a.model, a.names)), 'sd.json', options);
      expectSameModel(a.model, { ...m, vocabulary: [] });
      expectSameModel(b.model, a.model);
      expect(b.names).toEqual(names);
    }), RUNS);
  });

  it('across formats: native → safetensors → state_dict → native keeps every parameter', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const m = modelOf(c);
      const opts = { dtype: c.dtype };
      const a = importModel(bytes(exportNative(m)), 'a.json', opts);
      const b = importModel(exportSafetensors(a.model), 'b.safetensors', opts);
      const { nonlinearity, outputActivation, gruResetAfter } = m.config;
      const s = importModel(bytes(exportStateDict(b.model)), 'c.json', { ...opts, nonlinearity, outputActivation, gruResetAfter });
      const d = importModel(bytes(exportNative({ ...s.model, vocabulary: m.vocabulary })), 'd.json', opts);
      expectSameModel(d.model, m);
    }), { ...RUNS, numRuns: 30 });
  });
});
