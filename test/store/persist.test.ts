import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/store/createAppStore';
import { connectPersistence, shareOf } from '../../src/store/persist/connect';
import { memorySessionStore, validatedSessionStore } from '../../src/store/persist/session';
import { fromHash, toHash } from '../../src/store/persist/shareSchema';
import { decodeWeights, encodeWeights } from '../../src/store/persist/weights';
import { createFakePort } from './fakePort';

/** A page: a store, a hash and a session store, connected with no debounce. */
async function page(hash = '', session = memorySessionStore()) {
  const store = createAppStore(createFakePort());
  let current = hash;
  const stop = await connectPersistence(store, { session, readHash: () => current, writeHash: (h) => { current = h; }, debounceMs: 0 });
  const settle = () => new Promise((r) => setTimeout(r, 5));
  return { store, session, hash: () => current, stop, settle };
}

describe('URL hash schema v1', () => {
  it('round-trips every setting through toHash/fromHash', () => {
    const share = { v: 1 as const, cell: 'gru' as const, h: 12, l: 2, act: 'relu' as const, out: 'identity' as const, seed: 77, init: 'orthogonal' as const, task: 'numbers' as const, in: 'a & b = c\n#%?', t: 7, j: 3, layer: 2, sym: 'matrix' as const, form: 'row' as const, hide: ['lab' as const, 'weights' as const], w: 'abc-_9' };
    const back = fromHash(`#${toHash(share)}`);
    expect(back).toEqual({ ok: true, share });
  });

  it('refuses tampered links with a message naming the field, and links from newer versions', () => {
    expect(fromHash('v=1&h=100000')).toMatchObject({ ok: false, error: expect.stringMatching(/"h" is not valid/) });
    expect(fromHash('v=1&cell=transformer')).toMatchObject({ ok: false, error: expect.stringMatching(/"cell"/) });
    expect(fromHash('v=1&evil=1')).toMatchObject({ ok: false });
    expect(fromHash('v=1&in=%E0%A4%A')).toMatchObject({ ok: false, error: expect.stringMatching(/%-encoding/) });
    expect(fromHash('v=2&h=8')).toMatchObject({ ok: false, error: expect.stringMatching(/newer version/) });
    expect(fromHash('h=8')).toMatchObject({ ok: false, error: expect.stringMatching(/no version/) });
    expect(fromHash('v=1&w=' + 'x'.repeat(10) + '!')).toMatchObject({ ok: false, error: expect.stringMatching(/"w"/) });
  });

  it('weights round-trip exactly, and damaged or bomb weights are refused', async () => {
    const { store } = await page();
    const m = store.getState().model!;
    const w = encodeWeights(m)!;
    expect(w.length).toBeLessThan(8000);
    const back = decodeWeights(w);
    expect(Array.from(back.params.layers[0].weightHh)).toEqual(Array.from(m.params.layers[0].weightHh));
    expect(back.vocabulary).toEqual(m.vocabulary);
    expect(() => decodeWeights('AAAA')).toThrow(/damaged/);
    // 20 MB of zeros deflate to a few kB: the link is refused while unpacking, not after allocating 20 MB.
    const bomb = deflateSync(new Uint8Array(20 * 1024 * 1024));
    const b64 = Buffer.from(bomb).toString('base64url');
    expect(() => decodeWeights(b64)).toThrow(/more than 8 MB/);
  });
});

