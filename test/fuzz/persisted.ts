/**
 * State that comes back from outside: the URL hash (fromHash), tampered, truncated, or from another version, and the
 * saved session (parseSession), as a damaged IndexedDB record could hold it. Each is accepted whole, or refused with
 * a message; nothing throws.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initModel } from '../../src/engine/init';
import { namedParams } from '../../src/engine/named';
import type { Model } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { parseSession, type SessionData } from '../../src/store/persist/session';
import { fromHash, HIDEABLE, shareSchema, toHash, type Share } from '../../src/store/persist/shareSchema';
import { cfg } from '../io/helpers';
import { bounded, checkProperty, MAX_MESSAGE } from './harness';

/** A valid link's fields, each present or not. */
const shareArb: fc.Arbitrary<Share> = fc.record({
  v: fc.constant(1 as const),
  cell: fc.constantFrom('rnn', 'lstm', 'gru'), h: fc.integer({ min: 1, max: 64 }), l: fc.integer({ min: 1, max: 3 }),
  act: fc.constantFrom('tanh', 'relu', 'sigmoid', 'identity'), out: fc.constantFrom('softmax', 'sigmoid', 'tanh', 'identity'),
  seed: fc.integer({ min: 0, max: 4294967295 }), init: fc.constantFrom('pytorch', 'xavier', 'orthogonal'), task: fc.constantFrom('text', 'numbers'),
  in: fc.string({ unit: 'grapheme', maxLength: 40 }), t: fc.integer({ min: 0, max: 100_000 }), j: fc.integer({ min: 1, max: 4096 }),
  layer: fc.integer({ min: 1, max: 4 }), sym: fc.constantFrom('textbook', 'matrix'), form: fc.constantFrom('column', 'row'),
  hide: fc.uniqueArray(fc.constantFrom(...HIDEABLE), { minLength: 1 }), theme: fc.constantFrom('light', 'dark', 'contrast'), proj: fc.constant(1 as const),
  w: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
}, { requiredKeys: ['v'] }) as fc.Arbitrary<Share>;

/** One edit of a link: cut it, change one character, replace a value or a key, or change its version. */
const tamperArb = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('char' as const), at: fc.nat(), ch: fc.constantFrom('%', '&', '=', '#', '\u0000', '%E0%A4', '%%', '+', 'é', '<script>') }),
  fc.record({ kind: fc.constant('value' as const), at: fc.nat(), value: fc.constantFrom('', 'NaN', '-1', '1e9', '1.5', 'x', '%', '%FF', 'Infinity', '0x10', 'a,b', 'lab,lab,lab', '<img src=x onerror=alert(1)>') }),
  fc.record({ kind: fc.constant('key' as const), at: fc.nat(), key: fc.constantFrom('__proto__', 'constructor', 'toString', 'V', 'v', 'hide', '', 'w') }),
  fc.record({ kind: fc.constant('version' as const), v: fc.constantFrom('0', '2', '99', '-1', '1.0', 'one', '', '1e0', '%31') }),
);

type Tamper = typeof tamperArb extends fc.Arbitrary<infer T> ? T : never;

/** A link edited as `t` says. */
function tamper(hash: string, t: Tamper): string {
  const parts = hash.split('&');
  switch (t.kind) {
    case 'cut': return hash.slice(0, t.at % (hash.length + 1));
    case 'char': { const k = t.at % (hash.length + 1); return hash.slice(0, k) + t.ch + hash.slice(k + 1); }
    case 'value': { const k = t.at % parts.length; parts[k] = `${parts[k].split('=')[0]}=${t.value}`; return parts.join('&'); }
    case 'key': { const k = t.at % parts.length; parts[k] = `${t.key}=${parts[k].split('=').slice(1).join('=')}`; return parts.join('&'); }
    case 'version': return [`v=${t.v}`, ...parts.filter((p) => !p.startsWith('v='))].join('&');
  }
}

/** Checks fromHash's answer: a link the schema accepts, or a short message. */
function checkLink(hash: string): ReturnType<typeof fromHash> {
  const r = bounded(() => fromHash(hash));
  const answer = r.ok ? (shareSchema.safeParse(r.share).success ? 'a valid link' : 'a link the schema refuses') : r.error.length > 10 && r.error.length <= MAX_MESSAGE ? 'a message' : `the message ${r.error}`;
  expect(answer).toMatch(/^a (valid link|message)$/);
  return r;
}

/** A saved session of a small model, as sessionOf writes it. */
function sessionOf(model: Model, extra: Partial<SessionData> = {}): SessionData {
  const c = model.config;
  return {
    version: 1,
    settings: { cell: c.cell, hiddenSize: c.hiddenSize, numLayers: c.numLayers, nonlinearity: c.nonlinearity, outputActivation: c.outputActivation, seed: 3, task: 'numbers', init: 'pytorch' },
    model, modelFromSettings: false, trainLoss: 0.25, input: '1\n2\n3', inputsByTask: { numbers: '1\n2\n3' }, step: 2, selectedUnit: 0, layer: 0,
    notation: { symbols: 'textbook', form: 'column' }, h0: null, c0: null, theme: 'dark', projector: false, hiddenPanels: ['lab'], ...extra,
  };
}
const SESSIONS = [
  sessionOf(initModel(cfg({ cell: 'lstm', numLayers: 2, inputSize: 1, outputSize: 1 }), { seed: 1 }), { h0: new Float32Array(4), c0: new Float32Array(4), layer: 1 }),
  sessionOf(initModel(cfg({ cell: 'gru', inputSize: 1, outputSize: 1 }), { seed: 2, dtype: 'float64' })),
  sessionOf(initModel(cfg({ cell: 'rnn', inputSize: 1, outputSize: 0, bias: false }), { seed: 3 }), { trainLoss: Number.NaN }),
];

