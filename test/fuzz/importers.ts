/**
 * Every model and data file reader on bytes it should refuse: real exports cut, flipped or edited; random bytes;
 * safetensors headers that lie about their length, dtypes, shapes and offsets; native files whose shapes and data
 * disagree; state_dict lists nested to the wrong depth; TF.js manifests claiming huge weights; vocabulary files;
 * trace files; the weights field of a link. Each case loads something whole or is refused with an EngineError.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importModel, importTfjsModel, importVocabulary } from '../../src/engine/io';
import { parseTraceJson } from '../../src/engine/io/traceImport';
import { decodeWeights, encodeWeights } from '../../src/store/persist/weights';
import { bytes, rawSafetensors } from '../io/helpers';
import { corrupt, corruptionArb, EXPORTS, expectRunnable, MODELS, TFJS, valueArb } from './corrupt';
import { bounded, checkProperty, readOrRefuse } from './harness';

/** A dimension: small, zero, or a claim far past any limit. */
const dimArb = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(1e9, 100_000, 2 ** 31, 2 ** 32 + 1, 2 ** 53, -1, 1.5));
/** A shape of any rank, up to past MAX_RANK. */
const shapeArb = fc.array(dimArb, { maxLength: 10 });

/** A tensor entry of a safetensors header, each field right, wrong or missing. */
const entryArb = fc.record({
  dtype: fc.constantFrom('F32', 'F64', 'F16', 'BF16', 'I64', 'U8', 'BOOL', 'F8_E4M3', 'float32', '', 7),
  shape: fc.oneof(shapeArb, fc.constantFrom('3', null, [[2]])),
  data_offsets: fc.oneof(fc.tuple(fc.integer({ min: -2, max: 200 }), fc.integer({ min: -2, max: 200 })), fc.constant([0, 4e9]), fc.constant([0]), fc.constant(null)),
}, { requiredKeys: [] });

/** A safetensors file built from a header of random entries, a data buffer, and a header length that may lie. */
const safetensorsArb = fc.record({
  names: fc.array(fc.constantFrom('rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0', 'out.weight', 'out.bias', 'embedding.weight', 'x', '__metadata__', ''), { maxLength: 7 }),
  entries: fc.array(entryArb, { maxLength: 7 }),
  metadata: fc.option(fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), fc.constant({ rnn_unfold: '{"format":1}' }), fc.constant({ a: 1 })), { nil: undefined }),
  data: fc.uint8Array({ maxLength: 300 }),
  lie: fc.oneof(fc.constant(0), fc.integer({ min: -20, max: 20 }), fc.constantFrom(2 ** 32, 2 ** 40, 2 ** 53, 100 * 1024 * 1024 + 1)),
});

/** Nested lists of the wrong depth, ragged lists, and leaves that are not numbers. */
const nestedArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.double(), fc.constantFrom(0, 1, -1, 1e39, 'NaN', 'Infinity', null, true, '1')),
    fc.array(tie('node'), { maxLength: 4 })),
})).node;

/** A [n][T][H] cube, perhaps damaged in one place: a leaf replaced, or one list cut short. */
const cubeArb = fc.record({
  n: fc.integer({ min: 1, max: 3 }), T: fc.integer({ min: 1, max: 4 }), H: fc.integer({ min: 1, max: 3 }), at: fc.nat(),
  damage: fc.constantFrom('none', 'none', 'leaf', 'cut'), leaf: fc.constantFrom(Number.NaN, 'x', null, [], Number.POSITIVE_INFINITY),
}).map(({ n, T, H, at, damage, leaf }) => {
  const cube = Array.from({ length: n }, (_x, s) => Array.from({ length: T }, (_y, u) => Array.from({ length: H }, (_z, k) => (s + u - k) / 4)));
  const b = at % n, t = (at >> 2) % T, j = (at >> 4) % H;
  if (damage === 'leaf') (cube[b][t] as unknown[])[j] = leaf;
  if (damage === 'cut') cube[b][t].pop();
  return cube as unknown;
});

