/**
 * The only main-thread code that knows the engine runs in a worker. It creates and wraps the worker, numbers
 * every request, drops replies that a newer request on the same channel has made stale, moves input buffers
 * when asked, proxies progress callbacks, cancels and disposes.
 *
 * Results never reject: each run resolves to an Outcome, `ok`, `stale` or `error` (with the engine's
 * readable message), so callers can write `setState` code without try/catch and never show an outdated reply.
 */
import { proxy, releaseProxy, transfer, wrap, type Endpoint, type Remote } from 'comlink';
import type { Batch, Model } from '../engine/types';
import type { EngineApi, ForwardReply, ForwardRequest, InitRequest, TrainProgress, TrainReply, TrainRequest } from '../worker/api';

/**
 * A kind of request; only the latest run of each channel is wanted. Forward calls may name a channel of their own
 * (e.g. 'forward:mlp') so that two independent traces do not make each other stale.
 */
export type Channel = 'forward' | 'train' | 'init' | `forward:${string}` | `call:${string}`;

/** Worker methods reached through `invoke` (every method but the four with their own call). */
export type ExtraMethod = Exclude<keyof EngineApi, 'forward' | 'train' | 'init' | 'cancel'>;

/** How a run ended. `stale`: a newer run on its channel started (or the client was disposed); ignore it. */
export type Outcome<T> =
  | { status: 'ok'; runId: number; value: T }
  | { status: 'stale'; runId: number }
  | { status: 'error'; runId: number; error: string };

/** A started run: its id (for `cancel`) and its outcome. */
export interface Run<T> {
  /** Id of this run, allocated by the client. */
  runId: number;
  /** Settles once the worker replies, or at once as `stale` when the client is disposed. Never rejects. */
  result: Promise<Outcome<T>>;
}

/** Lets the caller hand its input buffers over instead of having them copied. */
export interface TransferOption {
  /** When true, the buffers of every batch's `x` are moved to the worker and become empty (byteLength 0) here. */
  transferInput?: boolean;
}

/** A forward request as the caller writes it: the client adds the run id. */
export type ForwardCall = Omit<ForwardRequest, 'runId'> & TransferOption & { channel?: `forward:${string}` };
/** A training request as the caller writes it: the client adds the run id. */
export type TrainCall = Omit<TrainRequest, 'runId'> & TransferOption;

/** The engine as the main thread sees it. */
export interface EngineClient {
  /** Runs a forward pass (and BPTT when targets are given). */
  forward(req: ForwardCall): Run<ForwardReply>;
  /** Trains; a newer train cancels this one and makes it stale. Progress of a stale run is not delivered. */
  train(req: TrainCall, onProgress?: (p: TrainProgress) => void): Run<TrainReply>;
  /** Creates a seeded model. */
  init(req: InitRequest): Run<Model>;
  /**
   * Calls any other worker method (feature modules spread into the API: sampling, the gradient lab, model files)
   * on a channel of its own; only the latest run of a channel is wanted, earlier ones resolve `stale`.
   * @example client.invoke('forward:lab', 'labRun', req)
   */
  invoke<K extends ExtraMethod>(channel: Channel, method: K, ...args: Parameters<EngineApi[K]>): Run<Awaited<ReturnType<EngineApi[K]>>>;
  /** Stops a running train at its next step; its run resolves `ok` with `cancelled: true` and the partial model. */
  cancel(runId: number): Promise<boolean>;
  /** Settles pending runs as stale, releases the remote and terminates the worker (or closes the port). */
  dispose(): void;
}

/** The production worker; Vite bundles the URL as a module worker. */
function createDefaultWorker(): Worker {
  return new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
}

/** A readable message for anything a remote call rejected with. */
function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // EngineError messages are written for the user; anything else is a bug, so its kind is worth showing.
  return err.name === 'EngineError' || err.name === 'Error' ? err.message : `${err.name}: ${err.message}`;
}

/** The distinct, transferable buffers of the batches' `x`. */
function inputBuffers(batches: Batch[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const b of batches) if (b.x && b.x.buffer instanceof ArrayBuffer) out.add(b.x.buffer);
  return [...out];
}

