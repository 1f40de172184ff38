// @vitest-environment node
import { expose, proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { unroll } from '../../src/engine/unroll';
import { createEngineApi, type EngineApi, type ForwardReply, type TrainProgress } from '../../src/worker/api';
import { helloWorldTraining, model64, sameBits, vectorTask } from './helpers';

// The worker's wiring without a worker: the API is exposed on one end of a MessageChannel and wrapped on the
// other, so every argument and reply goes through structured clone and transfer lists as it would in a browser.
let port1: MessagePort, port2: MessagePort;
let api: EngineApi;
let remote: Remote<EngineApi>;

beforeEach(() => {
  ({ port1, port2 } = new MessageChannel());
  api = createEngineApi();
  expose(api, port1);
  remote = wrap<EngineApi>(port2);
});

afterEach(() => {
  remote[releaseProxy]();
  // Open ports keep Node's event loop, and so vitest, alive.
  port1.close();
  port2.close();
});

describe('comlink wiring of createEngineApi()', () => {
  it('round-trips a forward call with typed arrays of this realm', async () => {
    const model = model64({ cell: 'gru' });
    const { batch, targets } = vectorTask(model, 2, 4);
    const reply = await remote.forward({ runId: 5, model, batch, targets });
    expect(reply.runId).toBe(5);
    expect(reply.trace.layers[0].h).toBeInstanceOf(Float64Array);
    expect(sameBits(reply.trace.layers[0].h, unroll(model, batch).layers[0].h)).toBe(true);
    expect(reply.grads!.layers[0].weightIh).toBeInstanceOf(Float64Array);
  });

  it('moves a transferred input buffer, leaving it empty on the caller side', async () => {
    const model = model64();
    const { batch } = vectorTask(model, 1, 6);
    const x = batch.x!;
    const expected = unroll(model, batch).layers[0].h;
    const reply = await remote.forward(transfer({ runId: 1, model, batch }, [x.buffer as ArrayBuffer]));
    expect(x.buffer.byteLength).toBe(0);
    expect(sameBits(reply.trace.layers[0].h, expected)).toBe(true);
  });

  it('moves the reply buffers instead of copying them', async () => {
    const inner = api.forward;
    let sent: ForwardReply | undefined;
    api.forward = async (req) => (sent = await inner(req));
    const model = model64({ numLayers: 2 });
    const reply = await remote.forward({ runId: 2, model, batch: vectorTask(model, 1, 3).batch, targets: vectorTask(model, 1, 3).targets });
    expect(reply.trace.layers[0].h.length).toBe(12);
    // Detached on the sending side: the arrays were transferred, including the one two layers share.
    expect(sent!.trace.layers[0].h.byteLength).toBe(0);
    expect(sent!.trace.layers[1].input.byteLength).toBe(0);
    expect(sent!.grads!.layers[1].weightHh.byteLength).toBe(0);
  });

  it('delivers progress through a proxied callback, and the worker releases it', async () => {
    const seen: TrainProgress[] = [];
    const reply = await remote.train(helloWorldTraining({ runId: 4, steps: 6, progressEvery: 0 }), proxy((p: TrainProgress) => { seen.push(p); }));
    expect(reply.steps).toBe(6);
    // Progress travels on the callback's own port, so it may land after the reply.
    await vi.waitFor(() => expect(seen.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]));
    expect(seen[5].loss).toBe(reply.losses[5]);
  });

  it('lets a cancel through while a train runs', async () => {
    let onFirstProgress!: () => void;
    const progressed = new Promise<void>((resolve) => { onFirstProgress = resolve; });
    const running = remote.train(helloWorldTraining({ runId: 8, steps: 1_000_000, progressEvery: 0 }), proxy(() => onFirstProgress()));
    await progressed;
    expect(await remote.cancel(8)).toBe(true);
    const result = await running;
    expect(result.cancelled).toBe(true);
    expect(result.steps).toBeLessThan(1_000_000);
    expect(result.losses).toBeInstanceOf(Float64Array);
  });

  it('re-throws an EngineError at the await with its message and name', async () => {
    const model = model64();
    const batch = { ...vectorTask(model, 1, 2).batch, x: new Float64Array([1, 2, 3, 4, 5, NaN]) };
    const err = await remote.forward({ runId: 1, model, batch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('x holds a non-finite value (NaN) at flat index 5.');
    expect((err as Error).name).toBe('EngineError');
    await expect(remote.train(helloWorldTraining({ optimizer: { kind: 'sgd', lr: 0 } }))).rejects.toThrow('The learning rate must be a positive number; got 0.');
  });
});
