/**
 * The training slice: a task preset, optimizer settings, and a training run that goes to the worker in chunks of a few
 * hundred steps, each resuming from the optimizer state the last one returned. After each chunk the model is put in
 * the store and re-traced, so the three views show the current weights; the first chunk of every run or resume goes
 * through `commitModel`, so Undo brings back the weights from before it (one history entry per run or pause).
 *
 * Replays: chunking never changes the numbers (one full batch per step, the optimizer state carried exactly), so the
 * same task, seed and settings give the same weights bit for bit, however often the run was paused.
 */
import { describeFault } from '../../engine/faults';
import type { OptimizerState } from '../../engine/optim';
import { presetOf } from '../../engine/taskPresets';
import type { TaskData } from '../../engine/tasks';
import { parseSeries } from '../../engine/series';
import type { Model, ModelConfig } from '../../engine/types';
import type { EnginePort } from '../port';
import { allFinite, checkTrainSetting, growingSeries, modelFitsTask, optimizerOf, presetSettings, taskConfig } from './trainTask';

/** The task generators load when training starts (the training panel loads them too, for its summary). */
const loadTrainData = () => import('./trainData');

export { ECHO_DELAY, presetOf, TASK_PRESETS, TASK_SIZES } from '../../engine/taskPresets';
export type { TaskId, TaskPreset } from '../../engine/tasks';
export { checkTrainSetting, MAX_TRAIN_STEPS, modelFitsTask, presetSettings } from './trainTask';
import type { AppState, ModelSettings } from '../types';
import { messageOf, type SliceArgs } from './sliceArgs';
import type { TrainActions, TrainData, TrainNotice, TrainSettings } from './trainTypes';

export type { AccuracyPoint, FreeRunResult, TrainActions, TrainData, TrainNotice, TrainSettings, TrainStatus } from './trainTypes';


/** Wall-clock seconds a chunk aims at: short enough for a lively curve and a prompt pause, long enough to amortise a re-trace. */
const CHUNK_SECONDS = 0.25;

/** Steps of the first chunk, before the speed is known. */
const FIRST_CHUNK = 50;

/** Initial training data. */
export function initialTrainData(): TrainData {
  return {
    trainTask: 'hello', trainText: presetOf('hello').text, trainTargetColumn: null, trainSettings: presetSettings('hello'), trainStatus: 'idle',
    trainStep: 0, trainTarget: 0, trainLosses: new Float64Array(0), trainLatestLoss: null, trainAccuracy: [],
    trainStepsPerSecond: 0, trainNotice: null, trainSample: null, trainFreeRun: null,
  };
}

/** The run in progress: what the store's plain data cannot hold (the task's arrays, the optimizer state). */
interface Run {
  /** The task's data, fixed for the run. */
  data: TaskData;
  /** State after the last chunk; undefined before the first. */
  optimizerState?: OptimizerState;
  /** The model this run last put in the store: any other model there means someone replaced it. */
  model: Model;
  /** Wall-clock seconds spent in chunks. */
  seconds: number;
  /** A label for the history entry of a segment (run or resume). */
  label: string;
  /** Whether the model's loss means something to the model panel's note (text presets and the sine). */
  reportsLoss: boolean;
}

