// @vitest-environment node
import { expose } from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unroll } from '../../src/engine/unroll';
import { createEngineClient, type EngineClient, type Outcome } from '../../src/bridge/engineClient';
import { createEngineApi, type EngineApi, type TrainProgress } from '../../src/worker/api';
import { helloWorldTraining, model64, sameBits, vectorTask } from '../worker/helpers';

// Each client gets a MessageChannel: the engine API is exposed on one port, the client wraps the other.
const ports: MessagePort[] = [];
const clients: EngineClient[] = [];

function setup(): { client: EngineClient; api: EngineApi; enginePort: MessagePort } {
  const api = createEngineApi();
  let enginePort!: MessagePort;
  const client = createEngineClient(() => {
    const { port1, port2 } = new MessageChannel();
    expose(api, port1);
    ports.push(port1, port2);
    enginePort = port1;
    return port2;
  });
  clients.push(client);
  return { client, api, enginePort };
}

/** A training request for the client (no run id: the client allocates it). */
function trainCall(over: Parameters<typeof helloWorldTraining>[0] = {}) {
  const { runId: _unused, ...call } = helloWorldTraining(over);
  return call;
}

/** The value of an ok outcome; throws (failing the test) on stale or error. */
function okValue<T>(out: Outcome<T>): T {
  if (out.status !== 'ok') throw new Error(`expected an ok outcome, got ${JSON.stringify(out)}`);
  return out.value;
}

/** The message of an error outcome; throws on ok or stale. */
function errorOf(out: Outcome<unknown>): string {
  if (out.status !== 'error') throw new Error(`expected an error outcome, got ${out.status}`);
  return out.error;
}

afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
  for (const p of ports.splice(0)) p.close();
});

describe('createEngineClient(factory).forward(req)', () => {
  it('resolves ok with the engine numbers and a fresh run id', async () => {
    const { client } = setup();
    const model = model64();
    const { batch } = vectorTask(model, 1, 4);
    const a = client.forward({ model, batch });
    const b = client.forward({ model, batch });
    expect(b.runId).toBeGreaterThan(a.runId);
    const value = okValue(await b.result);
    expect(value.runId).toBe(b.runId);
    expect(sameBits(value.trace.layers[0].h, unroll(model, batch).layers[0].h)).toBe(true);
  });

  it('drops a stale reply: of two forwards in flight, the first resolves stale', async () => {
    const { client } = setup();
    const model = model64();
    const { batch } = vectorTask(model, 1, 4);
    const first = client.forward({ model, batch });
    const second = client.forward({ model, batch });
    expect(await first.result).toEqual({ status: 'stale', runId: first.runId });
    expect((await second.result).status).toBe('ok');
  });

  it('keeps channels apart: a train does not make a forward stale', async () => {
    const { client } = setup();
    const model = model64();
    const fwd = client.forward({ model, batch: vectorTask(model, 1, 2).batch });
    const tr = client.train(trainCall({ steps: 2 }));
    expect((await fwd.result).status).toBe('ok');
    expect((await tr.result).status).toBe('ok');
  });

  it('moves the input x when transferInput is set, and copies it otherwise', async () => {
    const { client } = setup();
    const model = model64();
    const kept = vectorTask(model, 1, 3).batch, moved = vectorTask(model, 1, 3).batch;
    const a = client.forward({ model, batch: kept });
    const b = client.forward({ model, batch: moved, transferInput: true });
    expect(kept.x!.byteLength).toBe(24 * 3);
    expect(moved.x!.byteLength).toBe(0);
    await a.result;
    expect((await b.result).status).toBe('ok');
  });

  it('turns an engine error into an error outcome with its message', async () => {
    const { client } = setup();
    const model = model64();
    const batch = { ...vectorTask(model, 1, 3).batch, lengths: Int32Array.of(7) };
    const run = client.forward({ model, batch });
    expect(await run.result).toEqual({ status: 'error', runId: run.runId, error: 'Each length must be between 1 and 3; got 7.' });
  });

  it('reports a request that cannot be cloned as an error outcome', async () => {
    const { client } = setup();
    const model = { ...model64(), extra: () => 0 };
    expect(errorOf(await client.forward({ model, batch: vectorTask(model, 1, 2).batch }).result)).toMatch(/could not be cloned/);
  });
});

