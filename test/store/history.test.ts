import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/store/createAppStore';
import { HISTORY_LIMIT, selectCanRedo, selectCanUndo, selectRedoLabel, selectUndoLabel } from '../../src/store/history';
import type { EnginePort } from '../../src/store/port';
import { createFakePort } from './fakePort';

async function ready(input = 'hello', port = createFakePort()) {
  const store = createAppStore(port, { input });
  await store.getState().rebuildModel();
  return { store, port };
}

/** The hidden states of the shown trace, as plain numbers. */
const hiddenOf = (s: { trace: { layers: { h: ArrayLike<number> }[] } | null }) => Array.from(s.trace!.layers[0].h);

describe('undo() and redo()', () => {
  it('undo restores the exact previous model and settings and re-traces, without building again', async () => {
    const { store, port } = await ready();
    const before = store.getState();
    const weights = Array.from(before.model!.params.layers[0].weightHh);
    await store.getState().setSettings({ cell: 'lstm' });
    expect(store.getState().model!.config.cell).toBe('lstm');
    expect(selectUndoLabel(store.getState())).toBe('cell type RNN → LSTM');
    const builds = port.calls.filter((c) => c === 'buildModel').length;
    const callsBefore = port.calls.length;

    await store.getState().undo();
    const s = store.getState();
    expect(s.model).toBe(before.model);
    expect(Array.from(s.model!.params.layers[0].weightHh)).toEqual(weights);
    expect(s.settings).toEqual(before.settings);
    expect(s.trainLoss).toBe(before.trainLoss);
    expect(port.calls.filter((c) => c === 'buildModel')).toHaveLength(builds);
    expect(port.calls.slice(callsBefore)).toEqual(['traceText:hello']);
    expect(hiddenOf(s)).toEqual(hiddenOf(before));
    expect([selectCanUndo(s), selectCanRedo(s), selectRedoLabel(s)]).toEqual([false, true, 'cell type RNN → LSTM']);
  });

  it('redo applies the undone change again, exactly, without building', async () => {
    const { store, port } = await ready();
    await store.getState().setSettings({ hiddenSize: 4, seed: 7 });
    const changed = store.getState();
    await store.getState().undo();
    const builds = port.calls.filter((c) => c === 'buildModel').length;
    await store.getState().redo();
    const s = store.getState();
    expect(s.model).toBe(changed.model);
    expect(s.settings).toEqual({ ...changed.settings, hiddenSize: 4, seed: 7 });
    expect(hiddenOf(s)).toEqual(hiddenOf(changed));
    expect(port.calls.filter((c) => c === 'buildModel')).toHaveLength(builds);
    expect([s.undoStack.length, s.redoStack.length]).toEqual([1, 0]);
    expect(selectUndoLabel(s)).toBe('hidden size 8 → 4, seed 1 → 7');
  });

  it('walks back and forth through several changes', async () => {
    const { store } = await ready();
    const models = [store.getState().model];
    for (const cell of ['lstm', 'gru'] as const) {
      await store.getState().setSettings({ cell });
      models.push(store.getState().model);
    }
    await store.getState().undo();
    await store.getState().undo();
    expect(store.getState().model).toBe(models[0]);
    await store.getState().undo();
    expect(store.getState().model).toBe(models[0]);
    await store.getState().redo();
    await store.getState().redo();
    expect(store.getState().model).toBe(models[2]);
    expect(store.getState().settings.cell).toBe('gru');
  });

  it('a new change after undo clears the redo stack', async () => {
    const { store } = await ready();
    await store.getState().setSettings({ cell: 'lstm' });
    await store.getState().undo();
    expect(selectCanRedo(store.getState())).toBe(true);
    await store.getState().setSettings({ cell: 'gru' });
    const s = store.getState();
    expect(s.redoStack).toEqual([]);
    expect(s.undoStack.map((e) => e.label)).toEqual(['cell type RNN → GRU']);
  });

  it(`keeps at most ${HISTORY_LIMIT} entries, dropping the oldest`, async () => {
    const { store } = await ready();
    const base = store.getState();
    const versions = [base.model!];
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) {
      const model = { ...base.model! };
      versions.push(model);
      await store.getState().commitModel(model, base.settings, `edit ${i}`);
    }
    expect(store.getState().undoStack).toHaveLength(HISTORY_LIMIT);
    expect(store.getState().undoStack[0].label).toBe('edit 11');
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) await store.getState().undo();
    expect(store.getState().model).toBe(versions[10]);
    expect(store.getState().redoStack).toHaveLength(HISTORY_LIMIT);
  });
});

describe('commitModel(model, settings, label)', () => {
  it('replaces the model, pushes the previous one and drops a build that finishes later', async () => {
    const { store } = await ready();
    const first = store.getState().model!;
    const imported = { ...first };
    const building = store.getState().setSettings({ cell: 'gru' });
    await store.getState().commitModel(imported, { ...store.getState().settings, cell: 'rnn', seed: 3 }, 'import model.json', 0.5);
    await building;
    const s = store.getState();
    expect(s.model).toBe(imported);
    expect([s.settings.cell, s.settings.seed, s.trainLoss, s.busy]).toEqual(['rnn', 3, 0.5, 'idle']);
    expect(s.undoStack.map((e) => [e.label, e.model])).toEqual([['import model.json', first]]);
  });

  it('the first model goes on no stack; undo while training does nothing', async () => {
    const store = createAppStore(createFakePort(), { input: 'hi' });
    const building = store.getState().rebuildModel();
    await store.getState().undo();
    await building;
    expect(store.getState().undoStack).toEqual([]);
    const changing = store.getState().setSettings({ numLayers: 2 });
    expect(store.getState().busy).toBe('training');
    await store.getState().undo();
    await changing;
    expect(store.getState().model!.config.numLayers).toBe(2);
    expect(store.getState().redoStack).toEqual([]);
  });

  it('a failed rebuild puts the settings back to those of the model shown', async () => {
    const port = createFakePort();
    let fail = false;
    const failing: EnginePort & { calls: string[] } = {
      ...port,
      buildModel: (settings, corpus) => (fail ? Promise.reject(new Error('out of memory')) : port.buildModel(settings, corpus)),
    };
    const { store } = await ready('hello', failing);
    fail = true;
    await store.getState().setSettings({ hiddenSize: 64 });
    const s = store.getState();
    expect([s.error, s.settings.hiddenSize, s.model!.config.hiddenSize, s.undoStack.length]).toEqual(['out of memory', 8, 8, 0]);
  });
});
