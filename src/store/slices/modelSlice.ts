/** The model slice: settings, the trained model, rebuilding it in the worker, and undo/redo of model changes. */
import { formatSeries, generateSeries } from '../../engine/series';
import type { Model } from '../../engine/types';
import { describeChange, pushCapped } from '../history';
import type { EnginePort } from '../port';
import type { AppData, AppState, HistoryEntry, ModelSettings, ModelSnapshot } from '../types';
import { messageOf, type SliceArgs } from './sliceArgs';

/** Initial model data. */
export function initialModelData(): Pick<AppData, 'settings' | 'model' | 'corpus' | 'trainLoss' | 'busy' | 'error' | 'undoStack' | 'redoStack' | 'modelFromSettings'> {
  return {
    settings: { cell: 'rnn', hiddenSize: 8, numLayers: 1, nonlinearity: 'tanh', outputActivation: 'softmax', seed: 1, task: 'text', init: 'pytorch' },
    model: null, corpus: 'hello world', trainLoss: null, busy: 'idle', error: null, undoStack: [], redoStack: [], modelFromSettings: false,
  };
}

type ModelActions = Pick<AppState, 'rebuildModel' | 'setSettings' | 'commitModel' | 'undo' | 'redo' | 'setTask'>;

/** The input a task starts with: the trained-on word for text, two periods of the trained-on sine for numbers. */
export function defaultInput(task: 'text' | 'numbers'): string {
  return task === 'numbers' ? formatSeries(generateSeries('sine', 40, { period: 20 })) : 'hello world';
}

/** Model actions. */
export function createModelSlice(engine: EnginePort, [set, get]: SliceArgs): ModelActions {
  // `settings` shows what the user asked for as soon as they ask (the control must not snap back during training);
  // this is what the current model was built from, which history needs. Null until a model is committed: until
  // then the initial (or overridden) settings are the model's.
  let modelSettings: ModelSettings | null = null;
  const settingsOfModel = () => (modelSettings ??= get().settings);
  // Bumped by every model replacement, so a build that finishes after an import or a restore is dropped.
  let generation = 0;

  /** The current model as a history entry labelled `label`, or null when there is no model yet. */
  const current = (label: string): HistoryEntry | null => {
    const { model, trainLoss } = get();
    return model ? { settings: settingsOfModel(), model, trainLoss, label, fromSettings: get().modelFromSettings } : null;
  };

  /** Installs a model with the given stacks, then re-traces. */
  const install = async (next: ModelSnapshot, stacks: Pick<AppData, 'undoStack' | 'redoStack'>) => {
    get().pause();
    modelSettings = next.settings;
    const old = get().model?.config, c = next.model.config;
    // A trace of another shape (cell, sizes, layers) must never meet the new model in a view: drop it until the
    // new trace arrives. Same-shape models keep the old trace on screen meanwhile, so nothing flickers.
    const sameShape = old && old.cell === c.cell && old.hiddenSize === c.hiddenSize && old.numLayers === c.numLayers
      && old.inputSize === c.inputSize && old.outputSize === c.outputSize;
    set({
      ...stacks, settings: next.settings, model: next.model, trainLoss: next.trainLoss, busy: 'idle', error: null,
      modelFromSettings: next.fromSettings ?? false,
      ...(sameShape ? {} : { trace: null, batchTrace: null, mlpTrace: null, batchMlpTrace: null, tokens: [], batchTokens: [] }),
      layer: next.model.config.numLayers - 1,
      selectedUnit: Math.min(get().selectedUnit, next.model.config.hiddenSize - 1),
    });
    await get().retrace();
  };

  const commit = async (model: Model, settings: ModelSettings, label: string, trainLoss: number | null, fromSettings = false) => {
    const before = current(label);
    const undoStack = before ? pushCapped(get().undoStack, before) : get().undoStack;
    await install({ settings, model, trainLoss, fromSettings }, { undoStack, redoStack: [] });
  };

  /** Moves one entry from the top of `from` to the model, and the current model onto `to`. */
  const travel = async (from: 'undoStack' | 'redoStack') => {
    const to = from === 'undoStack' ? 'redoStack' : 'undoStack';
    const stack = get()[from];
    const target = stack.at(-1);
    const here = current(target?.label ?? '');
    // While training, the newest change is not on the stack yet: undoing now would skip it.
    if (!target || !here || get().busy === 'training') return;
    generation++;
    // A model of the other kind (text or numbers) comes back with that kind's input, and the current input is kept
    // for when the user returns (as switching the input kind does).
    const fromTask = get().settings.task, toTask = target.settings.task;
    if (fromTask !== toTask) {
      const inputsByTask = { ...get().inputsByTask, [fromTask]: get().input };
      set({ inputsByTask, input: inputsByTask[toTask] ?? defaultInput(toTask), step: 0, h0: null, c0: null, sample: 0 });
    }
    const popped = stack.slice(0, -1), pushed = pushCapped(get()[to], here);
    await install(target, from === 'undoStack' ? { undoStack: popped, redoStack: pushed } : { undoStack: pushed, redoStack: popped });
  };

  return {
    async rebuildModel() {
      const { settings, corpus } = get();
      const gen = ++generation;
      get().pause();
      set({ busy: 'training' });
      try {
        const built = await engine.buildModel(settings, corpus);
        if (!built || gen !== generation) return;
        await commit(built.model, settings, describeChange(settingsOfModel(), settings), built.loss, true);
      } catch (e) {
        if (gen !== generation) return;
        // The controls go back to the settings of the model still shown, so they never describe a model that failed.
        set({ error: messageOf(e), busy: 'idle', ...(get().model ? { settings: settingsOfModel() } : {}) });
      }
    },
    async setSettings(patch) {
      settingsOfModel(); // pins the settings of the model shown before they change
      set({ settings: { ...get().settings, ...patch } });
      await get().rebuildModel();
    },
    async commitModel(model, settings, label, trainLoss = null) {
      generation++;
      await commit(model, settings, label, trainLoss);
    },
    async setTask(task) {
      const s = get();
      if (s.settings.task === task) return;
      // Each input kind keeps its own text, so switching back finds the user's work where they left it.
      const inputsByTask = { ...s.inputsByTask, [s.settings.task]: s.input };
      settingsOfModel();
      set({
        inputsByTask, input: inputsByTask[task] ?? defaultInput(task), step: 0, h0: null, c0: null, sample: 0,
        settings: { ...s.settings, task, outputActivation: task === 'numbers' ? 'identity' : 'softmax' },
      });
      await get().rebuildModel();
    },
    undo: () => travel('undoStack'),
    redo: () => travel('redoStack'),
  };
}
