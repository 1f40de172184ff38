import { describe, expect, it } from 'vitest';
import { nextStepProblem } from '../../src/bridge/backwardPort';
import { backpropThroughTime } from '../../src/engine/bptt';
import { IGNORE_INDEX } from '../../src/engine/loss';
import type { Batch, Targets } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { oneHot } from '../../src/engine/vocab';
import { createAppStore } from '../../src/store/createAppStore';
import type { AppData } from '../../src/store/types';
import { createFakePort } from './fakePort';

async function ready(input = 'hello', overrides: Partial<AppData> = {}) {
  const store = createAppStore(createFakePort(), { input, ...overrides });
  await store.getState().rebuildModel();
  return store;
}

/** max |a − b|. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('backward slice over the real port', () => {
  it('backward mode shows the gradients backpropThroughTime gives for next-character targets (last step ignored)', async () => {
    const store = await ready('hello');
    await store.getState().setBackwardMode(true);
    const s = store.getState();
    const bw = s.backward!;
    expect(s.backwardOn).toBe(true);
    expect(s.step).toBe(5);
    expect(s.backwardStep).toBe(5);
    expect(bw.T).toBe(5);
    expect(bw.targets).toEqual(['e', 'l', 'l', 'o', null]);
    expect(bw.lastStep).toBe('ignore-index');

    // The same problem written out by hand and given to the engine directly.
    const m = s.model!;
    const V = m.vocabulary.length;
    const ids = [...'hello'].map((c) => m.vocabulary.indexOf(c));
    const batch: Batch = { n: 1, T: 5, x: Float32Array.from(oneHot(Int32Array.from(ids), V)), tokens: null, lengths: null, h0: null, c0: null };
    const targets: Targets = { kind: 'classes', classes: Int32Array.of(ids[1], ids[2], ids[3], ids[4], IGNORE_INDEX) };
    const direct = backpropThroughTime(m, batch, unroll(m, batch), targets);
    expect(bw.loss).toBeCloseTo(direct.loss, 6);
    expect(maxDiff(bw.grads.dh[0], direct.grads.dh[0])).toBeLessThan(1e-7);
    expect(maxDiff(bw.grads.layers[0].weightHh, direct.grads.layers[0].weightHh)).toBeLessThan(1e-7);
    expect(maxDiff(bw.grads.outWeight!, direct.grads.outWeight!)).toBeLessThan(1e-7);
    // The per-step pieces sum to those gradients, and the last step, with no target, adds nothing.
    expect(maxDiff(bw.steps.totals.weightHh, direct.grads.layers[0].weightHh)).toBeLessThan(1e-6);
    expect(maxDiff(bw.steps.totals.weightIh, direct.grads.layers[0].weightIh)).toBeLessThan(1e-6);
    expect(maxDiff(bw.steps.totals.outWeight!, direct.grads.outWeight!)).toBeLessThan(1e-6);
    expect(bw.steps.norms.outWeight[4]).toBe(0);
    expect(bw.steps.dhNorm[4]).toBe(0);
    expect(bw.jacobianNorms.length).toBe(5);
    expect(bw.jacobianNorms[2]).toBeGreaterThan(0);
  });

  it('steps back from t = T to 1 and no further, and forward again up to T', async () => {
    const store = await ready('abc');
    await store.getState().setBackwardMode(true);
    const s = store.getState();
    expect(store.getState().backwardStep).toBe(3);
    s.backwardStepBack(); s.backwardStepBack(); s.backwardStepBack();
    expect(store.getState().backwardStep).toBe(1);
    s.backwardStepForward();
    expect(store.getState().backwardStep).toBe(2);
    s.backwardTo(99);
    expect(store.getState().backwardStep).toBe(3);
  });

  it('follows the shown line of a batch and its h0, and runs again only when they change', async () => {
    const store = await ready('hello\nhi there');
    await store.getState().setBackwardMode(true);
    const first = store.getState().backward;
    await store.getState().refreshBackward();
    expect(store.getState().backward).toBe(first);
    store.getState().setSample(1);
    await store.getState().refreshBackward();
    const bw = store.getState().backward!;
    expect(bw.sample).toBe(1);
    expect(bw.T).toBe(8);
    expect(store.getState().backwardStep).toBe(8);
    await store.getState().setH0(0, 0, 0.5);
    await store.getState().refreshBackward();
    const withH0 = store.getState().backward!;
    expect(withH0).not.toBe(bw);
    expect(withH0.trace.layers[0].h0[0]).toBeCloseTo(0.5, 6);
  });

  it('explains why a one-character input has no backward pass', async () => {
    const store = await ready('h');
    await store.getState().setBackwardMode(true);
    expect(store.getState().backward).toBeNull();
    expect(store.getState().backwardError).toMatch(/at least two steps/);
    expect(store.getState().backwardBusy).toBe(false);
  });

  it('numbers: the targets are the next values, and the last step is dropped from the loss', async () => {
    const store = await ready('hello');
    await store.getState().setTask('numbers');
    await store.getState().setInput('0\n0.5\n1\n0.5');
    await store.getState().setBackwardMode(true);
    const bw = store.getState().backward!;
    expect(bw.lastStep).toBe('dropped');
    expect(bw.targets).toEqual(['0.5', '1', '0.5', null]);
    const m = store.getState().model!;
    const batch: Batch = { n: 1, T: 3, x: Float32Array.of(0, 0.5, 1), tokens: null, lengths: null, h0: null, c0: null };
    const direct = backpropThroughTime(m, batch, unroll(m, batch), { kind: 'values', values: Float32Array.of(0.5, 1, 0.5) });
    expect(bw.loss).toBeCloseTo(direct.loss, 6);
    expect(maxDiff(bw.grads.layers[0].weightHh, direct.grads.layers[0].weightHh)).toBeLessThan(1e-7);
    expect(maxDiff(bw.grads.dh[0].subarray(0, 3 * 8), direct.grads.dh[0])).toBeLessThan(1e-7);
  });
});

describe('nextStepProblem(model, text)', () => {
  it('refuses a model whose outputs cannot predict its next input', async () => {
    const store = await ready('hello');
    const m = store.getState().model!;
    const noOut = { ...m, config: { ...m.config, outputSize: 0 } };
    expect(() => nextStepProblem(noOut, 'hello')).toThrow(/no output layer/);
    const wrongO = { ...m, config: { ...m.config, outputSize: 3 } };
    expect(() => nextStepProblem(wrongO, 'hello')).toThrow(/does not predict the next character/);
  });

  it('uses one-hot next characters and drops the last step for a non-softmax text model', async () => {
    const store = await ready('hello');
    const m = store.getState().model!;
    const sig = { ...m, config: { ...m.config, outputActivation: 'sigmoid' as const } };
    const p = nextStepProblem(sig, 'hey');
    expect(p.lastStep).toBe('dropped');
    expect(Array.from(p.batch.lengths!)).toEqual([2]);
    const V = m.vocabulary.length;
    expect(p.targets.kind === 'values' && p.targets.values[m.vocabulary.indexOf('e')]).toBe(1);
    expect(p.targets.kind === 'values' && p.targets.values[V + m.vocabulary.indexOf('y')]).toBe(1);
  });
});
