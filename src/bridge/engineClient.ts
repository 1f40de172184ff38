/**
 * The only main-thread code that knows the engine runs in a worker. It creates and wraps the worker, numbers
 * every request, drops replies that a newer request on the same channel has made stale, moves input buffers
 * when asked, proxies progress callbacks, cancels and disposes.
 *
 * Results never reject: each run resolves to an Outcome, `ok`, `stale` or `error` (with the engine's
 * readable message), so callers can write `setState` code without try/catch and never show an outdated reply.
 *
 * Faults: the worker can die (terminated, out of memory, an uncaught exception, a message that cannot be read).
 * The client notices through the worker's `error` and `messageerror` events and, for deaths that fire no event
 * (terminate(), self.close(), a crashed isolate), through a Web Lock the worker holds for its whole life
 * (worker/lifeLock.ts): the client's request for the same lock is granted only once the worker is gone. It then
 * starts a new worker, tells its `onRestart` listeners (the store restores the trace: the worker holds no state, so
 * the model and input it needs are the store's), and settles every run the dead worker owed as an error. After
 * MAX_RESTARTS deaths within RESTART_WINDOW_MS it stops restarting (a worker that cannot even load would loop).
 *
 * Cancelling: a train stops cooperatively at its next step (`cancel`). Any other run is one synchronous computation
 * in the worker, which no message can interrupt; `abort` ends it by replacing the worker, the same way.
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
export type ExtraMethod = Exclude<keyof EngineApi, 'forward' | 'train' | 'init' | 'cancel' | 'holdLifeLock'>;

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
  /**
   * Ends a pending run now, whatever it is: a train is cancelled at its next step (as `cancel`); any other run is
   * dropped by replacing the worker, and resolves `stale`. Other runs the old worker owed settle as errors and the
   * `onRestart` listeners hear about it (cause `abort`). @returns false when the run is not pending.
   */
  abort(runId: number): boolean;
  /** Calls `listener` each time the worker is replaced; returns the unsubscribe function. */
  onRestart(listener: (e: RestartEvent) => void): () => void;
  /** Settles pending runs as stale, releases the remote and terminates the worker (or closes the port). */
  dispose(): void;
}

/** What happened when the worker was replaced. */
export interface RestartEvent {
  /** crash: the worker died or failed; abort: `abort` replaced it to end a run. */
  cause: 'crash' | 'abort';
  /** How the death was noticed, e.g. 'the engine raised an error: …' (for messages and logs). */
  reason: string;
  /** False when the client gave up (too many deaths in a row): every later run resolves as an error. */
  restarted: boolean;
}

/**
 * Watches one endpoint for a death that fires no event; calls `onDeath` once when it happens and returns a function
 * that stops watching (called before the client itself terminates the worker).
 */
export type LivenessWatch = (endpoint: Worker | Endpoint, remote: Remote<EngineApi>, onDeath: (reason: string) => void) => () => void;

/** Options of a client. */
export interface EngineClientOptions {
  /** The silent-death watch; Web Locks (watchWithLocks) by default. */
  watch?: LivenessWatch;
  /** Clock for the restart limit, in ms. */
  now?: () => number;
}

/** Deaths tolerated within RESTART_WINDOW_MS before the client stops restarting. */
export const MAX_RESTARTS = 3;
/** The window of the restart limit, in ms. */
export const RESTART_WINDOW_MS = 60_000;

/** The error of a run the dead worker never answered. */
export function interruptedMessage(reason: string): string {
  return `The engine stopped before it answered (${reason}) and was restarted.`;
}

/** A name no other worker of this origin uses (locks are shared by every tab of the origin). */
function uniqueLockName(): string {
  const id = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  return `rnn-unfold-engine-${id}`;
}

/**
 * The default liveness watch: the worker holds a Web Lock for its whole life (worker/lifeLock.ts) and the client
 * queues a request for it, which is granted only when the worker is gone. Does nothing where there are no Web Locks
 * (Node, insecure contexts) or for a plain port.
 */
