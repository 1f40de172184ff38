/**
 * Files that claim 10^9 numbers (or a product of sizes past the limit) in a few bytes: each is refused with a message
 * naming the claim, at once, and without allocating it. Memory is read before and after each refusal: the process's
 * ArrayBuffer memory and V8's heap may grow by less than GROWTH_LIMIT (a refusal that allocated the claim first would
 * show 4 GB, or fail with a RangeError instead of a message).
 */
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import { importModel, importTfjsModel, MAX_TOTAL_ELEMENTS } from '../../src/engine/io';
import { parseTraceJson } from '../../src/engine/io/traceImport';
import { decodeWeights } from '../../src/store/persist/weights';
import { bytes, rawSafetensors } from '../io/helpers';

/** Most memory a refusal may take, bytes. */
const GROWTH_LIMIT = 50 * 1024 * 1024;
/** Longest a refusal may take, ms (they take well under 50 ms; the bound leaves room for a loaded machine). */
const TIME_LIMIT_MS = 1000;

/** Runs `read`, expecting a refusal matching `message`, and returns the memory it took and its duration. */
function refusalCost(read: () => unknown, message: RegExp): { arrayBuffers: number; heap: number; ms: number } {
  const before = process.memoryUsage();
  const t0 = performance.now();
  let error: unknown = null;
  try { read(); } catch (e) { error = e; }
  const ms = performance.now() - t0;
  const after = process.memoryUsage();
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(message);
  return { arrayBuffers: after.arrayBuffers - before.arrayBuffers, heap: after.heapUsed - before.heapUsed, ms };
}

/** Asserts a refusal was cheap. */
function expectCheap(cost: { arrayBuffers: number; heap: number; ms: number }): void {
  expect(cost.arrayBuffers).toBeLessThan(GROWTH_LIMIT);
  expect(cost.heap).toBeLessThan(GROWTH_LIMIT);
  expect(cost.ms).toBeLessThan(TIME_LIMIT_MS);
}

const tf = (shape: number[]) => [{
  name: 'model.json',
  bytes: bytes({
    format: 'layers-model',
    modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'SimpleRNN', config: { name: 'rnn', units: 4, batch_input_shape: [null, null, 2] } }] } },
    weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'rnn/kernel', shape, dtype: 'float32' }] }],
  }),
}, { name: 'w.bin', bytes: new Uint8Array(16) }];

/** A link field of a few KB that inflates to 64 MB (made once, before anything is measured). */
const BOMB = bomb();

describe('a 10^9-element claim is refused without allocating it', () => {
  const cases: { what: string; read: () => unknown; message: RegExp }[] = [
    { what: 'safetensors, shape [1e9]', read: () => importModel(rawSafetensors(JSON.stringify({ w: { dtype: 'F32', shape: [1e9], data_offsets: [0, 4e9] } })), 'a.safetensors'), message: /"w" has shape \[1000000000\], more than the limit of 50,000,000 numbers/ },
    { what: 'safetensors, shape [100000, 100000]', read: () => importModel(rawSafetensors(JSON.stringify({ w: { dtype: 'F64', shape: [100000, 100000], data_offsets: [0, 8] } }), new Uint8Array(8)), 'a.safetensors'), message: /"w" has shape \[100000, 100000\], more than the limit/ },
    { what: 'safetensors, many tensors just under the limit each', read: () => importModel(rawSafetensors(JSON.stringify(Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`t${k}`, { dtype: 'F32', shape: [MAX_TOTAL_ELEMENTS], data_offsets: [0, 4] }])))), 'a.safetensors'), message: /more than 50,000,000 numbers in all/ },
    { what: 'safetensors, a header length of 2^53 − 1', read: () => importModel(rawSafetensors('{}', new Uint8Array(0), 2 ** 53 - 1), 'a.safetensors'), message: /header claims \d+ bytes, more than the limit/ },
    { what: 'native JSON, a parameter of shape [1e9]', read: () => importModel(bytes({ format: 'rnn-unfold-model', formatVersion: 1, appVersion: 'x', config: { cell: 'rnn', inputSize: 1, hiddenSize: 1, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: 0, outputActivation: 'identity' }, vocabulary: [], parameters: { 'rnn.weight_ih_l0': { shape: [1e9], data: [] } } }), 'm.json'), message: /shape \[1000000000\], more than the limit/ },
    { what: 'native JSON, a config of 4096 × 65536 inputs and a 2^20 output', read: () => importModel(bytes({ format: 'rnn-unfold-model', formatVersion: 1, appVersion: 'x', config: { cell: 'lstm', inputSize: 65536, hiddenSize: 4096, numLayers: 4, nonlinearity: 'tanh', gruResetAfter: true, bias: true, embeddingSize: 1 << 20, outputSize: 1 << 20, outputActivation: 'identity' }, vocabulary: [], parameters: {} }), 'm.json'), message: /missing from the file|more than the limit/ },
    { what: 'TF.js manifest, a kernel of [100000, 100000]', read: () => importTfjsModel(tf([100000, 100000])), message: /shape \[100000, 100000\], more than the limit/ },
    { what: 'TF.js manifest, a kernel of [1e9, 1]', read: () => importTfjsModel(tf([1e9, 1])), message: /shape \[1000000000, 1\], more than the limit/ },
    // 3 KB of JSON whose first sample and step claim n·T·H = 1000³: it used to allocate 8 GB (a RangeError) before reading on.
    { what: 'trace file, [1000][1000][1000] claimed by its first row', read: () => parseTraceJson(JSON.stringify({ h: [[Array(1000).fill(0), ...Array(999).fill([])], ...Array(999).fill([])] })), message: /h\[0\]\[1\] must be a list of H = 1000 numbers/ },
    // A link of a few KB that inflates to gigabytes of zeros stops at 8 MB.
    { what: 'link weights, a deflate bomb', read: () => decodeWeights(BOMB), message: /unpack to more than 8 MB/ },
  ];

  for (const c of cases) {
    it(`${c.what}: refused with a message, under 50 MB and 1 s`, () => {
      const cost = refusalCost(c.read, c.message);
      const mb = (n: number) => (n / 2 ** 20).toFixed(1);
      console.log(`claim: ${c.what}: refused in ${cost.ms.toFixed(1)} ms, ArrayBuffers ${mb(cost.arrayBuffers)} MB, heap ${mb(cost.heap)} MB`);
      expectCheap(cost);
    });
  }

  it('every refusal above is an EngineError, except the link (its own plain message)', () => {
    const kinds = cases.map((c) => { try { c.read(); return 'loaded'; } catch (e) { return e instanceof EngineError ? 'EngineError' : (e as Error).constructor.name; } });
    expect(kinds).toEqual([...Array(cases.length - 1).fill('EngineError'), 'Error']);
  });
});

/** Base64url of 64 MB of zeros, deflated (about 64 KB). */
function bomb(): string {
  const z = deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 });
  let s = '';
  for (let i = 0; i < z.length; i += 0x8000) s += String.fromCharCode(...z.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
