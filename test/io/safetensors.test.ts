import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import { exportSafetensors, importModel, SAFETENSORS_METADATA_KEY } from '../../src/engine/io';
import { decodeBF16, decodeF16 } from '../../src/engine/io/half';
import { readSafetensors } from '../../src/engine/io/safetensors';
import { buildSafetensors, expectSameModel, f32, model, rawSafetensors, u16 } from './helpers';

const load = (file: Uint8Array, options = {}) => importModel(file, 'model.safetensors', options);

/** A minimal model file: a 1-unit RNN on 1 input, its two weights in `dtype` from raw bytes. */
function tinyRnn(dtype: string, wih: Uint8Array, whh: Uint8Array): Uint8Array {
  return buildSafetensors([
    { name: 'rnn.weight_ih_l0', dtype, shape: [1, 1], data: wih },
    { name: 'rnn.weight_hh_l0', dtype, shape: [1, 1], data: whh },
  ]);
}

describe('exportSafetensors(model, meta) / importModel(safetensors)', () => {
  it('round-trips config, vocabulary and parameters through the rnn_unfold metadata', () => {
    const m = model({ cell: 'lstm', numLayers: 2, embeddingSize: 3, outputSize: 3, outputActivation: 'softmax', nonlinearity: 'relu' }, 9, 'float32', ['x', 'y', 'z']);
    const file = exportSafetensors(m, { appVersion: '0.1.0', seed: 9, init: 'xavier' });
    const back = load(file);
    expect(back.format).toBe('safetensors');
    expect(back.warnings).toEqual([]);
    expect(back.meta).toEqual({ appVersion: '0.1.0', seed: 9, init: 'xavier' });
    expectSameModel(back.model, m);
  });

  it('writes an 8-byte aligned header, F32 data and the documented metadata', () => {
    const file = exportSafetensors(model(), { appVersion: '0.1.0' });
    const view = new DataView(file.buffer);
    const n = view.getUint32(0, true);
    expect(view.getUint32(4, true)).toBe(0);
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n)));
    expect(header['rnn.weight_ih_l0']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header.__metadata__.format).toBe('pt');
    expect(JSON.parse(header.__metadata__[SAFETENSORS_METADATA_KEY])).toMatchObject({ format: 'rnn-unfold-model', formatVersion: 1, config: { cell: 'rnn' }, vocabulary: [] });
  });

  it('writes F64 for a float64 model and reads it back exactly', () => {
    const m = model({ cell: 'gru' }, 2, 'float64');
    const file = exportSafetensors(m);
    expect(readSafetensors(file).sources.size).toBe(6);
    expect(new TextDecoder().decode(file)).toContain('"dtype":"F64"');
    expectSameModel(load(file, { dtype: 'float64' }).model, m);
  });

  it('writes under the file names when given, and infers without metadata', () => {
    const m = model({ outputSize: 0, bias: false });
    const names = { 'rnn.weight_ih_l0': 'enc.weight_ih_l0', 'rnn.weight_hh_l0': 'enc.weight_hh_l0' };
    const file = exportSafetensors(m, { names });
    const back = load(file);
    expect(back.names).toEqual(names);
    expectSameModel(back.model, m);
    const bare = load(tinyRnn('F32', f32(0.5), f32(-0.25)));
    expect(bare.model.config).toMatchObject({ cell: 'rnn', inputSize: 1, hiddenSize: 1, bias: false, outputSize: 0 });
    expect(bare.warnings).toEqual(["The file does not record the RNN's nonlinearity: tanh assumed (PyTorch's default)."]);
  });

  it('refuses metadata that contradicts the tensors', () => {
    const m = model();
    const file = exportSafetensors(m);
    // Patch the header in place: same length, so every offset still holds.
    const n = new DataView(file.buffer).getUint32(0, true);
    const head = new TextDecoder().decode(file.subarray(8, 8 + n)).replace('\\"hiddenSize\\":2', '\\"hiddenSize\\":3');
    const patched = file.slice();
    patched.set(new TextEncoder().encode(head), 8);
    expect(() => load(patched)).toThrow('The "rnn_unfold" metadata gives hiddenSize = 3, but the tensors give 2.');
  });
  it('refuses rnn_unfold metadata that is not JSON or not a native header, and lets options override it', () => {
    const tensors = [{ name: 'weight_ih_l0', dtype: 'F32', shape: [1, 1], data: f32(1) }, { name: 'weight_hh_l0', dtype: 'F32', shape: [1, 1], data: f32(2) }];
    expect(() => load(buildSafetensors(tensors, { rnn_unfold: '{oops' }))).toThrow(/The "rnn_unfold" metadata is not valid JSON/);
    expect(() => load(buildSafetensors(tensors, { rnn_unfold: '{"format": "rnn-unfold-model"}' }))).toThrow(/The "rnn_unfold" metadata is not valid at formatVersion/);
    const m = model({ cell: 'rnn', nonlinearity: 'sigmoid' });
    expect(load(exportSafetensors(m), { nonlinearity: 'relu' }).model.config.nonlinearity).toBe('relu');
  });
});