export const watchWithLocks: LivenessWatch = (endpoint, remote, onDeath) => {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks || typeof Worker === 'undefined' || !(endpoint instanceof Worker)) return () => {};
  const name = uniqueLockName();
  const stop = new AbortController();
  remote.holdLifeLock(name).then((held) => {
    if (!held || stop.signal.aborted) return;
    locks.request(name, { signal: stop.signal }, () => {
      if (!stop.signal.aborted) onDeath('the worker was terminated or crashed');
    }).catch(() => {}); // AbortError once the client stops watching
  }, () => {});
  return () => stop.abort();
};

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

/** One worker and its wrapper. */
interface Connection {
  endpoint: Worker | Endpoint;
  remote: Remote<EngineApi>;
  /** Removes the event listeners and stops the liveness watch. */
  unwatch: () => void;
}

/** A pending run: its channel (to tell the latest from a superseded one) and how to settle it. */
interface Pending {
  channel: Channel;
  resolve: (o: Outcome<never>) => void;
}

/** A readable reason from a worker's error event. */
function errorReason(e: Event): string {
  const msg = 'message' in e && typeof e.message === 'string' && e.message ? e.message : '';
  return msg ? `the engine raised an error: ${msg}` : 'the engine raised an error';
}

/**
 * Creates a client over a new engine worker, replaced by a new one whenever it dies.
 * @param factory makes the endpoint; tests pass one end of a MessageChannel whose other end runs `expose`.
 */