/** Train actions over the engine port. */
export function createTrainSlice(engine: EnginePort, [set, get]: SliceArgs): TrainActions {
  let run: Run | null = null;
  let loop: Promise<void> | null = null;
  const lossSeries = growingSeries();

  const isRunning = (r: Run) => run === r && get().trainStatus === 'running';
  const notice = (kind: TrainNotice['kind'], text: string) => set({ trainNotice: { kind, text } });
  /** Ends the run (its weights stay): Train then starts a new one. */
  const endRun = (message?: string) => {
    run = null;
    set({ trainStatus: 'idle', ...(message ? { trainNotice: { kind: 'info' as const, text: message } } : {}) });
  };

  /** Settings that describe a model built for a task (the model panel then shows its sizes and seed). */
  const settingsFor = (config: ModelConfig, seed: number, task: ModelSettings['task']): ModelSettings => ({
    ...get().settings, cell: config.cell, hiddenSize: config.hiddenSize, numLayers: config.numLayers, nonlinearity: config.nonlinearity,
    outputActivation: config.outputActivation, seed, task,
  });

  /**
   * A fresh seeded model for the task in the store (committed, so Undo brings the old one back), with the task's
   * example in the input box when the model reads another kind of input. Null when a rebuild superseded it.
   */
  const installTaskModel = async (data: TaskData, label: string, keepSize: boolean): Promise<Model | null> => {
    const s = get();
    const preset = presetOf(s.trainTask);
    const hidden = keepSize && s.model ? s.model.config.hiddenSize : preset.hiddenSize;
    const config = taskConfig(data, s.settings, hidden);
    const model = await engine.createTaskModel(config, s.trainSettings.seed, s.settings.init, data.vocabulary);
    if (!model) return null;
    const kind = data.vocabulary.length > 0 ? 'text' : 'numbers';
    // A model of another kind cannot read the input box: it gets the task's example (the old text is kept per kind).
    if (!modelFitsTask(s.model, data) && s.trainTask !== 'own') {
      set({ inputsByTask: { ...s.inputsByTask, [s.settings.task]: s.input }, input: data.example, step: 0, h0: null, c0: null, sample: 0 });
    }
    const settings = settingsFor(config, s.trainSettings.seed, kind);
    await get().commitModel(model, settings, label, null);
    return model;
  };

  /** A new run on the current task: the model is kept when it fits the task, else a fresh one is built. */
  const newRun = async (): Promise<Run | null> => {
    const { taskDataOf } = await loadTrainData();
    const s = get();
    const data = taskDataOf(s);
    let model = s.model;
    if (!modelFitsTask(model, data)) {
      model = await installTaskModel(data, `new model for ${presetOf(s.trainTask).name}`, false);
      if (!model) return null;
    }
    const text = s.trainTask === 'hello' || s.trainTask === 'rhyme';
    if (text) set({ corpus: s.trainText });
    const first = await engine.evaluateTask(model!, data);
    if (!first) return null;
    set({
      trainStep: 0, trainTarget: s.trainSettings.steps, trainLosses: new Float64Array(0), trainLatestLoss: null,
      trainAccuracy: [{ step: 0, accuracy: first.accuracy }], trainStepsPerSecond: 0,
    });
    return { data, model: model!, seconds: 0, label: `training on ${presetOf(s.trainTask).name}`, reportsLoss: text || s.trainTask === 'sine' };
  };

  /**
   * Shows a chunk's model in every view: the first of a segment is committed (one undo entry); the rest replace it
   * together with their trace in one store update, so that no view draws the new weights beside the old trace.
   */
  const show = async (r: Run, model: Model, loss: number, commit: boolean) => {
    const expected = r.model;
    r.model = model;
    const trainLoss = r.reportsLoss && Number.isFinite(loss) ? loss : null;
    if (commit) await get().commitModel(model, get().settings, r.label, trainLoss);
    else await get().showModel(model, { trainLoss }, expected);
  };

  /** Runs chunks until the run pauses, finishes, diverges or is superseded. */
  const runChunks = async (r: Run) => {
    let first = true;
    let chunk = FIRST_CHUNK;
    const t = get().trainSettings;
    // `run` changes under the loop's feet (pause, stop, reset): a function call makes the loop re-read it.
    while (isRunning(r)) {
      const base = get().trainStep;
      const remaining = get().trainTarget - base;
      if (remaining <= 0) break;
      if (get().model !== r.model || get().busy === 'training') { endRun('Training stopped: the model was replaced (Undo, a rebuild or an import).'); return; }
      const started = performance.now();
      const start = r.model;
      const steps = Math.min(remaining, chunk);
      const res = await engine.trainChunk({
        model: start, data: r.data, optimizer: optimizerOf(t), optimizerState: r.optimizerState,
        clipNorm: t.clipNorm > 0 ? t.clipNorm : undefined, truncation: t.truncation, steps,
        // A chunk takes about CHUNK_SECONDS: reports inside it only matter when one runs long (a large model's
        // first); each is a render of the training panel, and the chunk's own update follows anyway.
        progressEvery: CHUNK_SECONDS * 1000,
      }, (p) => {
        if (run !== r) return;
        // Someone replaced the model mid-chunk: stop spending the worker on weights nobody will see.
        if (get().model !== r.model) void engine.stopChunk();
        // The report after the last step says what the chunk's reply says a moment later.
        else if (p.step < steps) set({ trainStep: base + p.step, trainLatestLoss: p.loss });
      });
      if (run !== r) return;
      if (!res || get().model !== r.model || get().busy === 'training') { endRun('Training stopped: the model was replaced (Undo, a rebuild or an import).'); return; }
      r.seconds += (performance.now() - started) / 1000;
      r.optimizerState = res.optimizerState;
      const step = base + res.steps;
      const sps = r.seconds > 0 ? step / r.seconds : 0;
      chunk = Math.max(10, Math.min(1000, Math.round(sps * CHUNK_SECONDS)));
      // The numbers go in now, and the weights with their trace in one later update (show): the training panel and
      // the views render in two tasks rather than one twice as long.
      set({
        trainStep: step, trainLosses: lossSeries.append(get().trainLosses, res.losses), trainLatestLoss: res.losses.at(-1) ?? get().trainLatestLoss,
        trainStepsPerSecond: sps,
        ...(res.diverged ? {} : { trainAccuracy: [...get().trainAccuracy, { step, accuracy: res.evaluation.accuracy }] }),
      });
      if (res.diverged) {
        // The reply's weights are those before the step whose loss blew up; when they hold NaN already, the chunk's
        // starting weights are the last finite ones.
        const finite = allFinite(res.model);
        const kept = finite ? res.model : start;
        const keptStep = finite ? step - 1 : base;
        // The loss, a gradient or a weight overflowed (the first non-finite value the worker found, named).
        const what = res.fault && res.fault.quantity !== 'the loss' ? describeFault(res.fault) : `the loss became ${res.losses.at(-1)}`;
        const lower = Number((t.lr / 10).toPrecision(2));
        endRun();
        notice('error', `Training diverged at step ${step}: ${what}. The weights of step ${keptStep}, the last finite ones, are kept. `
          + `Try a lower learning rate (e.g. ${lower})${t.clipNorm > 0 ? ' or a smaller clipping norm' : ' or turn on gradient clipping'}.`);
        if (kept !== get().model && res.steps > 1) await show(r, kept, Number.NaN, first);
        return;
      }
      if (res.steps > 0) await show(r, res.model, res.evaluation.loss, first);
      first = false;
      if (res.cancelled) break;
    }
    if (run === r && get().trainStatus === 'running') set({ trainStatus: get().trainStep >= get().trainTarget ? 'done' : 'paused' });
  };

  const stopLoop = async () => {
    if (get().trainStatus === 'running') {
      set({ trainStatus: 'paused' });
      await engine.stopChunk();
    }
    await loop;
  };

  return {
    async setTrainTask(id) {
      const p = presetOf(id);
      await stopLoop();
      endRun();
      set({ trainTask: id, trainText: p.text, trainSettings: { ...presetSettings(id, get().trainSettings.seed) }, trainNotice: null, trainSample: null, trainFreeRun: null });
    },
    setTrainText(text) {
      // The paused run trained on the old text: Train now starts a new run on this one.
      if (get().trainStatus !== 'running') endRun();
      set({ trainText: text });
    },
    setTrainTargetColumn(column) {
      // Another target is another task: Train starts a new run (and a new model when the output size changes).
      if (get().trainStatus !== 'running') endRun();
      set({ trainTargetColumn: column });
    },
    setTrainSettings(patch) {
      for (const [k, v] of Object.entries(patch) as [keyof TrainSettings, never][]) {
        const problem = checkTrainSetting(k, v);
        // Refused at the control, which shows the message; the notice is for refusals found when training starts.
        if (problem) return problem;
      }
      // New random data: a paused run cannot resume on it.
      if (patch.seed !== undefined && patch.seed !== get().trainSettings.seed && get().trainStatus !== 'running') endRun();
      set({ trainSettings: { ...get().trainSettings, ...patch }, ...(get().trainNotice?.kind === 'error' ? { trainNotice: null } : {}) });
      return null;
    },
    async startTraining() {
      const s = get();
      if (s.trainStatus === 'running') return;
      if (s.busy === 'training') { notice('info', 'The model is being rebuilt: train once it is ready.'); return; }
      for (const [k, v] of Object.entries(s.trainSettings) as [keyof TrainSettings, never][]) {
        const problem = checkTrainSetting(k, v);
        if (problem) { notice('error', problem); return; }
      }
      set({ trainNotice: null });
      let r = run;
      if (!r || s.model !== r.model) {
        try {
          r = await newRun();
        } catch (e) {
          notice('error', messageOf(e));
          return;
        }
        if (!r) return;
        run = r;
      } else {
        // Resuming: a finished run goes on for as many steps again; the next history entry says where it resumed.
        if (s.trainStep >= s.trainTarget) set({ trainTarget: s.trainStep + s.trainSettings.steps });
        r.label = `training resumed at step ${s.trainStep}`;
      }
      set({ trainStatus: 'running' });
      const current = runChunks(r).catch((e: unknown) => { endRun(); notice('error', messageOf(e)); });
      loop = current;
      await current;
    },
    async pauseTraining() {
      await stopLoop();
    },
    async stopTraining() {
      await stopLoop();
      if (run) endRun();
    },
    async resetTraining() {
      await stopLoop();
      endRun();
      set({ trainStep: 0, trainTarget: 0, trainLosses: new Float64Array(0), trainLatestLoss: null, trainAccuracy: [], trainStepsPerSecond: 0, trainNotice: null, trainSample: null, trainFreeRun: null });
      try {
        const { taskDataOf } = await loadTrainData();
        const data = taskDataOf(get());
        await installTaskModel(data, 'reset training', modelFitsTask(get().model, data));
      } catch (e) {
        notice('error', messageOf(e));
      }
    },
    async generateText(prompt, length, temperature) {
      const { model, trainSettings } = get();
      if (!model || model.vocabulary.length === 0) { notice('error', 'Generating text needs a text model: train a text task first.'); return; }
      try {
        const text = await engine.sampleText(model, prompt, { length, temperature, seed: trainSettings.seed });
        if (text !== null && get().model === model) set({ trainSample: { prompt, text, temperature }, trainNotice: null });
      } catch (e) {
        notice('error', messageOf(e));
      }
    },
    async freeRunForecast() {
      const { model, input } = get();
      if (!model || model.vocabulary.length > 0) { notice('error', 'Free-running needs a forecasting model: train the sine task first.'); return; }
      try {
        const s = parseSeries(input);
        const warmup = Math.max(1, Math.min(20, Math.floor(s.T / 2)));
        const truth = Float32Array.from(s.values);
        const forecast = await engine.freeRun(model, truth, warmup);
        if (forecast && get().model === model) set({ trainFreeRun: { truth, forecast, warmup, D: s.D }, trainNotice: null });
      } catch (e) {
        notice('error', messageOf(e));
      }
    },
  };
}

/** Where the run is. */
export const selectTrainStatus = (s: AppState) => s.trainStatus;
/** The chosen task. */
export const selectTrainTask = (s: AppState) => s.trainTask;