describe('F16 and BF16 decoding', () => {
  it('decodes F16 bit patterns to the hand-computed values', () => {
    // 0x3C00: e = 15, m = 0 → 2^0 = 1 ; 0xC000: s = 1, e = 16 → −2 ; 0x3555: e = 13, m = 341 → 2^−2·(1 + 341/1024) = 0.333251953125
    // 0x7BFF: e = 30, m = 1023 → 2^15·(2 − 2^−10) = 65504 ; 0x0001: subnormal 2^−24 ; 0x0400: smallest normal 2^−14 ; 0x8000: −0
    expect(decodeF16(0x3c00)).toBe(1);
    expect(decodeF16(0xc000)).toBe(-2);
    expect(decodeF16(0x3555)).toBe(0.333251953125);
    expect(decodeF16(0x7bff)).toBe(65504);
    expect(decodeF16(0x0001)).toBe(2 ** -24);
    expect(decodeF16(0x0400)).toBe(2 ** -14);
    expect(Object.is(decodeF16(0x8000), -0)).toBe(true);
    expect(decodeF16(0x7c00)).toBe(Infinity);
    expect(decodeF16(0xfc00)).toBe(-Infinity);
    expect(decodeF16(0x7e00)).toBeNaN();
  });

  it('decodes BF16 bit patterns to the hand-computed values', () => {
    // 0x3F80 = top half of 1.0f ; 0xC040: s = 1, e = 128, m = 0x40/128 = 0.5 → −3 ; 0x3EAB: e = 125, m = 43/128 → 2^−2·(1 + 43/128) = 0.333984375
    expect(decodeBF16(0x3f80)).toBe(1);
    expect(decodeBF16(0xc040)).toBe(-3);
    expect(decodeBF16(0x3eab)).toBe(0.333984375);
    expect(decodeBF16(0x7f80)).toBe(Infinity);
    expect(decodeBF16(0x7fc0)).toBeNaN();
  });

  it('reads F16 and BF16 tensors into float32 parameters', () => {
    const h = load(tinyRnn('F16', u16(0x3555), u16(0xc000))).model.params.layers[0];
    expect([h.weightIh[0], h.weightHh[0]]).toEqual([0.333251953125, -2]);
    const b = load(tinyRnn('BF16', u16(0x3eab), u16(0xc040))).model.params.layers[0];
    expect([b.weightIh[0], b.weightHh[0]]).toEqual([0.333984375, -3]);
  });

  it('reads F64 tensors, rounding to float32', () => {
    const d = new Uint8Array(new Float64Array([0.1]).buffer);
    const p = load(tinyRnn('F64', d, d)).model.params.layers[0];
    expect(p.weightIh[0]).toBe(Math.fround(0.1));
  });

  it('refuses an F16 infinity and an F64 value beyond float32, naming the key and index', () => {
    expect(() => load(tinyRnn('F16', u16(0x3c00), u16(0x7c00)))).toThrow('Tensor "rnn.weight_hh_l0" holds Infinity at index [0, 0]');
    const big = new Uint8Array(new Float64Array([1e300]).buffer);
    expect(() => load(tinyRnn('F64', big, big))).toThrow(/"rnn\.weight_ih_l0" holds 1e\+300, which overflows float32/);
  });
});

