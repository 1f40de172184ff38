import { afterEach, describe, expect, it, vi } from 'vitest';
import { gradientFlow } from '../../src/engine/lab';
import { createAppStore } from '../../src/store/createAppStore';
import { LAB_DEBOUNCE_MS } from '../../src/store/slices/labSlice';
import type { EnginePort } from '../../src/store/port';
import { createFakePort } from './fakePort';

async function ready(port: EnginePort = createFakePort()) {
  const store = createAppStore(port, { input: 'hello' });
  await store.getState().rebuildModel();
  return store;
}

afterEach(() => { vi.useRealTimers(); });

describe('lab slice', () => {
  it('runs a sweep on a copy of the current model, leaving the model as it was', async () => {
    const store = await ready();
    const model = store.getState().model!;
    const W = Float32Array.from(model.params.layers[0].weightHh);
    store.getState().setLabSettings({ nonlinearity: 'identity', rho: 0.5, steps: 50 });
    await store.getState().runLabSweep();
    const r = store.getState().labResult!;
    expect(r.knobs).toMatchObject({ rho: 0.5, steps: 50, nonlinearity: 'identity' });
    const direct = gradientFlow(model, { cell: 'rnn', nonlinearity: 'identity', rho: 0.5, steps: 50, seed: store.getState().settings.seed });
    expect(Array.from(r.dhNorms)).toEqual(Array.from(direct.dhNorms));
    expect(store.getState().model).toBe(model);
    expect(Array.from(model.params.layers[0].weightHh)).toEqual(Array.from(W));
  });

  it('debounces knob changes: one sweep for a burst of slider values, with the last value', async () => {
    const port = createFakePort();
    const sweeps: number[] = [];
    const counted: EnginePort = { ...port, labSweep: (m, k, c) => { sweeps.push(k.rho); return port.labSweep(m, k, c); } };
    const store = await ready(counted);
    vi.useFakeTimers();
    for (const rho of [1.1, 1.2, 1.3, 1.4]) store.getState().setLabSettings({ rho });
    expect(store.getState().labPending).toBe(true);
    await vi.advanceTimersByTimeAsync(LAB_DEBOUNCE_MS + 10);
    vi.useRealTimers();
    await vi.waitFor(() => expect(store.getState().labPending).toBe(false));
    expect(sweeps).toEqual([1.4]);
    expect(store.getState().labResult!.knobs.rho).toBe(1.4);
  });

  it('drops the reply of an older setting that arrives after a newer one', async () => {
    const port = createFakePort();
    let releaseSlow: () => void = () => {};
    const slow = new Promise<void>((r) => { releaseSlow = r; });
    const delayed: EnginePort = {
      ...port,
      labSweep: async (m, k, c) => { if (k.rho === 2) await slow; return port.labSweep(m, k, c); },
    };
    const store = await ready(delayed);
    store.setState({ labSettings: { ...store.getState().labSettings, rho: 2 } });
    const first = store.getState().runLabSweep();
    store.setState({ labSettings: { ...store.getState().labSettings, rho: 0.7 } });
    await store.getState().runLabSweep();
    releaseSlow();
    await first;
    expect(store.getState().labResult!.knobs.rho).toBe(0.7);
  });

  it('refuses absurd knob values at the action and keeps the setting', async () => {
    const store = await ready();
    const before = store.getState().labSettings;
    expect(store.getState().setLabSettings({ rho: 0 })).toMatch(/between 0.1 and 3/);
    expect(store.getState().setLabSettings({ rho: Number.NaN })).toMatch(/between 0.1 and 3/);
    expect(store.getState().setLabSettings({ steps: 0 })).toMatch(/from 2 to 1000/);
    expect(store.getState().setLabSettings({ steps: 1e9 })).toMatch(/from 2 to 1000/);
    expect(store.getState().labSettings).toBe(before);
  });

  it('keeps the last finite run and says why when a run overflows', async () => {
    const store = await ready();
    store.setState({ labSettings: { cell: 'rnn', nonlinearity: 'identity', rho: 1.2, steps: 100, clip: false } });
    await store.getState().runLabSweep();
    const good = store.getState().labResult;
    expect(good).not.toBeNull();
    store.setState({ labSettings: { cell: 'rnn', nonlinearity: 'identity', rho: 3, steps: 1000, clip: false } });
    await store.getState().runLabSweep();
    expect(store.getState().labResult).toBe(good);
    expect(store.getState().labMessage).toMatch(/^At step \d+, the hidden state h_t overflowed to Infinity or NaN/);
    store.setState({ labSettings: { cell: 'rnn', nonlinearity: 'identity', rho: 0.9, steps: 100, clip: false } });
    await store.getState().runLabSweep();
    expect(store.getState().labMessage).toBeNull();
  });

  it('runs the comparison with progress, and a cancelled one keeps the previous result', async () => {
    const store = await ready();
    const statuses: string[] = [];
    const unsub = store.subscribe((s) => { if (s.labComparison.progress) statuses.push(s.labComparison.progress.cell); });
    await store.getState().runComparison({ steps: 20, delay: 5 });
    const c = store.getState().labComparison;
    expect(c.status).toBe('done');
    expect(c.result!.rnn.losses.length).toBe(20);
    expect(c.result!.lstm!.losses.length).toBe(20);
    const done = c.result;
    const run = store.getState().runComparison({ steps: 1000, delay: 60 });
    expect(store.getState().labComparison.status).toBe('running');
    await store.getState().cancelComparison();
    await run;
    expect(store.getState().labComparison.status).toBe('cancelled');
    expect(store.getState().labComparison.result).toBe(done);
    unsub();
    expect(statuses).toContain('rnn');
  });
});
