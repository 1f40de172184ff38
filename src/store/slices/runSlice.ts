/**
 * The run slice: the input, its trace, the step cursor and playback; the first non-finite value of the trace; and
 * recovery when the engine's worker is replaced (it died, or a trace was cancelled).
 */
import { findTraceFault } from '../../engine/faults';
import { sampleOf } from '../../engine/sampleOf';
import { formatSeries, generateSeries } from '../../engine/series';
import type { Model, ModelConfig, Trace } from '../../engine/types';
import type { EnginePort } from '../port';
import type { AppData, AppState } from '../types';
import { messageOf, type SliceArgs } from './sliceArgs';

/** The longest input traced at once; longer text is refused with a message (memory and speed stay bounded). */
export const MAX_INPUT_LENGTH = 2000;

/** The largest trace the app asks the worker for, in MB (it is held on both sides of the worker for a moment). */
export const MAX_TRACE_MB = 400;

/**
 * The size of the full trace of `text` (float32): per sample, step and layer the input and recurrent terms, the
 * pre-activations and values of every gate, h (and c), and per step the logits and y. Text: one sequence per line,
 * a step per character; numbers: one sequence, a step per line.
 */
export function traceMegabytes(config: Pick<ModelConfig, 'cell' | 'hiddenSize' | 'numLayers' | 'outputSize'>, text: string, isText: boolean): number {
  // The lines the worker traces (as bridge/textTask.ts reads them): every non-empty one.
  const lines = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0);
  const n = isText ? Math.max(1, lines.length) : 1;
  const T = isText ? Math.max(0, ...lines.map((l) => [...l].length)) : lines.length;
  const G = config.cell === 'lstm' ? 4 : config.cell === 'gru' ? 3 : 1;
  const perStep = config.numLayers * (4 * G + 2) * config.hiddenSize + 2 * config.outputSize;
  return (4 * n * T * perStep) / 1e6;
}

/** The longest stream a generator feeds (the numbers input holds at most 2000 steps). */
const MAX_STREAM = 2000;

/** Default playback speed, steps per second. */
export const DEFAULT_SPEED = 1.5;

/** Initial run data. */
export function initialRunData(): Pick<AppData, 'input' | 'inputsByTask' | 'batchTrace' | 'batchTokens' | 'sample' | 'trace' | 'tokens' | 'h0' | 'c0' | 'step' | 'playing' | 'speed' | 'live' | 'streaming' | 'compareMlp' | 'mlpTrace' | 'batchMlpTrace' | 'engineNotice' | 'traceFault'> {
  return {
    engineNotice: null, traceFault: null,
    input: 'hello world', inputsByTask: {}, batchTrace: null, batchTokens: [], sample: 0, trace: null, tokens: [], h0: null, c0: null,
    step: 0, playing: false, speed: DEFAULT_SPEED, live: false, streaming: null, compareMlp: false, mlpTrace: null, batchMlpTrace: null,
  };
}

type RunActions = Pick<AppState, 'setInput' | 'retrace' | 'showModel' | 'cancelTrace' | 'recoverEngine' | 'dismissEngineNotice' | 'stepTo' | 'stepForward' | 'stepBack' | 'reset' | 'togglePlay' | 'pause' | 'setSpeed' | 'setLive' | 'setCompareMlp' | 'setSample' | 'setH0' | 'carryOverState' | 'zeroState' | 'generateInput' | 'streamSeries'>;

/** The shown sample's slice of the batch data (views into the batch trace: no copy). */
function shown(batch: Trace | null, mlp: Trace | null, tokens: string[][], sample: number): Pick<AppData, 'sample' | 'trace' | 'mlpTrace' | 'tokens'> {
  const b = batch ? Math.min(sample, batch.n - 1) : 0;
  return { sample: b, trace: batch && sampleOf(batch, b), mlpTrace: mlp && mlp.n > b ? sampleOf(mlp, b) : null, tokens: tokens[b] ?? [] };
}

/** What the user is told when the engine's worker was replaced after a crash. */
export const ENGINE_RESTARTED = 'The engine stopped and was restarted; your model and input were restored.';

