/** The run slice: the input, its trace, the step cursor and playback. */
import type { EnginePort } from '../port';
import type { AppData, AppState } from '../types';
import { messageOf, type SliceArgs } from './sliceArgs';

/** The longest input traced at once; longer text is refused with a message (memory and speed stay bounded). */
export const MAX_INPUT_LENGTH = 2000;

/** Default playback speed, steps per second. */
export const DEFAULT_SPEED = 1.5;

/** Initial run data. */
export function initialRunData(): Pick<AppData, 'input' | 'trace' | 'tokens' | 'step' | 'playing' | 'speed' | 'live' | 'compareMlp' | 'mlpTrace'> {
  return { input: 'hello world', trace: null, tokens: [], step: 0, playing: false, speed: DEFAULT_SPEED, live: false, compareMlp: false, mlpTrace: null };
}

type RunActions = Pick<AppState, 'setInput' | 'retrace' | 'stepTo' | 'stepForward' | 'stepBack' | 'reset' | 'togglePlay' | 'pause' | 'setSpeed' | 'setLive' | 'setCompareMlp'>;

/** Run actions; the playback timer lives in this closure, not in the state. */
export function createRunSlice(engine: EnginePort, [set, get]: SliceArgs): RunActions {
  let timer: ReturnType<typeof setInterval> | null = null;
  const stopTimer = () => { if (timer !== null) { clearInterval(timer); timer = null; } };
  const startTimer = () => {
    stopTimer();
    timer = setInterval(() => get().stepForward(), 1000 / get().speed);
  };
  const T = () => get().tokens.length;
  return {
    async retrace() {
      const { model, input: text, compareMlp } = get();
      if (!model) return;
      if (text.length === 0) {
        stopTimer();
        set({ trace: null, mlpTrace: null, tokens: [], step: 0, error: null, playing: false });
        return;
      }
      const length = [...text].length;
      if (length > MAX_INPUT_LENGTH) {
        set({ error: `The input is ${length} characters long; the limit is ${MAX_INPUT_LENGTH}. The last good trace is kept.` });
        return;
      }
      set({ busy: 'running' });
      try {
        const [r, mlp] = await Promise.all([
          engine.traceText(model, text),
          compareMlp ? engine.traceText(model, text, { recurrence: false }) : Promise.resolve(null),
        ]);
        if (!r || get().input !== text || get().model !== model) return;
        const grew = get().live && r.tokens.length > get().tokens.length && get().step >= get().tokens.length - 1;
        set({
          trace: r.trace, mlpTrace: mlp?.trace ?? null, tokens: r.tokens, error: null, busy: 'idle',
          // Feed mode: a character typed at the end is fed at once.
          step: grew ? r.tokens.length : Math.min(get().step, r.tokens.length),
        });
      } catch (e) {
        set({ error: messageOf(e), busy: 'idle' });
      }
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
      set({ compareMlp: on, mlpTrace: on ? get().mlpTrace : null });
      if (on) await get().retrace();
    },
  };
}
