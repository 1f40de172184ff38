// @vitest-environment node
import { expose, type Endpoint } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createEngineClient, interruptedMessage, MAX_RESTARTS, RESTART_WINDOW_MS, type EngineClient, type LivenessWatch, type Outcome, type RestartEvent,
} from '../../src/bridge/engineClient';
import { unroll } from '../../src/engine/unroll';
import { createEngineApi, type ForwardReply, type ForwardRequest } from '../../src/worker/api';
import { model64, sameBits, vectorTask } from '../worker/helpers';

const ports: MessagePort[] = [];
const clients: EngineClient[] = [];

afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
  for (const p of ports.splice(0)) p.close();
});

/** A worker that takes every message and never answers: a long computation, or a worker that died silently. */
function hungWorker(): Endpoint {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => {};
  ports.push(port1, port2);
  return port2;
}

/** A working worker: the real engine API behind a MessageChannel. */
function liveWorker(api: object = createEngineApi()): Endpoint {
  const { port1, port2 } = new MessageChannel();
  expose(api, port1);
  ports.push(port1, port2);
  return port2;
}

/**
 * A client whose workers come from `workers` in order (the last one repeats), with a liveness watch the test
 * triggers: `kill()` reports the current worker dead, as the Web Lock does when a worker is terminated.
 */
function setup(workers: (() => Endpoint)[], now: () => number = () => 0) {
  const made: Endpoint[] = [];
  const deaths: ((reason: string) => void)[] = [];
  const watch: LivenessWatch = (_endpoint, _remote, onDeath) => {
    deaths.push(onDeath);
    return () => {};
  };
  const client = createEngineClient(() => {
    const w = workers[Math.min(made.length, workers.length - 1)]();
    made.push(w);
    return w;
  }, { watch, now });
  clients.push(client);
  const events: RestartEvent[] = [];
  client.onRestart((e) => events.push(e));
  return { client, made, events, kill: (reason = 'the worker was terminated or crashed') => deaths.at(-1)!(reason), deaths };
}

function errorOf(out: Outcome<unknown>): string {
  if (out.status !== 'error') throw new Error(`expected an error outcome, got ${out.status}`);
  return out.error;
}

function okValue<T>(out: Outcome<T>): T {
  if (out.status !== 'ok') throw new Error(`expected an ok outcome, got ${JSON.stringify(out)}`);
  return out.value;
}

const model = model64();
const { batch } = vectorTask(model, 1, 5);

describe('createEngineClient: a worker that dies', () => {
  it('notices a silent death, starts a new worker, settles the run it owed as an error and tells listeners once', async () => {
    const { client, made, events, kill } = setup([hungWorker, liveWorker]);
    const owed = client.forward({ model, batch });
    kill();
    expect(made).toHaveLength(2);
    expect(events).toEqual([{ cause: 'crash', reason: 'the worker was terminated or crashed', restarted: true }]);
    expect(errorOf(await owed.result)).toBe(interruptedMessage('the worker was terminated or crashed'));
    // The new worker answers, with the same numbers the engine gives for the same model and input.
    const after = okValue(await client.forward({ model, batch }).result);
    expect(sameBits(after.trace.layers[0].h, unroll(model, batch).layers[0].h)).toBe(true);
  });

  it('restarts on the worker\'s error and messageerror events', async () => {
    const { client, made, events } = setup([hungWorker, hungWorker, liveWorker]);
    const first = client.init({ config: model.config, seed: 1 });
    (made[0] as MessagePort).dispatchEvent(Object.assign(new Event('error'), { message: 'boom' }));
    expect(errorOf(await first.result)).toBe(interruptedMessage('the engine raised an error: boom'));
    const second = client.init({ config: model.config, seed: 1 });
    (made[1] as MessagePort).dispatchEvent(new Event('messageerror'));
    expect(errorOf(await second.result)).toMatch(/could not be read/);
    expect(events.map((e) => e.reason)).toEqual(['the engine raised an error: boom', 'a message from the engine could not be read']);
    expect(okValue(await client.init({ config: model.config, seed: 1 }).result).config).toEqual(model.config);
  });

  it('ignores late events of a worker it already replaced', () => {
    const { made, events, deaths } = setup([hungWorker, liveWorker]);
    deaths[0]('first');
    deaths[0]('again'); // the same dead worker, reported twice (e.g. an error event, then the lock)
    (made[0] as MessagePort).dispatchEvent(new Event('error'));
    expect(events).toHaveLength(1);
    expect(made).toHaveLength(2);
  });

  it('settles a superseded run as stale, not as an error', async () => {
    const { client, kill } = setup([hungWorker, liveWorker]);
    const old = client.forward({ model, batch });
    const newer = client.forward({ model, batch });
    kill();
    expect(await old.result).toEqual({ status: 'stale', runId: old.runId });
    expect((await newer.result).status).toBe('error');
  });

  it(`gives up after ${MAX_RESTARTS} restarts within a minute, and says so`, async () => {
    let t = 0;
    const { client, made, events, kill } = setup([hungWorker], () => t);
    for (let i = 0; i < MAX_RESTARTS; i++) { kill(); t += 1000; }
    expect(made).toHaveLength(MAX_RESTARTS + 1);
    // Deaths older than the window are forgotten: one more after a long quiet spell is restarted.
    t += RESTART_WINDOW_MS;
    kill();
    expect(events.at(-1)!.restarted).toBe(true);
    for (let i = 0; i < MAX_RESTARTS; i++) { kill(); t += 10; }
    expect(events.at(-1)!.restarted).toBe(false);
    const later = await client.forward({ model, batch }).result;
    expect(errorOf(later)).toMatch(/was not restarted: reload the page/);
  });
});