describe('hostile safetensors files', () => {
  const refuse = (file: Uint8Array, message: string | RegExp) => {
    expect(() => load(file)).toThrow(EngineError);
    expect(() => load(file)).toThrow(message);
  };
  const header = (entries: Record<string, unknown>) => JSON.stringify(entries);
  const t = (dtype: string, shape: number[], begin: number, end: number) => ({ dtype, shape, data_offsets: [begin, end] });

  it('refuses a file too short for the length field', () => {
    refuse(new Uint8Array([1, 0, 0]), /3 bytes long: too short to hold its 8-byte header length/);
  });

  it('refuses a header length beyond the file', () => {
    refuse(rawSafetensors('{}', new Uint8Array(0), 1000), 'The safetensors header claims 1000 bytes, but only 2 bytes follow the length field.');
  });

  it('refuses a header length over 100 MB without reading it', () => {
    refuse(rawSafetensors('{}', new Uint8Array(0), 200_000_000), /claims 200000000 bytes, more than the limit of 104857600 \(100 MB\)/);
    refuse(rawSafetensors('{}', new Uint8Array(0), 2 ** 40), /claims 1099511627776 bytes, more than the limit/);
  });

  it('refuses a header that is not JSON, or not UTF-8, or not an object', () => {
    refuse(rawSafetensors('not json at all'), /The safetensors header is not JSON/);
    refuse(rawSafetensors('{"a": 1'), /The safetensors header is not JSON/);
    const bad = rawSafetensors('{}');
    bad[8] = 0xff;
    refuse(bad, 'The safetensors header is not UTF-8 text.');
    refuse(rawSafetensors('[1, 2]'), 'The safetensors header is not a JSON object.');
  });

  it('refuses offsets outside the data buffer', () => {
    refuse(rawSafetensors(header({ w: t('F32', [100], 0, 400) }), f32(1, 2)), 'Tensor "w" has data_offsets [0, 400], outside the data buffer of 8 bytes.');
    refuse(rawSafetensors(header({ w: t('F32', [1], 8, 4) }), f32(1, 2)), 'Tensor "w" has data_offsets [8, 4], which end before they begin.');
  });

  it('refuses a shape whose size does not match the byte length, naming the key and shape', () => {
    refuse(rawSafetensors(header({ w: t('F32', [2, 2], 0, 12) }), f32(1, 2, 3)), 'Tensor "w" has shape [2, 2] (4 × 4-byte F32 = 16 bytes), but its data_offsets [0, 12] span 12 bytes.');
    refuse(rawSafetensors(header({ w: t('F16', [3], 0, 4) }), u16(1, 2)), /Tensor "w" has shape \[3\] \(3 × 2-byte F16 = 6 bytes\)/);
  });

  it('refuses overlapping offsets', () => {
    refuse(rawSafetensors(header({ a: t('F32', [2], 0, 8), b: t('F32', [2], 4, 12) }), f32(1, 2, 3)), 'Tensors "a" [0, 8] and "b" [4, 12] overlap in the data buffer.');
  });

  it('refuses a gap between tensors, an unused start and trailing bytes', () => {
    refuse(rawSafetensors(header({ a: t('F32', [1], 0, 4), b: t('F32', [1], 8, 12) }), f32(1, 2, 3)), 'The data buffer has a gap: bytes 4 to 8 belong to no tensor (before "b").');
    refuse(rawSafetensors(header({ a: t('F32', [1], 4, 8) }), f32(1, 2)), 'The data buffer has a gap: bytes 0 to 4 belong to no tensor (before "a").');
    refuse(rawSafetensors(header({ a: t('F32', [1], 0, 4) }), f32(1, 2)), 'The data buffer has 4 bytes after the last tensor, which belong to no tensor.');
  });

  it('refuses absurd shapes before looking at offsets, and never allocates them', () => {
    refuse(rawSafetensors(header({ w: t('F32', [100000, 100000], 0, 4) }), f32(1)), 'Tensor "w" has shape [100000, 100000], more than the limit of 50,000,000 numbers.');
    refuse(rawSafetensors(header({ w: t('F32', [2 ** 40, 2 ** 40, 2 ** 40], 0, 4) }), f32(1)), /Tensor "w" has shape \[1099511627776, 1099511627776, 1099511627776\], more than the limit/);
    refuse(rawSafetensors(header({ a: t('F32', [30_000_000], 0, 4), b: t('F32', [30_000_000], 4, 8) }), f32(1, 2)), 'The file\'s tensors hold more than 50,000,000 numbers in all (the limit), counting up to "b".');
  });

  it('refuses an unsupported dtype and a malformed entry, naming the key', () => {
    refuse(rawSafetensors(header({ w: t('I64', [1], 0, 8) }), f32(1, 2)), 'Tensor "w" has dtype I64, which rnn-unfold cannot read (it reads F32, F64, F16, BF16).');
    refuse(rawSafetensors(header({ w: t('constructor', [1], 0, 4) }), f32(1)), /dtype constructor, which rnn-unfold cannot read/);
    refuse(rawSafetensors(header({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }), f32(1)), /Tensor "w" of the safetensors header is not valid at shape\[0\]/);
    refuse(rawSafetensors(header({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4], extra: 1 } }), f32(1)), /Tensor "w" of the safetensors header is not valid: Unrecognized key: "extra"/);
    refuse(rawSafetensors(header({ __metadata__: { a: 1 } })), 'The safetensors __metadata__ must map strings to strings.');
  });

  it('refuses NaN in the data, naming the key and index, and returns nothing', () => {
    const file = tinyRnn('F32', f32(1), f32(NaN));
    refuse(file, 'Tensor "rnn.weight_hh_l0" holds NaN at index [0, 0]: every number must be finite.');
  });

  it('reads the header of a well-formed file without reading its data', () => {
    const { sources, metadata } = readSafetensors(tinyRnn('F32', f32(1), f32(2)));
    expect([...sources.keys()]).toEqual(['rnn.weight_ih_l0', 'rnn.weight_hh_l0']);
    expect(metadata).toBeNull();
  });
});