export function createEngineClient(factory: () => Worker | Endpoint = createDefaultWorker, options: EngineClientOptions = {}): EngineClient {
  const watch = options.watch ?? watchWithLocks;
  const now = options.now ?? (() => Date.now());
  const latest: Record<string, number> = { forward: 0, train: 0, init: 0 };
  const pending = new Map<number, Pending>();
  const listeners = new Set<(e: RestartEvent) => void>();
  let deaths: number[] = [];
  let nextId = 1;
  let disposed = false;
  // Set when the client gave up restarting: every later run resolves as this error.
  let broken: string | null = null;

  const connect = (): Connection => {
    const endpoint = factory();
    const remote = wrap<EngineApi>(endpoint);
    const conn: Connection = { endpoint, remote, unwatch: () => {} };
    const onError = (e: Event) => {
      // Handled here: not cancelled, a worker's error would also be reported as an uncaught error of the page.
      e.preventDefault();
      fail(conn, errorReason(e));
    };
    const onMessageError = () => fail(conn, 'a message from the engine could not be read');
    const target = 'addEventListener' in endpoint ? endpoint : null;
    target?.addEventListener('error', onError);
    target?.addEventListener('messageerror', onMessageError);
    const stopWatch = watch(endpoint, remote, (reason) => fail(conn, reason));
    conn.unwatch = () => {
      target?.removeEventListener('error', onError);
      target?.removeEventListener('messageerror', onMessageError);
      stopWatch();
    };
    return conn;
  };

  const teardown = (c: Connection) => {
    c.unwatch();
    try {
      c.remote[releaseProxy]();
    } catch {
      // Already released.
    }
    if ('terminate' in c.endpoint) c.endpoint.terminate();
    else if ('close' in c.endpoint && typeof c.endpoint.close === 'function') c.endpoint.close();
  };

  let conn: Connection | null = connect();

  /** A death noticed on `c`: ignored when `c` is no longer the current worker (its late events). */
  function fail(c: Connection, reason: string) {
    if (c !== conn || disposed) return;
    replace('crash', reason);
  }

  /** Drops the current worker, starts a new one (unless too many died lately), tells listeners, settles its runs. */
  function replace(cause: RestartEvent['cause'], reason: string, skip?: number) {
    const owed = [...pending];
    pending.clear();
    if (conn) teardown(conn);
    conn = null;
    let restarted = true;
    if (cause === 'crash') {
      const t = now();
      deaths = [...deaths.filter((d) => t - d < RESTART_WINDOW_MS), t];
      if (deaths.length > MAX_RESTARTS) {
        restarted = false;
        broken = `The engine stopped ${deaths.length} times within a minute and was not restarted: reload the page.`;
      }
    }
    if (restarted) conn = connect();
    // Listeners first, synchronously: they see the app as it was when the worker died (e.g. a training run still
    // marked running), before the runs below settle and their callers react.
    for (const l of [...listeners]) l({ cause, reason, restarted });
    const error = broken ?? interruptedMessage(reason);
    for (const [runId, p] of owed) {
      p.resolve(runId === skip || latest[p.channel] !== runId ? { status: 'stale', runId } : { status: 'error', runId, error });
    }
  }

  function start<T>(channel: Channel, call: (remote: Remote<EngineApi>, runId: number) => Promise<T>): Run<T> {
    const runId = nextId++;
    latest[channel] = runId;
    if (disposed || !conn) return { runId, result: Promise.resolve({ status: 'error', runId, error: broken ?? 'The engine has been shut down.' }) };
    const remote = conn.remote;
    const result = new Promise<Outcome<T>>((resolve) => {
      pending.set(runId, { channel, resolve });
      const settle = (o: Outcome<T>) => {
        // A run already settled (by dispose, a restart or an abort) keeps that outcome; a superseded one becomes
        // stale whatever it returned.
        if (!pending.delete(runId)) return;
        resolve(latest[channel] === runId ? o : { status: 'stale', runId });
      };
      let reply: Promise<T>;
      try {
        // Called synchronously so a transferred input is detached as soon as forward()/train() return.
        reply = call(remote, runId);
      } catch (err) {
        reply = Promise.reject(err);
      }
      reply.then((value) => settle({ status: 'ok', runId, value }), (err: unknown) => settle({ status: 'error', runId, error: messageOf(err) }));
    });
    return { runId, result };
  }

  const cancelTrain = (runId: number) => conn?.remote.cancel(runId).catch(() => false) ?? Promise.resolve(false);

  return {
    forward({ transferInput, channel, ...req }) {
      return start(channel ?? 'forward', (remote, runId) => {
        const msg: ForwardRequest = { ...req, runId };
        return remote.forward(transferInput ? transfer(msg, inputBuffers([req.batch])) : msg);
      });
    },

    train({ transferInput, ...req }, onProgress) {
      const previous = latest.train;
      // Its reply would be stale anyway: stop spending worker time on it.
      if (pending.has(previous)) void cancelTrain(previous);
      return start('train', (remote, runId) => {
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
      return start('init', (remote) => remote.init(req));
    },

    invoke(channel, method, ...args) {
      return start(channel, (remote) => {
        // comlink's Remote types every method as (...args) => Promise<…>; the cast only names that shape.
        const fn = remote[method] as unknown as (...a: typeof args) => Promise<Awaited<ReturnType<EngineApi[typeof method]>>>;
        return fn(...args);
      });
    },

    async cancel(runId) {
      if (disposed) return false;
      return cancelTrain(runId);
    },

    abort(runId) {
      const p = pending.get(runId);
      if (!p || disposed) return false;
      if (p.channel === 'train') { void cancelTrain(runId); return true; }
      replace('abort', 'a computation was cancelled', runId);
      return true;
    },

    onRestart(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },

    dispose() {
      if (disposed) return;
      // Stop a training loop that would otherwise keep running on a shared endpoint (a port in tests).
      if (pending.has(latest.train)) void cancelTrain(latest.train);
      disposed = true;
      for (const [runId, p] of pending) p.resolve({ status: 'stale', runId });
      pending.clear();
      listeners.clear();
      if (conn) teardown(conn);
      conn = null;
    },
  };
}

/** The value of an outcome: null when stale; an error outcome throws its readable message. */
export function unwrapOutcome<T>(o: Outcome<T>): T | null {
  if (o.status === 'stale') return null;
  if (o.status === 'error') throw new Error(o.error);
  return o.value;
}
