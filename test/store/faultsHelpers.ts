/**
 * A store over the real engine client and a real engine API behind MessageChannels, whose "worker" the test can
 * kill (the liveness watch is the test's), hold (calls wait until released) or hang (calls are never answered).
 */
import { expose, type Endpoint } from 'comlink';
import { createEngineClient, type LivenessWatch } from '../../src/bridge/engineClient';
import { createEnginePort } from '../../src/bridge/enginePort';
import { createAppStore } from '../../src/store/createAppStore';
import { createEngineApi, type EngineApi } from '../../src/worker/api';

/** A store whose engine workers the test controls. */
export function controlledStore() {
  const ports: MessagePort[] = [];
  const deaths: ((reason: string) => void)[] = [];
  // Per worker: the methods whose calls it never answers (a long computation, or a worker that died silently).
  const hangs: Set<string>[] = [];
  const factory = (): Endpoint => {
    const api = createEngineApi();
    const hang = new Set<string>();
    hangs.push(hang);
    const served = Object.fromEntries(Object.entries(api).map(([k, fn]) => [k, (...args: unknown[]) =>
      hang.has(k) ? new Promise(() => {}) : (fn as (...a: unknown[]) => unknown)(...args)]));
    const { port1, port2 } = new MessageChannel();
    expose(served, port1);
    ports.push(port1, port2);
    return port2;
  };
  const watch: LivenessWatch = (_e, _r, onDeath) => { deaths.push(onDeath); return () => {}; };
  const client = createEngineClient(factory, { watch });
  const store = createAppStore(createEnginePort(client, { trainSteps: 20 }));
  return {
    store,
    /** From now on, the current worker never answers calls of `method`. */
    hang: (method: keyof EngineApi) => { hangs.at(-1)!.add(method); },
    /** Workers started so far. */
    workers: () => hangs.length,
    /** The current worker dies silently (as terminate() or a crash: no event, the lock is released). */
    kill: () => deaths.at(-1)!('the worker was terminated or crashed'),
    dispose: () => { client.dispose(); for (const p of ports) p.close(); },
  };
}

/** Resolves once `cond` holds (polled every 5 ms), or rejects after `ms`. */
export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting for the store');
    await new Promise((r) => setTimeout(r, 5));
  }
}
