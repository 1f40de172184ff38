// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { backpropThroughTime } from '../../src/engine/bptt';
import { initModel } from '../../src/engine/init';
import { stepJacobianNorms } from '../../src/engine/jacobian';
import { namedParams } from '../../src/engine/named';
import { unroll } from '../../src/engine/unroll';
import { createEngineApi, type TrainProgress } from '../../src/worker/api';
import { collectBuffers } from '../../src/worker/transferables';
import { cfg, helloWorldTraining, model64, sameBits, vectorTask } from './helpers';

describe('createEngineApi().forward(req)', () => {
  it('returns the numbers of unroll and backpropThroughTime, echoing the run id', async () => {
    const model = model64({ cell: 'lstm', numLayers: 2 });
    const { batch, targets } = vectorTask(model, 2, 5);
    const reply = await createEngineApi().forward({ runId: 42, model, batch, targets, jacobianNorms: true });
    const trace = unroll(model, batch);
    const ref = backpropThroughTime(model, batch, trace, targets);
    expect(reply.runId).toBe(42);
    for (let l = 0; l < 2; l++) {
      expect(sameBits(reply.trace.layers[l].h, trace.layers[l].h)).toBe(true);
      expect(sameBits(reply.trace.layers[l].c!, trace.layers[l].c!)).toBe(true);
      expect(sameBits(reply.grads!.layers[l].weightHh, ref.grads.layers[l].weightHh)).toBe(true);
    }
    expect(sameBits(reply.trace.y!, trace.y!)).toBe(true);
    expect(reply.loss).toBe(ref.loss);
    expect(sameBits(reply.jacobianNorms!, stepJacobianNorms(model, trace, 1))).toBe(true);
  });

  it('leaves out loss, gradients and Jacobian norms unless asked', async () => {
    const model = model64();
    const reply = await createEngineApi().forward({ runId: 1, model, batch: vectorTask(model, 1, 3).batch });
    expect(reply.loss).toBeUndefined();
    expect(reply.grads).toBeUndefined();
    expect(reply.jacobianNorms).toBeUndefined();
  });

  it('rejects with the engine message for a batch that does not fit', async () => {
    const model = model64();
    const batch = { ...vectorTask(model, 1, 3).batch, x: new Float64Array(2) };
    await expect(createEngineApi().forward({ runId: 1, model, batch })).rejects.toThrow('x must have shape [1, 3, 3].');
  });
});

