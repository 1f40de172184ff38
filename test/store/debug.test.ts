import { describe, expect, it } from 'vitest';
import { correlate, unitSeries } from '../../src/engine/similarity';
import { createAppStore } from '../../src/store/createAppStore';
import { runDiffSummary } from '../../src/store/slices/debugTools';
import type { AppData } from '../../src/store/types';
import { createFakePort } from './fakePort';

async function ready(input = 'hello world', overrides: Partial<AppData> = {}) {
  const store = createAppStore(createFakePort(), { input, ...overrides });
  await store.getState().rebuildModel();
  return store;
}

/** The current trace's h as a trace-command JSON (h [1][T][H]), with one entry changed by `bump` at (t, j). */
function traceFile(h: ArrayLike<number>, T: number, H: number, bump?: { t: number; j: number; by: number }): string {
  const rows = Array.from({ length: T }, (_, t) => Array.from({ length: H }, (__, j) => h[t * H + j] + (bump && bump.t === t && bump.j === j ? bump.by : 0)));
  return JSON.stringify({ h: [rows], lengths: [T] });
}

describe('debug slice: unit plot, similar units, run diff', () => {
  it('plot units default to the selected unit (null) and are kept sorted without repeats', async () => {
    const store = await ready();
    expect(store.getState().plotUnits).toBeNull();
    store.getState().setPlotUnits([3, 1, 3]);
    expect(store.getState().plotUnits).toEqual([1, 3]);
  });

  it('ranks the other units by correlation with the selected unit over the whole sequence', async () => {
    const store = await ready();
    store.getState().selectUnit(2);
    await store.getState().findSimilarUnits(3, 1, 'trace');
    const s = store.getState();
    const H = s.model!.config.hiddenSize, T = s.tokens.length, h = s.trace!.layers[0].h;
    expect(s.similar).toMatchObject({ unit: 2, from: 1, to: 3, by: 'trace' });
    expect(s.similar!.matches).toHaveLength(H - 1);
    const top = s.similar!.matches[0];
    expect(top.r).toBeCloseTo(correlate(unitSeries(h, T, H, top.unit), unitSeries(h, T, H, 2)), 12);
    const rs = s.similar!.matches.map((m) => m.r).filter(Number.isFinite);
    expect(rs).toEqual([...rs].sort((a, b) => b - a));
  });

  it('compares with a second input: identical up to where the inputs differ', async () => {
    const store = await ready('hello world');
    await store.getState().compareWithInput('hello there');
    const s = store.getState();
    expect(s.diffError).toBeNull();
    expect(s.diffTarget).toMatchObject({ source: 'input “hello there”', T: 11 });
    const sum = runDiffSummary(s.trace, s.layer, s.tokens.length, s.diffTarget, 1e-6)!;
    // "hello " is shared: the states part at step 7 ('w' vs 't').
    expect(sum.divergence?.step).toBe(7);
  });

  it('compares with a trace file and finds the changed step; a bad file or another H gets a message', async () => {
    const store = await ready('abcd');
    const s = store.getState();
    const H = s.model!.config.hiddenSize;
    await s.compareWithFile(traceFile(s.trace!.layers[0].h, 4, H, { t: 2, j: 1, by: 0.5 }), 'run.json');
    const t = store.getState();
    expect(t.diffTarget?.source).toBe('file run.json, sample 1');
    const sum = runDiffSummary(t.trace, t.layer, 4, t.diffTarget, 0.01)!;
    expect(sum.divergence).toMatchObject({ step: 3, unit: 1 });
    expect(sum.divergence!.value).toBeCloseTo(0.5, 5);
    expect(runDiffSummary(t.trace, t.layer, 4, t.diffTarget, 0.6)!.divergence).toBeNull();
    await t.compareWithFile('{"h": [[[1, 2]]]}', 'small.json');
    expect(store.getState().diffError).toBe(`small.json: its hidden size is H = 2; the model's is H = ${H}.`);
    await t.compareWithFile('{"h": 3}', 'bad.json');
    expect(store.getState().diffError).toMatch(/^bad\.json: "h" must be a non-empty list/);
    store.getState().clearDiff();
    expect(store.getState().diffTarget).toBeNull();
  });

  it("reads a trace file's tokens for the diff, and refuses tokens that are not strings", async () => {
    const store = await ready('abcd');
    const s = store.getState();
    const H = s.model!.config.hiddenSize;
    const file = JSON.parse(traceFile(s.trace!.layers[0].h, 4, H));
    await s.compareWithFile(JSON.stringify({ ...file, tokens: [['a', 'b', 'x', 'd']] }), 'tok.json');
    expect(store.getState().diffTarget?.tokens).toEqual(['a', 'b', 'x', 'd']);
    await s.compareWithFile(JSON.stringify({ ...file, tokens: [['a', 7]] }), 'bad.json');
    expect(store.getState().diffError).toBe('bad.json: tokens[0][1] is not a string.');
    // A file without tokens (the trace command's output) compares without them.
    await s.compareWithFile(traceFile(s.trace!.layers[0].h, 4, H), 'plain.json');
    expect(store.getState().diffTarget?.tokens).toBeNull();
  });

  it('keeps ε finite and non-negative', async () => {
    const store = await ready();
    store.getState().setDiffEpsilon(0.5);
    store.getState().setDiffEpsilon(-1);
    store.getState().setDiffEpsilon(NaN);
    expect(store.getState().diffEpsilon).toBe(0.5);
  });
});
