/**
 * The real EnginePort over an in-process engine client (createEngineApi called directly, no worker), for store and
 * component tests. `calls` records the port calls so tests can tell a rebuild from a restore.
 */
import { createEnginePort } from '../../src/bridge/enginePort';
import type { EngineClient, Outcome, Run } from '../../src/bridge/engineClient';
import type { EnginePort } from '../../src/store/port';
import { createEngineApi } from '../../src/worker/api';

/** An EngineClient that calls the engine API in the same thread. */
export function inProcessClient(): EngineClient {
  const api = createEngineApi();
  let nextId = 1;
  const run = <T>(call: (runId: number) => Promise<T>): Run<T> => {
    const runId = nextId++;
    const result: Promise<Outcome<T>> = call(runId).then(
      (value) => ({ status: 'ok', runId, value }),
      (e: unknown) => ({ status: 'error', runId, error: e instanceof Error ? e.message : String(e) }),
    );
    return { runId, result };
  };
  return {
    forward: ({ transferInput: _t, channel: _c, ...req }) => run((runId) => api.forward({ ...req, runId })),
    train: ({ transferInput: _t, ...req }, onProgress) => run((runId) => api.train({ ...req, runId }, onProgress)),
    init: (req) => run(() => api.init(req)),
    invoke: (_channel, method, ...args) => run(() => (api[method] as (...a: typeof args) => Promise<never>)(...args)),
    cancel: (runId) => api.cancel(runId),
    // In-process calls cannot be interrupted and this "worker" never dies.
    abort: () => false,
    onRestart: () => () => {},
    dispose: () => {},
  };
}

/** The app's port over the in-process client, with a short on-load training to keep tests fast. */
export function createFakePort(): EnginePort & { calls: string[] } {
  const calls: string[] = [];
  const port = createEnginePort(inProcessClient(), { trainSteps: 20 });
  return {
    // Every feature's port calls go straight through; the two core calls are recorded.
    ...port,
    calls,
    buildModel(settings, corpus) { calls.push('buildModel'); return port.buildModel(settings, corpus); },
    traceText(model, text, options) { calls.push(`traceText:${text}`); return port.traceText(model, text, options); },
  };
}
