/**
 * Bad data through the store's own actions, on a store with a trained model and a traced input: a refused model
 * file, vocabulary file, trace file or input leaves the model, the input and the last good trace as they were and
 * shows a message; one that loads replaces the model whole (and Undo brings the old model back). Opening the app from a
 * damaged saved session or a tampered link always ends with a working model.
 */
import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../src/store/createAppStore';
import { connectPersistence, sessionOf } from '../../src/store/persist/connect';
import { validatedSessionStore, type SessionData } from '../../src/store/persist/session';
import { fromHash, toHash } from '../../src/store/persist/shareSchema';
import { createFakePort } from '../store/fakePort';
import { bytes } from '../io/helpers';
import { corrupt, corruptionArb, EXPORTS, valueArb } from './corrupt';
import { checkAsyncProperty } from './harness';

/** What a refused file or input must leave as it was. */
function snapshot(store: AppStore) {
  const s = store.getState();
  return { model: s.model, input: s.input, batchTrace: s.batchTrace, settings: s.settings };
}

/** Asserts the store either kept everything and says why, or holds a new model that it traced. */
async function expectKeptOrReplaced(store: AppStore, before: ReturnType<typeof snapshot>, message: RegExp): Promise<'kept' | 'replaced'> {
  const s = store.getState();
  const outcome = s.model === before.model ? 'kept' : 'replaced';
  // Kept: everything as it was, and a message naming the problem. Replaced: the new model is in place; a message may
  // remain about the input (a numbers model meets text, an embedding has no vocabulary yet), never a refusal.
  const refusal = message.test(s.error ?? '');
  const seen = outcome === 'kept' ? { ...snapshot(store), refusal } : { refusal };
  expect(seen).toEqual(outcome === 'kept' ? { ...before, refusal: true } : { refusal: false });
  // Undo brings back the model from before the import, exactly.
  if (outcome === 'replaced') await s.undo();
  expect(store.getState().model).toBe(before.model);
  return outcome;
}