describe('connectPersistence(store, options)', () => {
  it('opens a link on exactly its step, unit and notation, rebuilding the model from settings', async () => {
    const { store } = await page('#v=1&cell=gru&h=6&in=hello%20there&t=7&j=2&sym=matrix');
    const s = store.getState();
    expect(s.model?.config).toMatchObject({ cell: 'gru', hiddenSize: 6 });
    expect(s.input).toBe('hello there');
    expect(s.step).toBe(7);
    expect(s.selectedUnit).toBe(1);
    expect(s.notation.symbols).toBe('matrix');
    expect(s.error).toBeNull();
  });

  it('keeps the hash up to date, without weights while the settings rebuild the model', async () => {
    const { store, hash, settle } = await page();
    store.getState().stepTo(3);
    await settle();
    const r = fromHash(hash());
    expect(r.ok && r.share.t).toBe(3);
    expect(r.ok && r.share.w).toBeUndefined();
  });

  it('puts the weights in the link once the model is no longer what the settings build, and the link reopens it', async () => {
    const { store, hash, settle } = await page();
    const m = store.getState().model!;
    const edited = { ...m, params: { ...m.params, outBias: Float32Array.from(m.params.outBias!, (v) => v + 1) } };
    await store.getState().commitModel(edited, store.getState().settings, 'edit', null);
    await settle();
    expect(hash()).toMatch(/&w=/);
    const other = await page(`#${hash()}`);
    expect(Array.from(other.store.getState().model!.params.outBias!)).toEqual(Array.from(edited.params.outBias));
  });

  it('restores a saved session exactly, and a link wins over it', async () => {
    const session = memorySessionStore();
    const first = await page('', session);
    await first.store.getState().setInput('abc');
    first.store.getState().stepTo(2);
    await first.settle();
    const again = await page('', session);
    expect(again.store.getState().input).toBe('abc');
    expect(again.store.getState().step).toBe(2);
    expect(again.store.getState().model!.params.layers[0].weightHh).toEqual(first.store.getState().model!.params.layers[0].weightHh);
    const linked = await page('#v=1&in=zzz&t=1', session);
    expect(linked.store.getState().input).toBe('zzz');
  });

  it('says why a bad link cannot be opened and falls back to the session', async () => {
    const session = memorySessionStore();
    const first = await page('', session);
    await first.store.getState().setInput('kept');
    await first.settle();
    const bad = await page('#v=1&h=-4', session);
    expect(bad.store.getState().error).toMatch(/^This link could not be opened: .*"h"/);
    expect(bad.store.getState().input).toBe('kept');
  });

  it('saveNow writes the link and the session at once, without waiting for the debounce', async () => {
    const store = createAppStore(createFakePort());
    const session = memorySessionStore();
    let current = '';
    const persistence = await connectPersistence(store, { session, readHash: () => current, writeHash: (h) => { current = h; }, debounceMs: 60_000 });
    store.getState().stepTo(4);
    const before = current;
    expect((await session.load())?.step).not.toBe(4);
    const r = await persistence.saveNow();
    expect(r).toEqual({ weightsLeftOut: false });
    expect(current).not.toBe(before);
    const link = fromHash(current);
    expect(link.ok && link.share.t).toBe(4);
    expect((await session.load())?.step).toBe(4);
    persistence();
  });

  it('says when the browser refuses to keep the session, keeps the work, and clears the note once a save succeeds', async () => {
    const memory = memorySessionStore();
    let full = true;
    const session = { ...memory, save: async (d: Parameters<typeof memory.save>[0]) => { if (full) throw new Error('QuotaExceededError'); await memory.save(d); } };
    const { store, settle, hash } = await page('', session);
    store.getState().stepTo(2);
    await settle();
    expect(store.getState().saveNote).toMatch(/^This browser did not keep your work \(QuotaExceededError\): storage is full or unavailable\./);
    expect(store.getState().step).toBe(2);
    expect(store.getState().model).not.toBeNull();
    const link = fromHash(hash());
    expect(link.ok && link.share.t).toBe(2);
    full = false;
    store.getState().stepTo(3);
    await settle();
    expect(store.getState().saveNote).toBeNull();
    expect((await memory.load())?.step).toBe(3);
  });

  it('says when the saved session is damaged, and opens a fresh model instead', async () => {
    const first = await page();
    first.store.getState().stepTo(2);
    await first.settle();
    const record = structuredClone((await first.session.load())!);
    (record.model.params.layers[0] as { weightHh: unknown }).weightHh = 'garbage';
    const damaged = validatedSessionStore({ get: async () => record, put: async () => {}, delete: async () => {} });
    const { store } = await page('', damaged);
    const s = store.getState();
    expect(s.model).not.toBeNull();
    expect(s.step).toBe(0);
    expect(s.error).toBe('The saved session is damaged: weightHh of layer 1 is not a float array. A new model is shown; the saved session is replaced as you work.');
  });

  it('shareOf says when weights are too large for a link', async () => {
    const { store } = await page();
    const m = store.getState().model!;
    const big = { ...m, params: { ...m.params, outWeight: Float32Array.from({ length: 40_000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1) } };
    store.setState({ model: big, modelFromSettings: false });
    expect(shareOf(store.getState()).weightsLeftOut).toBe(true);
  });
});