/**
 * Creates a client over a new engine worker.
 * @param factory makes the endpoint; tests pass one end of a MessageChannel whose other end runs `expose`.
 */
export function createEngineClient(factory: () => Worker | Endpoint = createDefaultWorker): EngineClient {
  const endpoint = factory();
  const remote: Remote<EngineApi> = wrap<EngineApi>(endpoint);
  const latest: Record<string, number> = { forward: 0, train: 0, init: 0 };
  const pending = new Map<number, (o: Outcome<never>) => void>();
  let nextId = 1;
  let disposed = false;

  function start<T>(channel: Channel, call: (runId: number) => Promise<T>): Run<T> {
    const runId = nextId++;
    latest[channel] = runId;
    if (disposed) return { runId, result: Promise.resolve({ status: 'error', runId, error: 'The engine has been shut down.' }) };
    const result = new Promise<Outcome<T>>((resolve) => {
      pending.set(runId, resolve);
      const settle = (o: Outcome<T>) => {
        // A run already settled by dispose stays stale; a superseded one becomes stale whatever it returned.
        if (!pending.delete(runId)) return;
        resolve(latest[channel] === runId ? o : { status: 'stale', runId });
      };
      let reply: Promise<T>;
      try {
        // Called synchronously so a transferred input is detached as soon as forward()/train() return.
        reply = call(runId);
      } catch (err) {
        reply = Promise.reject(err);
      }
      reply.then((value) => settle({ status: 'ok', runId, value }), (err: unknown) => settle({ status: 'error', runId, error: messageOf(err) }));
    });
    return { runId, result };
  }

  return {
    forward({ transferInput, channel, ...req }) {
      return start(channel ?? 'forward', (runId) => {
        const msg: ForwardRequest = { ...req, runId };
        return remote.forward(transferInput ? transfer(msg, inputBuffers([req.batch])) : msg);
      });
    },

    train({ transferInput, ...req }, onProgress) {
      const previous = latest.train;
      // Its reply would be stale anyway: stop spending worker time on it.
      if (pending.has(previous)) remote.cancel(previous).catch(() => {});
      return start('train', (runId) => {
        const msg: TrainRequest = { ...req, runId };
        const sent = transferInput ? transfer(msg, inputBuffers(req.batches.map((b) => b.batch))) : msg;
        if (!onProgress) return remote.train(sent);
        // A fresh function is proxied because proxy() marks its argument in place. The worker releases the
        // proxy (closing its port) when the run ends.
        const forward = proxy((p: TrainProgress) => {
          if (!disposed && latest.train === runId) onProgress(p);
        });
        return remote.train(sent, forward);
      });
    },

    init(req) {
      return start('init', () => remote.init(req));
    },

    invoke(channel, method, ...args) {
      // comlink's Remote types every method as (...args) => Promise<…>; the cast only names that shape.
      const fn = remote[method] as unknown as (...a: typeof args) => Promise<Awaited<ReturnType<EngineApi[typeof method]>>>;
      return start(channel, () => fn(...args));
    },

    async cancel(runId) {
      if (disposed) return false;
      try {
        return await remote.cancel(runId);
      } catch {
        return false;
      }
    },

    dispose() {
      if (disposed) return;
      // Stop a training loop that would otherwise keep running on a shared endpoint (a port in tests).
      if (pending.has(latest.train)) remote.cancel(latest.train).catch(() => {});
      disposed = true;
      for (const [runId, resolve] of pending) resolve({ status: 'stale', runId });
      pending.clear();
      remote[releaseProxy]();
      if ('terminate' in endpoint) endpoint.terminate();
      else if ('close' in endpoint && typeof endpoint.close === 'function') endpoint.close();
    },
  };
}

/** The value of an outcome: null when stale; an error outcome throws its readable message. */
export function unwrapOutcome<T>(o: Outcome<T>): T | null {
  if (o.status === 'stale') return null;
  if (o.status === 'error') throw new Error(o.error);
  return o.value;
}