/** Run actions; the playback timer lives in this closure, not in the state. */
export function createRunSlice(engine: EnginePort, [set, get]: SliceArgs): RunActions {
  let timer: ReturnType<typeof setInterval> | null = null;
  const stopTimer = () => { if (timer !== null) { clearInterval(timer); timer = null; } };
  const startTimer = () => {
    stopTimer();
    timer = setInterval(() => get().stepForward(), 1000 / get().speed);
  };
  const T = () => get().tokens.length;
  let stream: ReturnType<typeof setInterval> | null = null;
  const stopStream = () => { if (stream !== null) { clearInterval(stream); stream = null; } };
  // Bumped by every retrace and by cancelTrace: only the latest request writes its result or its error, so a reply
  // (or a failure) that arrives after a newer request never overwrites what the newer one shows.
  let traceGen = 0;

  /**
   * Traces the input with `model` and puts the trace in the store. With a patch (showModel), `model` is not yet the
   * store's: it goes in with the trace and the patch in one update, and only while the store still holds `expected`.
   */
  const traceWith = async (model: Model, patch: Partial<AppData> | null, expected: Model | null): Promise<void> => {
    const { input: text, compareMlp, h0, c0 } = get();
    const gen = ++traceGen;
    const still = () => get().model === (patch ? expected : model);
    const withModel = patch ? { ...patch, model } : {};
    if (text.trim().length === 0) {
      stopTimer();
      set({ ...withModel, batchTrace: null, batchMlpTrace: null, batchTokens: [], trace: null, mlpTrace: null, tokens: [], step: 0, error: null, playing: false, traceFault: null });
      return;
    }
    const length = [...text].length;
    // Text: one step per character. Numbers are bounded by steps instead (parseSeries: 2000 lines).
    if (model.vocabulary.length > 0 && length > MAX_INPUT_LENGTH) {
      set({ ...withModel, error: `The input is ${length} characters long; the limit is ${MAX_INPUT_LENGTH}. The last good trace is kept.` });
      return;
    }
    // Memory: the whole trace of every sequence is kept (stepping back costs nothing), so a large imported model on
    // a long input could ask for gigabytes. Refused before the worker allocates anything.
    const mb = traceMegabytes(model.config, text, model.vocabulary.length > 0) * (compareMlp ? 2 : 1);
    if (mb > MAX_TRACE_MB) {
      set({ ...withModel, error: `This input would need a trace of about ${Math.round(mb)} MB for this model (H = ${model.config.hiddenSize}, ${model.config.numLayers} layer${model.config.numLayers > 1 ? 's' : ''}); the limit is ${MAX_TRACE_MB} MB. Use a shorter input, fewer lines or a smaller model. The last good trace is kept.` });
      return;
    }
    // A training chunk's trace is no wait the user asked for: the status line's "Tracing…" stays for those.
    if (!patch) set({ busy: 'running' });
    try {
      const [r, mlp] = await Promise.all([
        engine.traceText(model, text, { h0, c0 }),
        compareMlp ? engine.traceText(model, text, { recurrence: false, h0, c0 }) : Promise.resolve(null),
      ]);
      if (!r || gen !== traceGen || get().input !== text || !still() || get().h0 !== h0) {
        // Superseded: a newer trace (of the old model) is on its way. The new weights still go in, traced afresh.
        if (patch && still()) {
          set(withModel);
          await traceWith(model, null, null);
        }
        return;
      }
      const next = shown(r.trace, mlp?.trace ?? null, r.tokens, get().sample);
      const grew = get().live && next.tokens.length > get().tokens.length && get().step >= get().tokens.length - 1;
      set({
        ...withModel, ...next, batchTrace: r.trace, batchMlpTrace: mlp?.trace ?? null, batchTokens: r.tokens, error: null,
        // The latest trace is in: a user's trace this one superseded no longer waits either.
        ...(patch && get().busy !== 'running' ? {} : { busy: 'idle' as const }),
        traceFault: findTraceFault(r.trace),
        // Feed mode: a character typed at the end is fed at once.
        step: grew ? next.tokens.length : Math.min(get().step, next.tokens.length),
      });
    } catch (e) {
      // The new weights go in even when their trace failed; the error is shown unless a newer trace superseded it.
      if (patch && still()) set(withModel);
      if (gen === traceGen) set({ error: messageOf(e), ...(patch && get().busy !== 'running' ? {} : { busy: 'idle' as const }) });
    }
  };

  return {
    async retrace() {
      const { model } = get();
      if (model) await traceWith(model, null, null);
    },
    async showModel(model, patch, expected) {
      if (get().model !== expected) return false;
      await traceWith(model, patch, expected);
      return get().model === model;
    },
    cancelTrace() {
      if (get().busy !== 'running') return;
      traceGen++;
      engine.cancelTrace();
      set({ busy: 'idle', error: 'The trace was cancelled: the views show the last input that finished. Edit the input to trace again.' });
    },
    dismissEngineNotice() { set({ engineNotice: null }); },
    async recoverEngine(e) {
      // Called synchronously by the bridge before the runs the old worker owed settle: the state read here is the
      // state when it went (a run still marked running, a rebuild still busy).
      if (!e.restarted) {
        set({ engineNotice: `The engine stopped again and was not restarted (${e.reason}): reload the page. Your session is saved.` });
        return;
      }
      const s = get();
      const crash = e.cause === 'crash';
      const training = s.trainStatus === 'running';
      const wanted = s.settings;
      if (crash) set({ engineNotice: ENGINE_RESTARTED, error: null });
      // A rebuild the user asked for is started again (it supersedes the failed one, whose error is then dropped).
      if (s.busy === 'training' && !training) { await get().setSettings(wanted); return; }
      // The model the store holds (weights exactly, not retrained) is traced again on the new worker; a cancelled
      // trace (cause 'abort') is not.
      const retraced = crash ? get().retrace() : Promise.resolve();
      if (training) {
        await get().stopTraining();
        // The store holds the weights of the last finished chunk: trainLosses has one entry per step of those weights.
        const kept = get().trainLosses.length;
        const why = crash ? 'the engine stopped and was restarted' : 'a computation was cancelled, which restarts the engine';
        set({
          trainStep: kept,
          trainNotice: { kind: 'info', text: `Training stopped at step ${kept}: ${why}. Those weights, the last the app received, are kept; press Train to go on from them.` },
          ...(crash ? { engineNotice: `${ENGINE_RESTARTED} Training stopped at step ${kept}; those weights are kept.` } : {}),
        });
      }
      await retraced;
    },
    async setInput(text) {
      set({ input: text });
      await get().retrace();
    },
    stepTo(t) {
      const clamped = Math.max(0, Math.min(T(), Math.round(t)));
      set({ step: clamped });
      if (clamped >= T() && get().playing) { stopTimer(); set({ playing: false }); }
    },
    stepForward() { get().stepTo(get().step + 1); },
    stepBack() { get().stepTo(get().step - 1); },
    reset() { stopTimer(); set({ step: 0, playing: false }); },
    togglePlay() {
      if (get().playing) { get().pause(); return; }
      if (T() === 0) return;
      if (get().step >= T()) set({ step: 0 });
      set({ playing: true });
      startTimer();
    },
    pause() { stopTimer(); set({ playing: false }); },
    setSpeed(stepsPerSecond) {
      const v = Math.max(0.25, Math.min(10, Number.isFinite(stepsPerSecond) ? stepsPerSecond : DEFAULT_SPEED));
      set({ speed: v });
      if (get().playing) startTimer();
    },
    setLive(on) { set({ live: on }); },
    async setCompareMlp(on) {
      set({ compareMlp: on, mlpTrace: on ? get().mlpTrace : null, batchMlpTrace: on ? get().batchMlpTrace : null });
      if (on) await get().retrace();
    },
    async generateInput(kind, steps) {
      try {
        const text = formatSeries(generateSeries(kind, steps, { seed: get().settings.seed }));
        await get().setInput(text);
      } catch (e) {
        set({ error: messageOf(e) });
      }
    },
    streamSeries(kind) {
      stopStream();
      set({ streaming: kind });
      if (!kind) return;
      // The whole series is drawn once (seeded), then fed one value per tick: the stream is replayable.
      const series = generateSeries(kind, MAX_STREAM, { seed: get().settings.seed });
      const base = get().input.trim();
      let k = base ? base.split('\n').length : 0;
      set({ live: true });
      stream = setInterval(() => {
        if (k >= MAX_STREAM || get().settings.task !== 'numbers') { stopStream(); set({ streaming: null }); return; }
        const line = String(Number(series.values[k % MAX_STREAM].toFixed(4)));
        const text = get().input.trim();
        k++;
        void get().setInput(text ? `${text}\n${line}` : line);
      }, 1000 / get().speed);
    },
    setSample(b) {
      const { batchTrace, batchMlpTrace, batchTokens } = get();
      const n = batchTrace?.n ?? 1;
      const next = shown(batchTrace, batchMlpTrace, batchTokens, Math.max(0, Math.min(n - 1, Math.round(b))));
      set({ ...next, step: Math.min(get().step, next.tokens.length) });
    },
    async setH0(l, j, value) {
      const { model } = get();
      if (!model) return;
      // h0 is stored in float32: a value past its range would turn into ±Infinity.
      if (!Number.isFinite(value) || Math.abs(value) > 3.4028234663852886e38) {
        set({ error: `h0 of unit ${j + 1} must be a finite number within float32's range (|x| ≤ 3.4e38); it was ${value}. h0 is unchanged.` });
        return;
      }
      const { numLayers: L, hiddenSize: H } = model.config;
      const h0 = get().h0 && get().h0!.length === L * H ? Float32Array.from(get().h0!) : new Float32Array(L * H);
      h0[l * H + j] = value;
      set({ h0 });
      await get().retrace();
    },
    async carryOverState() {
      const { trace, model } = get();
      if (!trace || !model) return;
      const H = model.config.hiddenSize;
      const h0 = new Float32Array(trace.layers.length * H);
      trace.layers.forEach((l, i) => h0.set(l.hLast, i * H));
      let c0: Float32Array | null = null;
      if (model.config.cell === 'lstm') {
        c0 = new Float32Array(trace.layers.length * H);
        trace.layers.forEach((l, i) => c0!.set(l.cLast!, i * H));
      }
      set({ h0, c0, step: 0 });
      await get().retrace();
    },
    async zeroState() {
      set({ h0: null, c0: null });
      await get().retrace();
    },
  };
}
