/** Test helpers for model files: configs, model comparison, and hand-built safetensors bytes. */
import { expect } from 'vitest';
import { initModel } from '../../src/engine/init';
import { namedParams } from '../../src/engine/named';
import type { DType, Model, ModelConfig } from '../../src/engine/types';

/** A config with defaults for tests. */
export function cfg(over: Partial<ModelConfig> = {}): ModelConfig {
  return {
    cell: 'rnn', inputSize: 3, hiddenSize: 2, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true,
    bias: true, embeddingSize: 0, outputSize: 2, outputActivation: 'identity', ...over,
  };
}

/** A seeded model. */
export function model(over: Partial<ModelConfig> = {}, seed = 1, dtype: DType = 'float32', vocabulary?: string[]): Model {
  return initModel(cfg(over), { seed, dtype, vocabulary });
}

/** UTF-8 bytes of a string or of a JSON value. */
export function bytes(v: unknown): Uint8Array {
  return new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
}

/** Asserts two models are the same: config, vocabulary, dtype and every parameter bit for bit. */
export function expectSameModel(a: Model, b: Model): void {
  expect(a.config).toEqual(b.config);
  expect(a.vocabulary).toEqual(b.vocabulary);
  const pa = namedParams(a), pb = namedParams(b);
  expect(pa.map((t) => [t.name, t.shape])).toEqual(pb.map((t) => [t.name, t.shape]));
  pa.forEach((t, k) => {
    expect(t.data.constructor).toBe(pb[k].data.constructor);
    expect(Array.from(t.data)).toEqual(Array.from(pb[k].data));
  });
}

/** A state_dict object ({name: nested lists}) of a model under given names. */
export function stateDictOf(m: Model, names: Record<string, string> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, shape, data } of namedParams(m)) {
    const flat = Array.from(data);
    out[names[name] ?? name] = shape.length === 1 ? flat : Array.from({ length: shape[0] }, (_, r) => flat.slice(r * shape[1], (r + 1) * shape[1]));
  }
  return out;
}

/** A raw safetensors file: the 8-byte length (overridable), the header text as given, then the data bytes. */
export function rawSafetensors(headerText: string, data: Uint8Array = new Uint8Array(0), claimedLength?: number): Uint8Array {
  const head = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + head.length + data.length);
  const view = new DataView(out.buffer);
  const n = claimedLength ?? head.length;
  view.setUint32(0, n % 2 ** 32, true);
  view.setUint32(4, Math.floor(n / 2 ** 32), true);
  out.set(head, 8);
  out.set(data, 8 + head.length);
  return out;
}

/** One tensor of a hand-built safetensors file, its payload as raw bytes. */
export interface RawTensor { name: string; dtype: string; shape: number[]; data: Uint8Array }

/** A well-formed safetensors file from raw tensors (laid out in order), with optional metadata. */
export function buildSafetensors(tensors: RawTensor[], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let off = 0;
  for (const t of tensors) { header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [off, off + t.data.length] }; off += t.data.length; }
  const data = new Uint8Array(off);
  off = 0;
  for (const t of tensors) { data.set(t.data, off); off += t.data.length; }
  return rawSafetensors(JSON.stringify(header), data);
}

/** Little-endian bytes of float32 values. */
export function f32(...values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

/** Little-endian bytes of 16-bit words (F16 / BF16 bit patterns). */
export function u16(...words: number[]): Uint8Array {
  const out = new Uint8Array(2 * words.length);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint16(2 * i, w, true));
  return out;
}
