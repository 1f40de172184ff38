import { describe, expect, it } from 'vitest';
import { namedParams } from '../../src/engine/named';
import { TASK_PRESETS, type TaskId } from '../../src/engine/tasks';
import type { Model } from '../../src/engine/types';
import { createAppStore, type AppStore } from '../../src/store/createAppStore';
import type { AppData } from '../../src/store/types';
import { createFakePort } from './fakePort';

/** A store with the first-open model built (20 Adam steps on "hello world" through the fake port). */
async function ready(overrides: Partial<AppData> = {}): Promise<AppStore> {
  const store = createAppStore(createFakePort(), { input: 'hello world', ...overrides });
  await store.getState().rebuildModel();
  return store;
}

/** Chooses a task, re-initialises from the training seed, and trains `steps` steps to the end. */
async function trainFresh(store: AppStore, task: TaskId, steps: number, patch = {}): Promise<void> {
  await store.getState().setTrainTask(task);
  expect(store.getState().setTrainSettings({ steps, ...patch })).toBeNull();
  await store.getState().resetTraining();
  await store.getState().startTraining();
}

function weights(m: Model | null): number[] {
  return namedParams(m!).flatMap((t) => Array.from(t.data));
}

function sameBits(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

const lastAccuracy = (store: AppStore) => store.getState().trainAccuracy.at(-1)!.accuracy;

describe('startTraining() on each preset', () => {
  // A fixed budget per preset, from the seeded initialisation: every preset must at least halve its loss in it.
  const BUDGET: Record<TaskId, number> = { hello: 150, rhyme: 150, sine: 150, echo: 100, parity: 200, own: 150 };
  for (const preset of TASK_PRESETS) {
    it(`halves the loss of "${preset.name}" within ${BUDGET[preset.id]} steps, seeded`, async () => {
      const store = await ready();
      await trainFresh(store, preset.id, BUDGET[preset.id]);
      const s = store.getState();
      expect(s.trainStatus).toBe('done');
      expect(s.trainStep).toBe(BUDGET[preset.id]);
      expect(s.trainLosses).toHaveLength(BUDGET[preset.id]);
      expect(s.trainLosses.at(-1)!).toBeLessThan(0.5 * s.trainLosses[0]);
      // The trained model is the one the views trace.
      expect(s.trace).not.toBeNull();
      expect(s.trainNotice).toBeNull();
    }, 30_000);
  }

  it('trains units that tell apart equal inputs with different next characters, which the heatmap shows', async () => {
    // "hello world": the first 'l' (t = 3) is followed by 'l', the second (t = 4) by 'o'; the first 'o' (t = 5) by
    // ' ', the second (t = 8) by 'r'. Only memory can tell them apart: a unit with opposite signs (|h| ≥ 0.5 each) at
    // the two steps, the red and blue cells of one heatmap row.
    const apart = (store: AppStore, a: number, b: number) => {
      const { trace, model } = store.getState();
      const H = model!.config.hiddenSize, h = trace!.layers[0].h;
      return Array.from({ length: H }, (_, j) => j).filter((j) => h[(a - 1) * H + j] * h[(b - 1) * H + j] <= -0.25
        && Math.abs(h[(a - 1) * H + j]) >= 0.5 && Math.abs(h[(b - 1) * H + j]) >= 0.5);
    };
    const store = await ready();
    await store.getState().setTrainTask('hello');
    expect(store.getState().setTrainSettings({ steps: 300 })).toBeNull();
    await store.getState().resetTraining();
    // The seeded initialisation has no such unit.
    expect(apart(store, 3, 4)).toEqual([]);
    expect(apart(store, 5, 8)).toEqual([]);
    await store.getState().startTraining();
    expect(apart(store, 3, 4).length).toBeGreaterThan(0);
    expect(apart(store, 5, 8).length).toBeGreaterThan(0);
  });

  it('reaches 100 % next-character accuracy on "hello world" (from 0 at the start)', async () => {
    const store = await ready();
    await trainFresh(store, 'hello', 300);
    const acc = store.getState().trainAccuracy;
    expect(acc[0]).toEqual({ step: 0, accuracy: expect.any(Number) });
    expect(acc[0].accuracy).toBeLessThan(0.5);
    expect(lastAccuracy(store)).toBe(1);
    // The views show the trained model: its argmax after each character is the next character.
    const { trace, model } = store.getState();
    const V = model!.vocabulary.length;
    const predicted = Array.from({ length: 10 }, (_, t) => {
      const row = Array.from(trace!.y!.subarray(t * V, (t + 1) * V));
      return model!.vocabulary[row.indexOf(Math.max(...row))];
    }).join('');
    expect(predicted).toBe('ello world');
  }, 30_000);

  it('builds a model of the right kind for a task and shows its example input', async () => {
    const store = await ready();
    await trainFresh(store, 'echo', 20);
    let s = store.getState();
    expect(s.model!.vocabulary).toEqual(['0', '1']);
    expect(s.model!.config.hiddenSize).toBe(16);
    expect(s.input).toMatch(/^[01]{20}$/);
    expect(s.tokens).toHaveLength(20);
    await trainFresh(store, 'sine', 20);
    s = store.getState();
    expect(s.settings.task).toBe('numbers');
    expect(s.model!.config.inputSize).toBe(1);
    expect(s.tokens.length).toBeGreaterThan(10);
    expect(s.error).toBeNull();
  }, 30_000);
});

describe('replays', () => {
  it('gives bit-identical weights for the same seed and settings, paused and resumed or not', async () => {
    const a = await ready();
    await trainFresh(a, 'hello', 120, { truncation: 4 });
    const b = await ready();
    await b.getState().setTrainTask('hello');
    b.getState().setTrainSettings({ steps: 120, truncation: 4 });
    await b.getState().resetTraining();
    const run = b.getState().startTraining();
    await new Promise<void>((resolve) => {
      const stop = b.subscribe((s) => { if (s.trainStep >= 30) { stop(); resolve(); } });
    });
    await b.getState().pauseTraining();
    await run;
    expect(b.getState().trainStatus).toBe('paused');
    expect(b.getState().trainStep).toBeLessThan(120);
    await b.getState().startTraining();
    expect(b.getState().trainStep).toBe(120);
    expect(sameBits(weights(a.getState().model), weights(b.getState().model))).toBe(true);
    expect(sameBits(Array.from(a.getState().trainLosses), Array.from(b.getState().trainLosses))).toBe(true);
  }, 30_000);

  it('gives other weights for another seed', async () => {
    const a = await ready();
    await trainFresh(a, 'parity', 30);
    const b = await ready();
    await trainFresh(b, 'parity', 30, { seed: 2 });
    expect(sameBits(weights(a.getState().model), weights(b.getState().model))).toBe(false);
  }, 30_000);
});

describe('history', () => {
  it('puts one undo entry per run and per resume; Undo brings back the weights from before', async () => {
    const store = await ready();
    const before = store.getState().model;
    const depth = store.getState().undoStack.length;
    store.getState().setTrainSettings({ steps: 200 });
    await store.getState().startTraining();
    const trained = store.getState().model;
    expect(trained).not.toBe(before);
    expect(store.getState().undoStack).toHaveLength(depth + 1);
    expect(store.getState().undoStack.at(-1)!.label).toBe('training on “hello world”');
    await store.getState().startTraining(); // done: Train goes on for as many steps again
    expect(store.getState().trainStep).toBe(400);
    expect(store.getState().undoStack).toHaveLength(depth + 2);
    expect(store.getState().undoStack.at(-1)!.label).toBe('training resumed at step 200');
    await store.getState().undo();
    expect(store.getState().model).toBe(trained);
    await store.getState().undo();
    expect(store.getState().model).toBe(before);
  }, 30_000);

  it('Reset training re-initialises from the seed and Undo brings the trained weights back', async () => {
    const store = await ready();
    store.getState().setTrainSettings({ steps: 50 });
    await store.getState().startTraining();
    const trained = store.getState().model;
    await store.getState().resetTraining();
    const fresh = store.getState().model;
    expect(fresh).not.toBe(trained);
    expect(store.getState().trainLosses).toHaveLength(0);
    expect(store.getState().trainStatus).toBe('idle');
    expect(store.getState().undoStack.at(-1)!.label).toBe('reset training');
    await store.getState().resetTraining();
    expect(sameBits(weights(store.getState().model), weights(fresh))).toBe(true);
    await store.getState().undo();
    await store.getState().undo();
    expect(store.getState().model).toBe(trained);
  }, 30_000);

  it('stops the run when the model is replaced by Undo', async () => {
    const store = await ready();
    store.getState().setTrainSettings({ steps: 100 });
    await store.getState().startTraining();
    await store.getState().undo();
    store.getState().setTrainSettings({ steps: 20 });
    await store.getState().startTraining();
    // A new run from the restored model, not a resume of the old one.
    expect(store.getState().trainStep).toBe(20);
    expect(store.getState().trainLosses).toHaveLength(20);
  }, 30_000);
});

describe('bad settings and divergence', () => {
  it('refuses absurd settings with a message and keeps the last valid ones', async () => {
    const store = await ready();
    const before = store.getState().trainSettings;
    for (const patch of [{ lr: 0 }, { lr: -0.1 }, { lr: Number.NaN }, { steps: 0 }, { steps: 2.5 }, { momentum: 1 }, { clipNorm: -1 }, { truncation: -2 }, { seed: -1 }]) {
      const message = store.getState().setTrainSettings(patch);
      expect(message).toMatch(/must|Train for/);
    }
    expect(store.getState().trainSettings).toEqual(before);
    expect(store.getState().setTrainSettings({ lr: 0.001 })).toBeNull();
    expect(store.getState().trainSettings.lr).toBe(0.001);
  });

  it('refuses text outside the vocabulary with a message, never a crash', async () => {
    const store = await ready();
    store.getState().setTrainText('Hello World');
    await store.getState().startTraining();
    expect(store.getState().trainStatus).toBe('idle');
    expect(store.getState().trainNotice?.text).toMatch(/"H", "W"/);
  });

  it('stops at a NaN or infinite loss, names the step, suggests a remedy and keeps finite weights', async () => {
    const store = await ready({ settings: { cell: 'rnn', hiddenSize: 8, numLayers: 1, nonlinearity: 'relu', outputActivation: 'softmax', seed: 1, task: 'text', init: 'pytorch' } });
    await store.getState().setTrainTask('sine');
    await store.getState().resetTraining();
    store.getState().setTrainSettings({ optimizer: 'sgd', lr: 100, steps: 300 });
    await store.getState().startTraining();
    const s = store.getState();
    expect(s.trainStatus).toBe('idle');
    expect(s.trainStep).toBeLessThan(300);
    expect(Number.isFinite(s.trainLosses.at(-1)!)).toBe(false);
    expect(s.trainNotice?.kind).toBe('error');
    expect(s.trainNotice?.text).toContain(`Training diverged at step ${s.trainStep}`);
    expect(s.trainNotice?.text).toMatch(/lower learning rate .* clipping/);
    expect(weights(s.model).every(Number.isFinite)).toBe(true);
  }, 30_000);
});

describe('sampling and free-running', () => {
  it('generates a seeded continuation of a prompt at a temperature', async () => {
    const store = await ready();
    await trainFresh(store, 'hello', 300);
    await store.getState().generateText('hel', 8, 0.1);
    expect(store.getState().trainSample).toEqual({ prompt: 'hel', text: 'lo world', temperature: 0.1 });
    await store.getState().generateText('hé', 5, 1);
    expect(store.getState().trainNotice?.text).toMatch(/"é"/);
  }, 30_000);

  it('free-runs the sine forecast beside the truth', async () => {
    const store = await ready();
    await trainFresh(store, 'sine', 300);
    await store.getState().freeRunForecast();
    const fr = store.getState().trainFreeRun!;
    expect(fr.warmup).toBe(20);
    expect(fr.forecast.length).toBe(fr.truth.length - 20);
    // The first free-running steps stay near the truth.
    for (let t = 0; t < 5; t++) expect(Math.abs(fr.forecast[t] - fr.truth[20 + t])).toBeLessThan(0.2);
  }, 30_000);
});

describe('what the views see while training', () => {
  it('gets each chunk\'s weights and trace in one update, never new weights beside the old trace', async () => {
    const store = await ready();
    store.getState().setTrainSettings({ steps: 600 });
    const updates: { model: boolean; trace: boolean; losses: boolean }[] = [];
    const stop = store.subscribe((s, prev) => {
      if (s.model !== prev.model || s.trace !== prev.trace) updates.push({ model: s.model !== prev.model, trace: s.trace !== prev.trace, losses: s.trainLosses !== prev.trainLosses });
    });
    await store.getState().startTraining();
    stop();
    // The first chunk is committed (an undo entry; a same-shape model keeps the old trace until its own arrives);
    // every later chunk is one update with model and trace together (its losses came in the update before).
    const first = updates.findIndex((u) => u.model);
    const later = updates.slice(first + 2).filter((u) => u.model);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((u) => u.trace && !u.losses)).toBe(true);
    expect(updates.slice(first + 2).filter((u) => !u.model)).toEqual([]);
    expect(store.getState().trainStep).toBe(600);
    expect(store.getState().trainLosses).toHaveLength(600);
  }, 30_000);

  it('keeps every loss of every chunk in order, however many chunks there were', async () => {
    const store = await ready();
    store.getState().setTrainSettings({ steps: 300 });
    await store.getState().startTraining();
    const once = Array.from(store.getState().trainLosses);
    // The same run in pauses: the losses are bit for bit the same series.
    const other = await ready();
    other.getState().setTrainSettings({ steps: 300 });
    const run = other.getState().startTraining();
    await other.getState().pauseTraining();
    await run;
    while (other.getState().trainStep < 300) await other.getState().startTraining();
    expect(sameBits(Array.from(other.getState().trainLosses), once)).toBe(true);
  }, 30_000);
});

