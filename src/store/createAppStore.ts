/**
 * The app store: one vanilla zustand store of plain data and actions. Actions reach the worker only through the
 * EnginePort the bridge provides, and write results back with setState.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { subscribeWithSelector } from 'zustand/middleware';
import type { EnginePort } from './port';
import type { AppData, AppState } from './types';

/** Steps per second of playback. */
export const PLAY_INTERVAL_MS = 700;

/** The longest input traced at once; longer text is refused with a message (memory and speed stay bounded). */
export const MAX_INPUT_LENGTH = 2000;

/** The state of a new session. */
export function initialData(): AppData {
  return {
    settings: { cell: 'rnn', hiddenSize: 8, numLayers: 1, nonlinearity: 'tanh', outputActivation: 'softmax', seed: 1 },
    model: null,
    corpus: 'hello world',
    input: 'hello world',
    trace: null,
    tokens: [],
    step: 0,
    playing: false,
    selectedUnit: 0,
    layer: 0,
    notation: { symbols: 'textbook', form: 'column' },
    hoveredRole: null,
    busy: 'idle',
    trainLoss: null,
    error: null,
  };
}

/** A store built on an engine port. */
export type AppStore = StoreApi<AppState>;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Creates the store; `overrides` set initial data (tests, URL state). */
export function createAppStore(engine: EnginePort, overrides: Partial<AppData> = {}): AppStore {
  let timer: ReturnType<typeof setInterval> | null = null;
  const stopTimer = () => { if (timer !== null) { clearInterval(timer); timer = null; } };
  const store = createStore<AppState>()(subscribeWithSelector((set, get) => {
    const T = () => get().tokens.length;
    const traceInput = async (text: string): Promise<void> => {
      const { model } = get();
      if (!model) return;
      if (text.length === 0) {
        set({ trace: null, tokens: [], step: 0, error: null, playing: false });
        stopTimer();
        return;
      }
      if ([...text].length > MAX_INPUT_LENGTH) {
        set({ error: `The input is ${[...text].length} characters long; the limit is ${MAX_INPUT_LENGTH}. The last good trace is kept.` });
        return;
      }
      set({ busy: 'running' });
      try {
        const r = await engine.traceText(model, text);
        if (!r || get().input !== text) return;
        set({ trace: r.trace, tokens: r.tokens, step: Math.min(get().step, r.tokens.length), error: null, busy: 'idle' });
      } catch (e) {
        set({ error: messageOf(e), busy: 'idle' });
      }
    };
    return {
      ...initialData(),
      ...overrides,
      async rebuildModel() {
        const { settings, corpus } = get();
        stopTimer();
        set({ busy: 'training', playing: false });
        try {
          const built = await engine.buildModel(settings, corpus);
          if (!built) return;
          set({
            model: built.model, trainLoss: built.loss, busy: 'idle', error: null,
            layer: built.model.config.numLayers - 1,
            selectedUnit: Math.min(get().selectedUnit, built.model.config.hiddenSize - 1),
          });
          await traceInput(get().input);
        } catch (e) {
          set({ error: messageOf(e), busy: 'idle' });
        }
      },
      async setSettings(patch) {
        set({ settings: { ...get().settings, ...patch } });
        await get().rebuildModel();
      },
      async setInput(text) {
        set({ input: text });
        await traceInput(text);
      },
      stepTo(t) {
        const clamped = Math.max(0, Math.min(T(), Math.round(t)));
        set({ step: clamped });
        if (clamped >= T()) { stopTimer(); set({ playing: false }); }
      },
      stepForward() { get().stepTo(get().step + 1); },
      stepBack() { get().stepTo(get().step - 1); },
      reset() { stopTimer(); set({ step: 0, playing: false }); },
      togglePlay() {
        if (get().playing) { get().pause(); return; }
        if (T() === 0) return;
        if (get().step >= T()) set({ step: 0 });
        set({ playing: true });
        stopTimer();
        timer = setInterval(() => get().stepForward(), PLAY_INTERVAL_MS);
      },
      pause() { stopTimer(); set({ playing: false }); },
      selectUnit(j) {
        const H = get().model?.config.hiddenSize ?? 1;
        set({ selectedUnit: Math.max(0, Math.min(H - 1, j)) });
      },
      setLayer(l) {
        const L = get().model?.config.numLayers ?? 1;
        set({ layer: Math.max(0, Math.min(L - 1, l)) });
      },
      setNotation(patch) { set({ notation: { ...get().notation, ...patch } }); },
      hoverRole(role) { set({ hoveredRole: role }); },
    };
  }));
  return store;
}
