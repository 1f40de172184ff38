// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { describeFault } from '../../src/engine/faults';
import { ENGINE_RESTARTED } from '../../src/store/slices/runSlice';
import { narrationOf } from '../../src/store/selectors';
import { createAppStore } from '../../src/store/createAppStore';
import { controlledStore, until } from './faultsHelpers';
import { createFakePort } from './fakePort';

const made: ReturnType<typeof controlledStore>[] = [];
afterEach(() => { for (const m of made.splice(0)) m.dispose(); });

async function ready() {
  const c = controlledStore();
  made.push(c);
  await c.store.getState().rebuildModel();
  return c;
}

/** The hidden states of the shown trace, as plain numbers. */
const hOf = (s: ReturnType<ReturnType<typeof controlledStore>['store']['getState']>) => Array.from(s.trace!.layers[0].h);

describe('the store when the engine worker dies', () => {
  it('restores the same model (not retrained), input, step and narration, and says so once', async () => {
    const { store, kill, workers } = await ready();
    await store.getState().setInput('hello there');
    store.getState().stepTo(4);
    const before = store.getState();
    const model = before.model, h = hOf(before), narration = narrationOf(before);
    kill();
    expect(workers()).toBe(2);
    await until(() => store.getState().trace !== before.trace);
    const s = store.getState();
    expect(s.model).toBe(model); // the very object: weights exactly, no rebuild
    expect([s.input, s.step, narrationOf(s), s.error]).toEqual(['hello there', 4, narration, null]);
    expect(hOf(s)).toEqual(h);
    expect(s.engineNotice).toBe(ENGINE_RESTARTED);
    s.stepForward();
    expect(store.getState().step).toBe(5);
    store.getState().dismissEngineNotice();
    expect(store.getState().engineNotice).toBeNull();
  });

  it('a trace the dead worker owed is traced again on the new one, with no error left behind', async () => {
    const { store, kill, hang } = await ready();
    hang('forward');
    const typing = store.getState().setInput('hello hell');
    expect(store.getState().busy).toBe('running');
    kill();
    await typing;
    await until(() => store.getState().tokens.join('') === 'hello hell');
    const s = store.getState();
    expect([s.input, s.error, s.busy, s.engineNotice]).toEqual(['hello hell', null, 'idle', ENGINE_RESTARTED]);
  });

  it('a rebuild in flight is started again with the settings the user chose', async () => {
    const { store, kill, hang } = await ready();
    hang('train');
    const building = store.getState().setSettings({ hiddenSize: 5 });
    kill();
    await building;
    await until(() => store.getState().model?.config.hiddenSize === 5 && store.getState().busy === 'idle');
    const s = store.getState();
    expect([s.settings.hiddenSize, s.error, s.busy]).toEqual([5, null, 'idle']);
  });

  it('training in progress stops with the weights the store holds, and says so', async () => {
    const { store, kill, hang } = await ready();
    const model = store.getState().model;
    hang('train');
    const training = store.getState().startTraining();
    await until(() => store.getState().trainStatus === 'running');
    kill();
    await training;
    await until(() => store.getState().trainNotice?.kind === 'info');
    const s = store.getState();
    expect(s.trainStatus).toBe('idle');
    expect(s.trainStep).toBe(0);
    expect(s.model).toBe(model);
    expect(s.trainNotice!.text).toMatch(/^Training stopped at step 0: the engine stopped and was restarted\. Those weights/);
    expect(s.engineNotice).toMatch(/Training stopped at step 0/);
    // Train works again on the new worker.
    store.getState().setTrainSettings({ steps: 5 });
    await store.getState().startTraining();
    expect(store.getState().trainStep).toBe(5);
  });
});

describe('supersession and cancelling in the store', () => {
  it('cancelling a trace that does not finish frees the app; the last trace stays and the next input is traced', async () => {
    const { store, hang, workers } = await ready();
    const shown = store.getState().trace;
    hang('forward');
    const stuck = store.getState().setInput('hello world hello world');
    expect(store.getState().busy).toBe('running');
    store.getState().cancelTrace();
    await stuck;
    let s = store.getState();
    expect(workers()).toBe(2);
    expect([s.busy, s.trace, s.engineNotice]).toEqual(['idle', shown, null]);
    expect(s.error).toMatch(/cancelled/);
    await store.getState().setInput('world');
    s = store.getState();
    expect([s.tokens.join(''), s.error]).toEqual(['world', null]);
  });

  it('of two inputs typed quickly, the later one is shown even when the earlier trace fails after it', async () => {
    const port = createFakePort();
    let failFirst: ((e: Error) => void) | null = null;
    const store = createAppStore({
      ...port,
      traceText: (model, text, options) => (text === 'hel'
        ? new Promise((_, reject) => { failFirst = reject; })
        : port.traceText(model, text, options)),
    });
    await store.getState().rebuildModel();
    const first = store.getState().setInput('hel');
    await store.getState().setInput('hello');
    failFirst!(new Error('the older request failed'));
    await first;
    const s = store.getState();
    expect([s.tokens.join(''), s.error, s.busy]).toEqual(['hello', null, 'idle']);
  });
});

describe('numerical faults in the store', () => {
  it('names the first non-finite value of the trace: numbers, identity activation, values near the float32 limit', async () => {
    const store = createAppStore(createFakePort());
    await store.getState().rebuildModel();
    await store.getState().setTask('numbers');
    await store.getState().setSettings({ nonlinearity: 'identity' });
    expect(store.getState().traceFault).toBeNull();
    await store.getState().setInput(Array(6).fill('3e38').join('\n'));
    const s = store.getState();
    // h_1 ≈ W_ih·3e38 is finite; V·h_2 sums units of ~1e38 past float32's 3.4e38 first; h itself overflows from t = 3.
    expect(describeFault(s.traceFault!)).toBe('logits at t = 2, unit 1 is Infinity');
    expect(Array.from(s.trace!.layers[0].h).some((v) => !Number.isFinite(v))).toBe(true);
    expect(s.error).toBeNull();
    await store.getState().setInput('0.5\n0.25');
    expect(store.getState().traceFault).toBeNull();
  }, 30_000);
});