describe('showModel()', () => {
  /** A copy of the store's model with one weight changed. */
  const changed = (m: Model): Model => {
    const copy = structuredClone(m);
    namedParams(copy)[0].data[0] += 0.75;
    return copy;
  };

  it('puts the model, its trace and the patch in the store in one update', async () => {
    const store = await ready();
    const old = store.getState().model!;
    const next = changed(old);
    const seen: boolean[] = [];
    const stop = store.subscribe((s, prev) => { if (s.model !== prev.model || s.trace !== prev.trace) seen.push(s.model === next && s.trace !== prev.trace && s.trainStep === 7); });
    expect(await store.getState().showModel(next, { trainStep: 7 }, old)).toBe(true);
    stop();
    expect(seen).toEqual([true]);
    const fresh = await createFakePort().traceText(next, 'hello world', {});
    expect(Array.from(store.getState().trace!.layers[0].h)).toEqual(Array.from(fresh!.trace.layers[0].h));
  });

  it('sets nothing when the model was replaced meanwhile', async () => {
    const store = await ready();
    const old = store.getState().model!;
    expect(await store.getState().showModel(changed(old), { trainStep: 7 }, changed(old))).toBe(false);
    expect(store.getState().model).toBe(old);
    expect(store.getState().trainStep).toBe(0);
  });

  it('puts the model in, with the error, when its trace fails', async () => {
    const port = createFakePort();
    let fail = false;
    const store = createAppStore({ ...port, traceText: (m, t, o) => (fail ? Promise.reject(new Error('The engine ran out of memory.')) : port.traceText(m, t, o)) }, { input: 'hello world' });
    await store.getState().rebuildModel();
    const old = store.getState().model!;
    const next = changed(old);
    fail = true;
    expect(await store.getState().showModel(next, { trainStep: 4 }, old)).toBe(true);
    expect(store.getState().model).toBe(next);
    expect(store.getState().trainStep).toBe(4);
    expect(store.getState().error).toBe('The engine ran out of memory.');
  });

  it('traces the new input with the new weights when the input changes during its trace', async () => {
    const store = await ready();
    const old = store.getState().model!;
    const next = changed(old);
    const shown = store.getState().showModel(next, { trainStep: 3 }, old);
    const typed = store.getState().setInput('hello there');
    await Promise.all([shown, typed]);
    const s = store.getState();
    expect(s.model).toBe(next);
    expect(s.trainStep).toBe(3);
    expect(s.tokens.join('')).toBe('hello there');
    expect(s.busy).toBe('idle');
    const fresh = await createFakePort().traceText(next, 'hello there', {});
    expect(Array.from(s.trace!.layers[0].h)).toEqual(Array.from(fresh!.trace.layers[0].h));
  });
});
