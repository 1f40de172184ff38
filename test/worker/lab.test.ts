// @vitest-environment node
import { expose, proxy, releaseProxy, wrap, type Remote } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { ECHO_COMPARISON } from '../../src/engine/echo';
import { gradientFlow, type LabKnobs } from '../../src/engine/lab';
import { createEngineApi, type EngineApi } from '../../src/worker/api';
import { createLabApi, type LabCompareProgress } from '../../src/worker/labApi';
import { model64 } from './helpers';

const knobs = (over: Partial<LabKnobs> = {}): LabKnobs => ({ cell: 'rnn', nonlinearity: 'identity', rho: 1.5, steps: 60, seed: 2, ...over });

describe('createLabApi().labSweep(req)', () => {
  it('returns the engine\'s gradient flow for the knobs and the clipped norm', async () => {
    const model = model64({ hiddenSize: 6 });
    const reply = await createLabApi().labSweep({ model, knobs: knobs(), clipNorm: 1 });
    const direct = gradientFlow(model, knobs());
    expect(Array.from(reply.dhNorms)).toEqual(Array.from(direct.dhNorms));
    expect(reply.gradNorm).toBeGreaterThan(1e6);
    expect(reply.clippedNorm).toBeCloseTo(1, 5);
    expect(reply.weights).toBe('model');
    expect((await createLabApi().labSweep({ model, knobs: knobs({ cell: 'gru' }), clipNorm: 1 })).weights).toBe('fresh');
  });

  it('rejects absurd knobs with the engine\'s message', async () => {
    const model = model64({});
    await expect(createLabApi().labSweep({ model, knobs: knobs({ rho: 30 }), clipNorm: 1 })).rejects.toThrow(/between 0.1 and 3/);
    await expect(createLabApi().labSweep({ model, knobs: knobs(), clipNorm: 0 })).rejects.toThrow(/clipping norm/);
  });
});

describe('createLabApi().labCompare(req, onProgress)', () => {
  it('trains both models with the same seed and budget, bit for bit the same twice', async () => {
    const api = createLabApi();
    const a = await api.labCompare({ token: 1, steps: 30, delay: 10 });
    const b = await api.labCompare({ token: 2, steps: 30, delay: 10 });
    expect(a.rnn.losses.length).toBe(30);
    expect(a.lstm!.losses.length).toBe(30);
    expect(Array.from(a.lstm!.losses)).toEqual(Array.from(b.lstm!.losses));
    expect(a.rnn.gradientFlow.length).toBe(11);
    expect(a.cancelled).toBe(false);
  });

  it('stops at the next step when cancelled, reporting progress until then', async () => {
    const api = createLabApi();
    const seen: LabCompareProgress[] = [];
    const run = api.labCompare({ token: 7, steps: 5000, delay: 20 }, (p) => {
      seen.push(p);
      void api.labCancel(7);
    });
    const reply = await run;
    expect(reply.cancelled).toBe(true);
    expect(reply.lstm).toBeNull();
    expect(reply.rnn.losses.length).toBeLessThan(5000);
    expect(seen[0].cell).toBe('rnn');
    expect(await api.labCancel(7)).toBe(false);
  });
});

describe('lab methods over comlink (MessageChannel)', () => {
  let ports: MessagePort[] = [];
  let remote: Remote<EngineApi> | null = null;
  afterEach(() => {
    remote?.[releaseProxy]();
    for (const p of ports) p.close();
    ports = [];
  });

  it('runs a sweep and a comparison with a proxied progress callback; the comparison\'s echo delay is one the RNN cannot learn', async () => {
    const { port1, port2 } = new MessageChannel();
    ports = [port1, port2];
    expose(createEngineApi(), port1);
    remote = wrap<EngineApi>(port2);
    const sweep = await remote.labSweep({ model: model64({}), knobs: knobs({ rho: 0.5 }), clipNorm: 1 });
    expect(sweep.dhNorms).toBeInstanceOf(Float64Array);
    expect(sweep.dhNorms[0]).toBeLessThan(1e-10);
    const progress: number[] = [];
    const reply = await remote.labCompare({ token: 3 }, proxy((p: LabCompareProgress) => { progress.push(p.step); }));
    expect(progress.length).toBeGreaterThan(0);
    expect(reply.steps).toBe(ECHO_COMPARISON.steps);
    // The full comparison: the RNN stays at chance (ln 4), the LSTM learns the echo.
    expect(reply.rnn.losses[reply.steps - 1]).toBeGreaterThan(1.3);
    expect(reply.rnn.accuracy).toBeLessThan(0.5);
    expect(reply.lstm!.losses[reply.steps - 1]).toBeLessThan(0.05);
    expect(reply.lstm!.accuracy).toBe(1);
    // At the start, the gradient from the last step reaches step 1 far weaker in the RNN than in the LSTM.
    const ratio = (g: Float64Array) => g[0] / g[g.length - 1];
    expect(ratio(reply.rnn.gradientFlow)).toBeLessThan(1e-6);
    expect(ratio(reply.lstm!.gradientFlow)).toBeGreaterThan(1e3 * ratio(reply.rnn.gradientFlow));
  }, 30_000);
});
