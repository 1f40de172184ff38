import { describe, expect, it } from 'vitest';
import { exportNative } from '../../src/engine/io';
import { initModel } from '../../src/engine/init';
import { createAppStore } from '../../src/store/createAppStore';
import { createFakePort } from './fakePort';

async function ready(input = 'hello') {
  const store = createAppStore(createFakePort(), { input });
  await store.getState().rebuildModel();
  return store;
}

const enc = (s: string) => new TextEncoder().encode(s);

/** A PyTorch-style state_dict (JSON) of an RNN with D = 2, H = 3, O = 1, as a user saves it. */
function stateDictBytes(): Uint8Array {
  const m = initModel({ cell: 'rnn', inputSize: 2, hiddenSize: 3, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: 1, outputActivation: 'identity' }, { seed: 5 });
  const rows = (a: Float32Array, r: number, c: number) => Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c)));
  const l = m.params.layers[0];
  return enc(JSON.stringify({
    'model.rnn.weight_ih_l0': rows(l.weightIh as Float32Array, 3, 2), 'model.rnn.weight_hh_l0': rows(l.weightHh as Float32Array, 3, 3),
    'model.rnn.bias_ih_l0': Array.from(l.biasIh), 'model.rnn.bias_hh_l0': Array.from(l.biasHh),
    'model.head.weight': rows(m.params.outWeight as Float32Array, 1, 3), 'model.head.bias': Array.from(m.params.outBias!),
  }));
}

describe('importing model files', () => {
  it('imports a state_dict, shows what it is, traces numbers with 2 columns, and undo brings the trained model back', async () => {
    const store = await ready('hello');
    const trained = store.getState().model;
    await store.getState().importModelFile(stateDictBytes(), 'net.json');
    let s = store.getState();
    expect(s.error).toBeNull();
    expect(s.model?.config).toMatchObject({ cell: 'rnn', inputSize: 2, hiddenSize: 3, outputSize: 1 });
    expect(s.imported).toMatchObject({ fileName: 'net.json', format: 'state_dict', parameters: 6 + 9 + 3 + 3 + 3 + 1, nonlinearityOpen: true });
    expect(s.settings.task).toBe('numbers');
    expect(s.trace?.T).toBe(10);
    expect(s.modelNames?.['rnn.weight_hh_l0']).toBe('model.rnn.weight_hh_l0');
    await s.setImportedNonlinearity('relu');
    expect(store.getState().model?.config.nonlinearity).toBe('relu');
    const numbers = store.getState().input;
    await store.getState().undo();
    await store.getState().undo();
    s = store.getState();
    expect(s.model).toBe(trained);
    // The text model comes back with its text input, traced without complaint; redo brings the numbers back too.
    expect([s.settings.task, s.input, s.error]).toEqual(['text', 'hello', null]);
    expect(s.trace?.T).toBe(5);
    await store.getState().redo();
    s = store.getState();
    expect([s.settings.task, s.input, s.error]).toEqual(['numbers', numbers, null]);
    expect(s.trace?.T).toBe(10);
  });

  it('refuses a hostile file with a message naming the problem, keeping the model and the input', async () => {
    const store = await ready('hello');
    const before = store.getState().model;
    const lying = new Uint8Array(16);
    new DataView(lying.buffer).setBigUint64(0, 1_000_000n, true);
    await store.getState().importModelFile(lying, 'evil.safetensors');
    const s = store.getState();
    expect(s.error).toMatch(/^evil\.safetensors: .*header.*The current model and input are unchanged\.$/);
    expect(s.model).toBe(before);
    expect(s.input).toBe('hello');
  });

  it('round-trips: export native, import it again, same numbers', async () => {
    const store = await ready('hello');
    const f = await store.getState().exportModel('native');
    expect(f?.fileName).toBe('rnn-unfold-rnn-h8.json');
    const text = new TextDecoder().decode(f!.bytes);
    expect(JSON.parse(text).appVersion).toBe('0.1.0');
    const h = Array.from(store.getState().trace!.layers[0].h);
    await store.getState().importModelFile(f!.bytes, f!.fileName);
    expect(store.getState().settings.task).toBe('text');
    expect(Array.from(store.getState().trace!.layers[0].h)).toEqual(h);
  });

  it('loads a vocabulary for an embedding model that has none', async () => {
    const store = await ready('hi');
    const m = initModel({ cell: 'gru', inputSize: 4, hiddenSize: 3, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true, bias: true, embeddingSize: 3, outputSize: 3, outputActivation: 'softmax' }, { seed: 2 });
    await store.getState().importModelFile(enc(exportNative(m)), 'emb.json');
    expect(store.getState().error).toMatch(/no vocabulary: load its vocabulary file/);
    await store.getState().importVocabularyFile(enc(JSON.stringify(['a', 'b', 'c'])));
    await store.getState().setInput('abcab');
    expect(store.getState().error).toBeNull();
    expect(store.getState().trace?.T).toBe(5);
  });
});

describe('exporting the trace', () => {
  it('writes every sample of the batch as JSON and CSV through the worker', async () => {
    const store = await ready('ab\ncde');
    const j = await store.getState().exportTrace('json');
    const out = JSON.parse(new TextDecoder().decode(j!.bytes));
    expect(out.tokens).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    expect(out.lengths).toEqual([2, 3]);
    expect(out.h[1][2]).toHaveLength(8);
    const c = await store.getState().exportTrace('csv');
    expect(c!.fileName).toBe('rnn-unfold-trace.csv');
    expect(new TextDecoder().decode(c!.bytes).trim().split('\n')).toHaveLength(2 + 5);
  });
});
