/** Real files of every format the app reads, and the corruptions the fuzz suites apply to them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fc from 'fast-check';
import { expect } from 'vitest';
import { validateConfig } from '../../src/engine/init';
import { exportNative, exportSafetensors, exportStateDict, type ImportedModel, type TfjsFile } from '../../src/engine/io';
import { namedParams } from '../../src/engine/named';
import type { Model } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { bytes, model, rawSafetensors } from '../io/helpers';

const DIR = fileURLToPath(new URL('../fixtures/tfjs', import.meta.url));
/** The TF.js fixtures (model.json and .bin files written by TF.js itself), one list of files per model. */
export const TFJS: TfjsFile[][] = readdirSync(DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  .map((c) => readdirSync(join(DIR, c)).filter((f) => f !== 'expected.json').map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(DIR, c, f))) })));

/** Small models of every cell, with and without bias, embedding-free and with a vocabulary. */
export const MODELS: Model[] = [
  model({ cell: 'lstm', numLayers: 2, embeddingSize: 4, outputSize: 4, outputActivation: 'softmax' }, 3, 'float32', ['a', 'b', 'c', 'd']),
  model({ cell: 'gru', gruResetAfter: false, outputActivation: 'sigmoid' }, 4),
  model({ cell: 'rnn', nonlinearity: 'relu', bias: false, outputSize: 0 }, 5),
];

/** Real exports of every format, as importModel reads them. */
export const EXPORTS: { name: string; bytes: Uint8Array }[] = MODELS.flatMap((m, k) => [
  { name: `m${k}.json`, bytes: bytes(exportNative(m, { appVersion: '0.1.0', seed: k })) },
  { name: `sd${k}.json`, bytes: bytes(exportStateDict(m)) },
  { name: `m${k}.safetensors`, bytes: exportSafetensors(m, { appVersion: '0.1.0' }) },
]);

/** Values an edit writes into a JSON file: small and huge counts, wrong kinds, and names from every format. */
export const valueArb = fc.oneof(
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom(0, -1, 1.5, -0, 1e9, 2 ** 31, 2 ** 53, 1e308, 5e-324, 100_000),
  fc.constantFrom('float32', 'int32', 'float16', 'F16', 'I64', 'LSTM', 'GRU', 'SimpleRNN', 'Dense', 'Embedding', 'Bidirectional', 'Dropout',
    'TimeDistributed', 'Functional', '', 'tanh', 'relu', 'hard_sigmoid', 'softmax', 'linear', 'weights.bin', '../x.bin', 'NaN', 'rnn', 'gru', 'identity'),
  fc.constantFrom(null, true, false, [], {}, [0], [1, 1], { a: 1 }, [1e9], [100_000, 100_000], [[[[1]]]], '<img src=x onerror=alert(1)>'),
);

/** One corruption: cut the file, flip some bytes, or edit one JSON value, key or array. */
export const corruptionArb = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('json' as const), pick: fc.nat(), op: fc.constantFrom('replace', 'delete', 'rename'), value: valueArb }),
);
/** A corruption drawn from corruptionArb. */
export type Corruption = typeof corruptionArb extends fc.Arbitrary<infer C> ? C : never;

/** Every container and key of a JSON value, for an edit to pick from. */
function slots(v: unknown, out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = []) {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push({ parent: v, key: i }); slots(x, out); });
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) { out.push({ parent: v as Record<string, unknown>, key: k }); slots(x, out); }
  return out;
}

/** Edits one slot of JSON text; the text unchanged when it is not JSON. */
export function editJson(text: string, c: Extract<Corruption, { kind: 'json' }>): string {
  let json: unknown;
  try { json = JSON.parse(text); } catch { return text; }
  const all = slots(json);
  if (!all.length) return text;
  const { parent, key } = all[c.pick % all.length];
  if (Array.isArray(parent)) {
    if (c.op === 'delete') parent.splice(key as number, 1); else parent[key as number] = c.value;
  } else {
    const p = parent as Record<string, unknown>;
    if (c.op === 'rename') { p[`${String(key)}_`] = p[key]; delete p[key]; } else if (c.op === 'delete') delete p[key]; else p[key] = c.value;
  }
  return JSON.stringify(json);
}

/** A corrupted copy of a file; safetensors headers are edited as JSON and re-framed with their new length. */
export function corrupt(file: Uint8Array, c: Corruption): Uint8Array {
  if (c.kind === 'truncate') return file.slice(0, c.at % (file.length + 1));
  if (c.kind === 'flip') {
    const out = file.slice();
    for (const at of c.at) if (out.length) out[at % out.length] ^= c.mask;
    return out;
  }
  const dec = new TextDecoder();
  if (file[0] === 0x7b || file[0] === 0x5b) return bytes(editJson(dec.decode(file), c));
  if (file.length < 8) return file;
  const n = new DataView(file.buffer, file.byteOffset).getUint32(0, true);
  return rawSafetensors(editJson(dec.decode(file.subarray(8, 8 + n)), c), file.subarray(8 + n));
}

/** Asserts an imported model is whole: a valid config, every tensor of its shape and finite, and it runs two steps. */
export function expectRunnable(r: ImportedModel): void {
  const { config } = r.model;
  validateConfig(config);
  let size = 0;
  for (const t of namedParams(r.model)) {
    expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
    expect(t.data.every(Number.isFinite)).toBe(true);
    size += t.data.length;
  }
  if (size > 100_000) return;
  const T = 2;
  const trace = unroll(r.model, {
    n: 1, T, lengths: null, h0: null, c0: null,
    tokens: config.embeddingSize ? new Int32Array(T) : null, x: config.embeddingSize ? null : new Float32Array(T * config.inputSize),
  });
  expect(trace.layers).toHaveLength(config.numLayers);
}