describe('createEngineApi().train(req, onProgress)', () => {
  it('halves the loss of next-character prediction on "hello world" in 200 Adam steps', async () => {
    const reply = await createEngineApi().train(helloWorldTraining());
    expect(reply.steps).toBe(200);
    expect(reply.losses.length).toBe(200);
    expect(reply.cancelled).toBe(false);
    expect(reply.diverged).toBe(false);
    expect(reply.optimizerState.step).toBe(200);
    expect(reply.losses[199]).toBeLessThan(0.5 * reply.losses[0]);
  });

  it('is deterministic: two runs of one request are bit-identical, and the request is untouched', async () => {
    const req = helloWorldTraining({ steps: 50, clipNorm: 1, truncation: 4 });
    const before = namedParams(req.model).map((t) => t.data.slice());
    const a = await createEngineApi().train(req);
    const b = await createEngineApi().train(req);
    expect(sameBits(a.losses, b.losses)).toBe(true);
    expect(sameBits(a.gradNorms, b.gradNorms)).toBe(true);
    const pa = namedParams(a.model), pb = namedParams(b.model), p0 = namedParams(req.model);
    expect(pa.filter((t, i) => !sameBits(t.data, pb[i].data)).map((t) => t.name)).toEqual([]);
    expect(p0.filter((t, i) => !sameBits(t.data, before[i])).map((t) => t.name)).toEqual([]);
    expect(sameBits(pa[1].data, before[1])).toBe(false);
  });

  it('continues from a returned model and optimizer state exactly as one longer run', async () => {
    const api = createEngineApi();
    const whole = await api.train(helloWorldTraining({ steps: 20 }));
    const first = await api.train(helloWorldTraining({ steps: 12 }));
    const rest = await api.train({ ...helloWorldTraining({ steps: 8 }), model: first.model, optimizerState: first.optimizerState });
    expect(sameBits([...first.losses, ...rest.losses], whole.losses)).toBe(true);
    expect(sameBits(namedParams(rest.model)[2].data, namedParams(whole.model)[2].data)).toBe(true);
  });

  it('reports progress every step with progressEvery 0, and only at the end by default on a short run', async () => {
    const every: TrainProgress[] = [], throttled: TrainProgress[] = [];
    const api = createEngineApi();
    const a = await api.train(helloWorldTraining({ runId: 7, steps: 5, progressEvery: 0 }), (p) => { every.push(p); });
    expect(every.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(every.every((p) => p.runId === 7)).toBe(true);
    expect(every[4].loss).toBe(a.losses[4]);
    expect(every[4].gradNorm).toBe(a.gradNorms[4]);
    await api.train(helloWorldTraining({ steps: 5 }), (p) => { throttled.push(p); });
    expect(throttled.map((p) => p.step)).toEqual([5]);
    expect(throttled[0].stepsPerSecond).toBeGreaterThan(0);
  });

  it('keeps training when the progress callback throws', async () => {
    const reply = await createEngineApi().train(helloWorldTraining({ steps: 3, progressEvery: 0 }), () => { throw new Error('view crashed'); });
    expect(reply.steps).toBe(3);
  });

  it('stops at a step boundary after cancel(runId), returning the steps done with cancelled: true', async () => {
    const api = createEngineApi();
    const steps = 1_000_000;
    const running = api.train(helloWorldTraining({ runId: 9, steps }));
    await new Promise((r) => setTimeout(r, 50));
    expect(await api.cancel(9)).toBe(true);
    const reply = await running;
    expect(reply.cancelled).toBe(true);
    expect(reply.steps).toBeGreaterThan(0);
    expect(reply.steps).toBeLessThan(steps);
    expect(reply.losses.length).toBe(reply.steps);
    expect(reply.optimizerState.step).toBe(reply.steps);
    expect(await api.cancel(9)).toBe(false);
  });

  it('stops when the loss stops being finite, marking the run diverged', async () => {
    const req = helloWorldTraining({ steps: 10, optimizer: { kind: 'sgd', lr: 1e300 } });
    const reply = await createEngineApi().train(req);
    expect(reply.diverged).toBe(true);
    expect(reply.steps).toBeLessThan(10);
    expect(Number.isFinite(reply.losses[reply.steps - 1])).toBe(false);
  });

  it('rejects with the engine message for bad settings', async () => {
    const api = createEngineApi();
    await expect(api.train(helloWorldTraining({ optimizer: { kind: 'adam', lr: -1 } }))).rejects.toThrow('The learning rate must be a positive number; got -1.');
    await expect(api.train(helloWorldTraining({ steps: 1.5 }))).rejects.toThrow('whole number ≥ 0; got 1.5');
    await expect(api.train(helloWorldTraining({ batches: [] }))).rejects.toThrow('at least one batch');
    await expect(api.train(helloWorldTraining({ clipNorm: 0 }))).rejects.toThrow('The clipping norm must be positive; got 0.');
  });

  it('refuses a run id that is already training', async () => {
    const api = createEngineApi();
    const first = api.train(helloWorldTraining({ runId: 3, steps: 1_000_000 }));
    await expect(api.train(helloWorldTraining({ runId: 3 }))).rejects.toThrow('Run 3 is already training.');
    await api.cancel(3);
    expect((await first).cancelled).toBe(true);
  });
});

describe('createEngineApi().init(req)', () => {
  it('returns the model initModel makes', async () => {
    const config = cfg({ cell: 'gru', hiddenSize: 5 });
    const model = await createEngineApi().init({ config, seed: 11, scheme: 'orthogonal', dtype: 'float64', vocabulary: ['a', 'b'] });
    const ref = initModel(config, { seed: 11, scheme: 'orthogonal', dtype: 'float64', vocabulary: ['a', 'b'] });
    expect(model.vocabulary).toEqual(['a', 'b']);
    const refParams = namedParams(ref);
    expect(namedParams(model).filter((t, i) => !sameBits(t.data, refParams[i].data)).map((t) => t.name)).toEqual([]);
  });

  it('rejects with the engine message for a bad config', async () => {
    await expect(createEngineApi().init({ config: cfg({ numLayers: 9 }), seed: 1 })).rejects.toThrow('The number of layers must be a whole number from 1 to 4; got 9.');
  });
});

describe('collectBuffers(...values)', () => {
  it('lists each buffer once, though layers share arrays and views share buffers', () => {
    const model = model64({ numLayers: 3 });
    const trace = unroll(model, vectorTask(model, 2, 4).batch);
    expect(trace.layers[1].input).toBe(trace.layers[0].h);
    const buffers = collectBuffers(trace);
    expect(new Set(buffers).size).toBe(buffers.length);
    const whole = new Float64Array(8);
    expect(collectBuffers({ a: whole.subarray(0, 4), b: [whole.subarray(4)], c: whole })).toEqual([whole.buffer]);
    expect(collectBuffers(null, 3, 'x', { n: 1 })).toEqual([]);
  });
});