describe('createEngineClient: supersession and cancelling', () => {
  it('of two forwards whose replies arrive out of order, the newer one wins', async () => {
    // The worker holds each reply until the test releases it, then answers in the order released.
    const api = createEngineApi();
    const gates = new Map<number, () => void>();
    const held = {
      ...api,
      async forward(req: ForwardRequest): Promise<ForwardReply> {
        await new Promise<void>((resolve) => gates.set(req.runId, resolve));
        return api.forward(req);
      },
    };
    const { client } = setup([() => liveWorker(held)]);
    const other = model64({}, 2);
    const older = client.forward({ model, batch });
    const newer = client.forward({ model: other, batch });
    await expect.poll(() => gates.size).toBe(2);
    const order: string[] = [];
    void older.result.then((o) => order.push(`older:${o.status}`));
    void newer.result.then((o) => order.push(`newer:${o.status}`));
    gates.get(newer.runId)!();
    const won = okValue(await newer.result);
    gates.get(older.runId)!(); // the older reply arrives last
    expect(await older.result).toEqual({ status: 'stale', runId: older.runId });
    expect(order).toEqual(['newer:ok', 'older:stale']);
    expect(sameBits(won.trace.layers[0].h, unroll(other, batch).layers[0].h)).toBe(true);
  });

  it('aborting a long computation replaces the worker; the run resolves stale and the next request works', async () => {
    const { client, made, events } = setup([hungWorker, liveWorker]);
    const long = client.forward({ model, batch });
    const bystander = client.invoke('call:sample', 'sampleText', { model, prompt: Int32Array.of(0), length: 1, temperature: 1, seed: 1 });
    expect(client.abort(long.runId)).toBe(true);
    expect(await long.result).toEqual({ status: 'stale', runId: long.runId });
    // Another run the old worker owed cannot be finished there: it settles as an error, not silently.
    expect(errorOf(await bystander.result)).toMatch(/stopped before it answered/);
    expect(events).toEqual([{ cause: 'abort', reason: 'a computation was cancelled', restarted: true }]);
    expect(made).toHaveLength(2);
    expect(okValue(await client.forward({ model, batch }).result).trace.T).toBe(5);
    expect(client.abort(long.runId)).toBe(false);
  });

  it('aborting a train cancels it at its next step instead of replacing the worker', async () => {
    const { client, made } = setup([liveWorker]);
    const { runId: _r, ...req } = { runId: 0, model, batches: [vectorTask(model, 1, 5)], optimizer: { kind: 'sgd' as const, lr: 0.01 }, steps: 1_000_000 };
    const run = client.train(req);
    await new Promise((r) => setTimeout(r, 30));
    expect(client.abort(run.runId)).toBe(true);
    const reply = okValue(await run.result);
    expect(reply.cancelled).toBe(true);
    expect(reply.steps).toBeLessThan(1_000_000);
    expect(made).toHaveLength(1);
  });
});