/** Registers the file-reader suites. */
export function importerSuites(): void {
  describe('model files (seeded fuzz)', () => {
    it('importTfjsModel: model.json or a .bin cut, flipped, edited or left out', () => {
      const counts = { loaded: 0, refused: 0 };
      checkProperty('importers/tfjs corrupted', fc.property(fc.nat(), fc.nat(), corruptionArb, fc.boolean(), (which, file, c, drop) => {
        const files = TFJS[which % TFJS.length];
        const k = file % files.length;
        const chosen = drop ? files.filter((_, i) => i !== k) : files.map((f, i) => (i === k ? { ...f, bytes: corrupt(f.bytes, c) } : f));
        const r = readOrRefuse(() => importTfjsModel(chosen), counts);
        if (r) expectRunnable(r);
      }), 2500);
      // Both outcomes occur: the fuzz reaches past the first checks.
      expect(counts.refused).toBeGreaterThan(500);
      expect(counts.loaded).toBeGreaterThan(50);
    });

    it('importTfjsModel: manifests claiming huge, negative or fractional shapes and other dtypes', () => {
      checkProperty('importers/tfjs manifest claims', fc.property(fc.nat(), fc.nat(), shapeArb, fc.constantFrom('float32', 'int32', 'float16', 'string', 'complex64'), (which, pick, shape, dtype) => {
        const files = TFJS[which % TFJS.length];
        const at = files.findIndex((f) => f.name.endsWith('.json'));
        const json = JSON.parse(new TextDecoder().decode(files[at].bytes));
        const weights = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
        Object.assign(weights[pick % weights.length], { shape, dtype });
        const chosen = files.map((f, i) => (i === at ? { ...f, bytes: bytes(json) } : f));
        const r = readOrRefuse(() => importTfjsModel(chosen));
        if (r) expectRunnable(r);
      }), 500);
    });

    it('importModel: native JSON, state_dict JSON and safetensors from real exports, cut, flipped or edited', () => {
      const counts = { loaded: 0, refused: 0 };
      checkProperty('importers/model files corrupted', fc.property(fc.nat(), corruptionArb, (which, c) => {
        const f = EXPORTS[which % EXPORTS.length];
        const r = readOrRefuse(() => importModel(corrupt(f.bytes, c), f.name), counts);
        if (r) expectRunnable(r);
      }), 2500);
      expect(counts.refused).toBeGreaterThan(500);
      expect(counts.loaded).toBeGreaterThan(50);
    });

    it('importModel: random bytes under any name, bare or behind a JSON or safetensors start', () => {
      checkProperty('importers/random bytes', fc.property(
        fc.uint8Array({ maxLength: 400 }), fc.constantFrom('', '{', '[', '\uFEFF{', ' \n{"format":', '\x08\0\0\0\0\0\0\0{', 'PK\x03\x04', '\x80\x02'),
        fc.constantFrom('model.json', 'model.safetensors', 'weights.bin', 'model.pt', '', '<b>.json'),
        (noise, start, name) => {
          const head = Uint8Array.from(start, (ch) => ch.charCodeAt(0));
          const file = new Uint8Array(head.length + noise.length);
          file.set(head);
          file.set(noise, head.length);
          const r = readOrRefuse(() => importModel(file, name));
          if (r) expectRunnable(r);
        }), 1000);
    });

    it('importModel: safetensors headers that lie about their length, dtypes, shapes and offsets', () => {
      checkProperty('importers/safetensors headers', fc.property(safetensorsArb, ({ names, entries, metadata, data, lie }) => {
        const header: Record<string, unknown> = {};
        entries.forEach((e, k) => { header[names[k] ?? `t${k}`] = e; });
        if (metadata !== undefined) header.__metadata__ = metadata;
        const text = JSON.stringify(header);
        const claimed = Math.max(0, new TextEncoder().encode(text).length + lie);
        const r = readOrRefuse(() => importModel(rawSafetensors(text, data, claimed), 'fuzz.safetensors'));
        if (r) expectRunnable(r);
      }), 1500);
    });

    it('importModel: native files whose shapes, data and config disagree, or claim 10^9 numbers', () => {
      checkProperty('importers/native shapes', fc.property(fc.nat(), fc.nat(), shapeArb, fc.integer({ min: -3, max: 3 }), fc.oneof(fc.constant(undefined), valueArb), (which, pick, shape, dLength, configValue) => {
        const m = MODELS[which % MODELS.length];
        const f = JSON.parse(new TextDecoder().decode(EXPORTS.find((e) => e.name === `m${MODELS.indexOf(m)}.json`)!.bytes));
        const names = Object.keys(f.parameters);
        const t = f.parameters[names[pick % names.length]];
        t.shape = shape;
        const want = shape.every((d) => Number.isInteger(d) && d >= 0 && d <= 8) ? shape.reduce((a, b) => a * b, 1) : 4;
        t.data = Array.from({ length: Math.max(0, Math.min(4096, want + dLength)) }, (_, i) => i / 100);
        if (configValue !== undefined) f.config[Object.keys(f.config)[pick % Object.keys(f.config).length]] = configValue;
        const r = readOrRefuse(() => importModel(bytes(f), 'native.json'));
        if (r) expectRunnable(r);
      }), 1000);
    });

    it('importModel: state_dict lists nested to the wrong depth, ragged, or holding what is not a number', () => {
      checkProperty('importers/state_dict nesting', fc.property(fc.nat(), fc.nat(), nestedArb, (which, pick, value) => {
        const f = JSON.parse(new TextDecoder().decode(EXPORTS.find((e) => e.name === `sd${which % MODELS.length}.json`)!.bytes));
        const names = Object.keys(f);
        f[names[pick % names.length]] = value;
        // Python writes NaN and Infinity bare: turn the marked strings into what json.dump writes.
        const text = JSON.stringify(f).replace(/"(NaN|Infinity)"/g, '$1');
        const r = readOrRefuse(() => importModel(bytes(text), 'state_dict.json'));
        if (r) expectRunnable(r);
      }), 1000);
    });
  });

  describe('vocabulary, trace and link files (seeded fuzz)', () => {
    const tokenArb = fc.oneof(fc.string({ maxLength: 3 }), fc.string({ unit: 'grapheme', maxLength: 3 }), fc.constantFrom('', 'a', 'x'.repeat(65), '<script>', 'é', '👩‍👩‍👧', '\u202E'));
    it('importVocabulary: JSON lists of tokens, repeated, too long, of other kinds, or random bytes', () => {
      const counts = { loaded: 0, refused: 0 };
      checkProperty('importers/vocabulary', fc.property(
        fc.oneof(fc.array(tokenArb, { maxLength: 8 }), fc.array(valueArb, { maxLength: 4 }), valueArb, fc.uint8Array({ maxLength: 40 })),
        fc.boolean(), fc.nat(),
        (value, asJson, which) => {
          const m = MODELS[which % MODELS.length];
          const file = value instanceof Uint8Array ? value : bytes(asJson ? JSON.stringify(value) : String(value));
          const vocab = readOrRefuse(() => importVocabulary(file, m), counts);
          if (!vocab) return;
          // A vocabulary that loads fits the model: one distinct token per embedding row or input unit, or none.
          expect(new Set(vocab).size).toBe(vocab.length);
          expect([0, m.config.embeddingSize || m.config.inputSize]).toContain(vocab.length);
          for (const tok of vocab) expect(typeof tok === 'string' && tok.length > 0 && tok.length <= 64).toBe(true);
        }), 1000);
      expect(counts.loaded).toBeGreaterThan(10);
    });

  it('parseTraceJson: cubes of the wrong shape, lengths out of range, h_layers that disagree, and any text', () => {
      const counts = { loaded: 0, refused: 0 };
      checkProperty('importers/trace files', fc.property(
        fc.oneof(
          fc.record({ h: fc.oneof(cubeArb, valueArb) }),
          fc.record({ h: cubeArb, lengths: fc.oneof(fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 4 }), valueArb), h_layers: fc.oneof(fc.array(cubeArb, { maxLength: 3 }), valueArb) }, { requiredKeys: ['h'] }),
          fc.anything(),
        ),
        fc.oneof(fc.constant(null), fc.string({ maxLength: 30 })),
        (doc, raw) => {
          const text = raw ?? JSON.stringify(doc) ?? '';
          const t = readOrRefuse(() => parseTraceJson(text), counts);
          if (!t) return;
          expect(t.lengths).toHaveLength(t.n);
          for (const l of t.lengths) expect(l >= 0 && l <= t.T).toBe(true);
          for (const layer of t.layers) {
            expect(layer.length).toBe(t.n * t.T * t.H);
            expect(layer.every(Number.isFinite)).toBe(true);
          }
        }), 1000);
      expect(counts.loaded).toBeGreaterThan(10);
    });

    const LINK = MODELS.map((m) => encodeWeights(m)!);
    it('decodeWeights: the weights of a link cut, changed or made up', () => {
      const counts = { loaded: 0, refused: 0 };
      checkProperty('importers/link weights', fc.property(fc.nat(), fc.nat(), fc.constantFrom('cut', 'change', 'random'), fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/), (which, at, how, noise) => {
        const w = LINK[which % LINK.length];
        const k = at % (w.length + 1);
        const text = how === 'cut' ? w.slice(0, k) : how === 'change' ? w.slice(0, k) + noise + w.slice(k + noise.length) : noise;
        try {
          const m = bounded(() => decodeWeights(text));
          counts.loaded++;
          expectRunnable({ model: m, names: {}, warnings: [], format: 'safetensors', meta: {} });
        } catch (e) {
          // A link that does not unpack says so in a plain Error; one that unpacks to a bad file, in an EngineError.
          if (!(e instanceof Error) || (e.constructor !== Error && e.name !== 'EngineError')) throw e;
          counts.refused++;
        }
      }), 800);
      expect(counts.loaded).toBeGreaterThan(0);
      expect(counts.refused).toBeGreaterThan(400);
    });
  });
}