/** Paths into a session record, and the values a damaged record might hold there. */
const PATHS = ['version', 'settings', 'settings.cell', 'settings.hiddenSize', 'settings.seed', 'model', 'model.config', 'model.config.hiddenSize', 'model.config.cell',
  'model.config.numLayers', 'model.config.outputSize', 'model.vocabulary', 'model.params', 'model.params.layers', 'model.params.layers.0', 'model.params.layers.0.weightHh',
  'model.params.layers.0.biasIh', 'model.params.outWeight', 'model.params.outBias', 'model.params.embedding', 'input', 'inputsByTask', 'step', 'selectedUnit', 'layer',
  'notation', 'notation.form', 'h0', 'c0', 'trainLoss', 'theme', 'hiddenPanels', 'modelFromSettings'];
const damageArb = fc.oneof(
  fc.constantFrom(undefined, null, 0, -1, 1.5, 2, 1e9, Number.NaN, '', 'x', true, [], {}, [1, 2], { a: 1 }, '<script>'),
  fc.constantFrom(new Float32Array(0), new Float32Array(3), new Float64Array(4), new Int32Array(4), Float32Array.of(Number.NaN), Float32Array.of(1, Infinity, 2, 3), [1, 2, 3, 4]),
);

/** A deep copy of a record with the value at `path` replaced (deleted when `value` is undefined). */
function damage(d: SessionData, path: string, value: unknown): unknown {
  const copy = structuredClone(d) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  if (value === undefined) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = ArrayBuffer.isView(value) ? structuredClone(value) : value;
  return copy;
}

/** Checks a session parseSession accepted: the model runs from its initial state, and the cursor fits it. */
function checkRestorable(d: SessionData): void {
  const { model, h0, c0, layer, selectedUnit } = d;
  const c = model.config;
  for (const t of namedParams(model)) expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
  expect(layer).toBeLessThan(c.numLayers);
  expect(selectedUnit).toBeLessThan(c.hiddenSize);
  const T = 2;
  const trace = unroll(model, { n: 1, T, lengths: null, h0, c0, tokens: c.embeddingSize ? new Int32Array(T) : null, x: c.embeddingSize ? null : new Float32Array(T * c.inputSize) });
  expect(trace.layers.every((l) => l.h.every(Number.isFinite))).toBe(true);
}

/** Registers the link and session suites. */
export function persistedSuites(): void {
  describe('URL state (seeded fuzz)', () => {
    it('fromHash: any text, and text shaped like a link, never throws', () => {
      const linkish = fc.array(fc.tuple(fc.constantFrom('v', 'cell', 'h', 'l', 'in', 't', 'j', 'hide', 'w', 'lesson', 'page', 'x', ''), fc.string({ maxLength: 12 })), { maxLength: 8 })
        .map((kv) => kv.map(([k, v]) => `${k}=${v}`).join('&'));
      checkProperty('links/any text', fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }), linkish), fc.boolean(), (hash, withVersion) => {
        checkLink(withVersion ? `v=1&${hash}` : hash);
      }), 1500);
    });

    it('toHash → fromHash gives back every valid link', () => {
      checkProperty('links/round trip', fc.property(shareArb, (share) => {
        const r = checkLink(`#${toHash(share)}`);
        // A page number needs a lesson; everything else round-trips exactly.
        expect(r).toEqual({ ok: true, share });
      }), 800);
    });

    it('fromHash: valid links cut, edited, given other keys, or another version', () => {
      const counts = { ok: 0, refused: 0 };
      checkProperty('links/tampered', fc.property(shareArb, tamperArb, (share, t) => {
        const r = checkLink(tamper(toHash(share), t));
        counts[r.ok ? 'ok' : 'refused']++;
        // Another version is never read as this one.
        expect(r.ok && t.kind === 'version' && !['1.0', '1e0', '%31'].includes(t.v)).toBe(false);
      }), 1200);
      expect(counts.ok).toBeGreaterThan(100);
      expect(counts.refused).toBeGreaterThan(100);
    });
  });

  describe('saved sessions (seeded fuzz)', () => {
    it('parseSession: a record with one field missing, of the wrong kind, or weights that do not fit', () => {
      const counts = { ok: 0, refused: 0 };
      checkProperty('sessions/damaged records', fc.property(fc.nat(), fc.constantFrom(...PATHS), damageArb, (which, path, value) => {
        const r = bounded(() => parseSession(damage(SESSIONS[which % SESSIONS.length], path, value)));
        if (r.ok) { counts.ok++; checkRestorable(r.data); return; }
        counts.refused++;
        expect(r.error).toMatch(/^The saved session /);
        expect(r.error.length).toBeLessThanOrEqual(MAX_MESSAGE);
      }), 1200);
      expect(counts.ok).toBeGreaterThan(20);
      expect(counts.refused).toBeGreaterThan(500);
    });

    it('parseSession: anything at all', () => {
      checkProperty('sessions/any value', fc.property(fc.anything({ withTypedArray: true, withMap: true, withSet: true, withNullPrototype: true }), (v) => {
        const r = bounded(() => parseSession(v));
        if (r.ok) checkRestorable(r.data);
        expect(r.ok ? 'restored' : r.error).toMatch(/^(restored$|The saved session )/);
      }), 500);
    });

    it('parseSession accepts every record the app writes', () => {
      for (const d of SESSIONS) {
        const r = parseSession(structuredClone(d));
        expect(r.ok).toBe(true);
      }
    });
  });
}