describe('createEngineClient(factory).train(req, onProgress)', () => {
  it('trains, delivers progress for its run, and resolves ok', async () => {
    const { client } = setup();
    const seen: TrainProgress[] = [];
    const run = client.train(trainCall({ steps: 4, progressEvery: 0 }), (p) => seen.push(p));
    expect(okValue(await run.result).steps).toBe(4);
    await vi.waitFor(() => expect(seen.map((p) => p.step)).toEqual([1, 2, 3, 4]));
    expect(seen.every((p) => p.runId === run.runId)).toBe(true);
  });

  it('moves every batch x when transferInput is set', async () => {
    const { client } = setup();
    const model = model64();
    const a = vectorTask(model, 1, 3, 1), b = vectorTask(model, 1, 3, 2);
    const run = client.train({ model, batches: [a, b, a], optimizer: { kind: 'sgd', lr: 0.1 }, steps: 3, transferInput: true });
    expect(a.batch.x!.byteLength).toBe(0);
    expect(b.batch.x!.byteLength).toBe(0);
    expect((await run.result).status).toBe('ok');
  });

  it('stops a run on cancel(runId), resolving ok with the partial model and cancelled: true', async () => {
    const { client } = setup();
    let firstProgress!: () => void;
    const progressed = new Promise<void>((resolve) => { firstProgress = resolve; });
    const run = client.train(trainCall({ steps: 1_000_000, progressEvery: 0 }), () => firstProgress());
    await progressed;
    expect(await client.cancel(run.runId)).toBe(true);
    const value = okValue(await run.result);
    expect(value.cancelled).toBe(true);
    expect(value.steps).toBeLessThan(1_000_000);
  });

  it('makes an older train stale, cancels it in the worker, and stops forwarding its progress', async () => {
    const { client, api } = setup();
    const cancel = vi.spyOn(api, 'cancel');
    const oldSeen: TrainProgress[] = [];
    let firstProgress!: () => void;
    const progressed = new Promise<void>((resolve) => { firstProgress = resolve; });
    const old = client.train(trainCall({ steps: 1_000_000, progressEvery: 0 }), (p) => { oldSeen.push(p); firstProgress(); });
    await progressed;
    const fresh = client.train(trainCall({ steps: 3 }));
    const countAtSwitch = oldSeen.length;
    expect(await old.result).toEqual({ status: 'stale', runId: old.runId });
    expect((await fresh.result).status).toBe('ok');
    expect(cancel).toHaveBeenCalledWith(old.runId);
    // The switch to the new run id is synchronous, so every report of the old run arriving after it is dropped.
    expect(oldSeen.length).toBe(countAtSwitch);
  });
});

describe('createEngineClient(factory).init(req)', () => {
  it('creates a seeded model', async () => {
    const { client } = setup();
    const model = okValue(await client.init({ config: model64().config, seed: 1, dtype: 'float64' }).result);
    expect(sameBits(model.params.layers[0].weightHh, model64().params.layers[0].weightHh)).toBe(true);
  });
});

describe('createEngineClient(factory).dispose()', () => {
  it('settles pending runs as stale, stops their training, closes the endpoint and refuses later calls', async () => {
    const { client, api, enginePort } = setup();
    const cancel = vi.spyOn(api, 'cancel');
    const closed = new Promise<void>((resolve) => enginePort.addEventListener('close', () => resolve()));
    const run = client.train(trainCall({ steps: 1_000_000 }));
    client.dispose();
    expect(await run.result).toEqual({ status: 'stale', runId: run.runId });
    await closed;
    expect(cancel).toHaveBeenCalledWith(run.runId);
    const model = model64();
    const later = client.forward({ model, batch: vectorTask(model, 1, 2).batch });
    expect(await later.result).toEqual({ status: 'error', runId: later.runId, error: 'The engine has been shut down.' });
    expect(await client.cancel(run.runId)).toBe(false);
    client.dispose();
  });

  it('terminates a Worker endpoint', () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const terminate = vi.fn<() => void>();
    const client = createEngineClient(() => Object.assign(port2, { terminate }));
    client.dispose();
    expect(terminate).toHaveBeenCalledOnce();
  });
});

describe('createEngineClient(factory).invoke(channel, method, ...args)', () => {
  it('reads a model file in the worker, and a newer call on the same channel makes the older one stale', async () => {
    const { client } = setup();
    // weight_hh has 3·H rows with H = 1: a GRU.
    const bytes = new TextEncoder().encode(JSON.stringify({ 'rnn.weight_ih_l0': [[1, 2], [3, 4], [5, 6]], 'rnn.weight_hh_l0': [[1], [2], [3]], 'rnn.bias_ih_l0': [0, 0, 0], 'rnn.bias_hh_l0': [0, 0, 0] }));
    const first = client.invoke('call:io', 'importModelFile', { bytes, fileName: 'a.json' });
    const second = client.invoke('call:io', 'importModelFile', { bytes, fileName: 'b.json' });
    expect((await first.result).status).toBe('stale');
    const imported = okValue(await second.result);
    expect(imported.model.config.cell).toBe('gru');
    expect(imported.format).toBe('state_dict');
  });

  it('reports a refused file as an error outcome with the reader\'s message', async () => {
    const { client } = setup();
    const pickle = Uint8Array.of(0x80, 0x02, 0x7d, 0x71);
    expect(errorOf(await client.invoke('call:io', 'importModelFile', { bytes: pickle, fileName: 'model.pt' }).result)).toMatch(/save_file/);
  });
});