/** Registers the store-level suites. */
export function storeSuites(): void {
  describe('bad data through the store actions (seeded fuzz)', () => {
    let store: AppStore;
    beforeAll(async () => {
      store = createAppStore(createFakePort(), { input: 'hello' });
      await store.getState().rebuildModel();
    });
    const fresh = async () => {
      // Back to the input of the start, each case from the same state. Undo restores the model and its settings but
      // not the input, nor the input each kind last had: those are reset here, so that a numbers model loaded by one
      // case does not meet the text of another.
      store.setState({ inputsByTask: {} });
      if (store.getState().input !== 'hello') await store.getState().setInput('hello');
      store.setState({ error: null });
      return snapshot(store);
    };

    it('importModelFile: a corrupted export keeps the model and the input, or replaces the model whole', async () => {
      const outcomes = { kept: 0, replaced: 0 };
      await checkAsyncProperty('store/model files', fc.asyncProperty(fc.nat(), corruptionArb, async (which, c) => {
        const before = await fresh();
        const f = EXPORTS[which % EXPORTS.length];
        await store.getState().importModelFile(corrupt(f.bytes, c), f.name);
        outcomes[await expectKeptOrReplaced(store, before, new RegExp(`^${f.name.replace('.', '\\.')}: .+ The current model and input are unchanged\\.$`, 's'))]++;
      }), 150);
      expect(outcomes.kept).toBeGreaterThan(50);
    });

    it('importVocabularyFile: any list or value keeps the model, or gives it the vocabulary', async () => {
      const tokens = fc.array(fc.oneof(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz .,!?\''.split('')), fc.string({ maxLength: 2 }), fc.constantFrom('<img src=x onerror=alert(1)>', '')), { minLength: 30, maxLength: 33 });
      await checkAsyncProperty('store/vocabulary files', fc.asyncProperty(fc.oneof(tokens, fc.array(valueArb, { maxLength: 3 }), valueArb), async (value) => {
        const before = await fresh();
        await store.getState().importVocabularyFile(bytes(JSON.stringify(value) ?? ''));
        await expectKeptOrReplaced(store, before, /^Vocabulary file: .+ The model is unchanged\.$/s);
      }), 100);
    });

    it('setInput: any text keeps the model; a refused input keeps the last good trace and says why', async () => {
      const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('', '\n', 'NaN', 'a'.repeat(2001), '\u202Eolleh', 'hi 👋', 'a\nb\nc'.repeat(10)));
      await checkAsyncProperty('store/input text', fc.asyncProperty(text, async (t) => {
        const before = await fresh();
        await store.getState().setInput(t);
        const s = store.getState();
        expect(s.model).toBe(before.model);
        expect(s.input).toBe(t);
        // Traced (its tokens are the text's), cleared (nothing to trace), or refused with the previous trace kept.
        const outcome = s.error === null ? (s.batchTrace ? 'traced' : 'empty') : s.batchTrace === before.batchTrace ? 'kept' : 'lost the trace';
        expect(outcome === 'empty' ? t.trim() : outcome).toMatch(/^(traced|kept|)$/);
      }), 150);
    });

    it('compareWithFile: any trace file is compared or refused with a message, the model untouched', async () => {
      const doc = fc.oneof(fc.record({ h: fc.oneof(fc.constant([[[0.1, 0.2]]]), valueArb), lengths: fc.oneof(fc.constant([1]), valueArb) }, { requiredKeys: ['h'] }), fc.anything());
      await checkAsyncProperty('store/trace files', fc.asyncProperty(doc, async (d) => {
        const before = await fresh();
        await store.getState().compareWithFile(JSON.stringify(d) ?? 'undefined', 'trace.json');
        const s = store.getState();
        expect(s.model).toBe(before.model);
        expect(s.diffError === null ? s.diffTarget?.source : s.diffError).toMatch(/^(file trace\.json, sample \d+|trace\.json: .+)$/s);
      }), 100);
    });
  });

  describe('opening the app from damaged state (seeded fuzz)', () => {
    let good: SessionData;
    beforeAll(async () => {
      const store = createAppStore(createFakePort(), { input: 'hello' });
      await store.getState().rebuildModel();
      good = structuredClone(sessionOf(store.getState())!);
    });

    /** Opens a page from a stored value and a hash; returns its store once open. */
    const open = async (stored: unknown, hash: string) => {
      const store = createAppStore(createFakePort(), { input: 'hello' });
      const session = validatedSessionStore({ get: async () => stored, put: async () => {}, delete: async () => {} });
      const stop = await connectPersistence(store, { session, readHash: () => hash, writeHash: () => {}, debounceMs: 0 });
      stop();
      return store.getState();
    };

    it('a damaged saved session opens a fresh model instead', async () => {
      const paths = ['model.params.layers.0.weightHh', 'model.config.hiddenSize', 'settings', 'input', 'step', 'h0', 'version', 'model.vocabulary', 'notation.form'];
      await checkAsyncProperty('store/damaged sessions', fc.asyncProperty(fc.constantFrom(...paths), fc.oneof(valueArb, fc.constant(new Float32Array(1))), async (path, value) => {
        const copy = structuredClone(good) as unknown as Record<string, unknown>;
        const keys = path.split('.');
        let at = copy;
        for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
        at[keys.at(-1)!] = value;
        const s = await open(copy, '');
        expect(s.model).not.toBeNull();
        expect(s.trace?.T ?? 0).toBe(s.tokens.length);
        // Either the record was restored (its input may then be refused, as if typed), or the page says why not.
        expect(s.error ?? 'none').toMatch(/^(none|.+ A new model is shown; the saved session is replaced as you work\.|Not in the model's vocabulary: .+)$/s);
      }), 40, 3);
    });

    it('a tampered link opens the saved session or a new model, and says the link could not be opened', async () => {
      const edits = fc.record({ key: fc.constantFrom('h', 'l', 'cell', 'in', 'w', 't', 'j', 'layer', 'lesson', 'page', 'hide'), value: fc.oneof(valueArb.map(String), fc.string({ maxLength: 6 })) });
      await checkAsyncProperty('store/tampered links', fc.asyncProperty(edits, async ({ key, value }) => {
        const hash = `${toHash({ v: 1, cell: 'gru', h: 4, in: 'abc' })}&${key}=${encodeURIComponent(value)}`;
        const s = await open(undefined, hash);
        expect(s.model).not.toBeNull();
        // A link fromHash refuses is never applied: the page says so, and shows a model all the same.
        expect(fromHash(hash).ok || /^This link could not be opened: .+ The saved session \(or a new model\) is shown instead\.$/s.test(s.error ?? '')).toBe(true);
      }), 40, 3);
    });
  });
}
