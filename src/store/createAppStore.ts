/**
 * The app store: one vanilla zustand store of plain data and actions, combined from three slices (model, run,
 * view). Actions reach the worker only through the EnginePort the bridge provides, and write results back with
 * setState.
 */
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EnginePort } from './port';
import { createBackwardSlice, initialBackwardData } from './slices/backwardSlice';
import { createDebugSlice, initialDebugData } from './slices/debugSlice';
import { createFilesSlice, initialFilesData } from './slices/filesSlice';
import { createLabSlice, initialLabData } from './slices/labSlice';
import { createLessonSlice, initialLessonData } from './slices/lessonSlice';
import { createModelSlice, initialModelData } from './slices/modelSlice';
import { createTrainSlice, initialTrainData } from './slices/trainSlice';
import { createRunSlice, initialRunData } from './slices/runSlice';
import { createViewSlice, initialViewData } from './slices/viewSlice';
import type { AppData, AppState } from './types';

export { DEFAULT_SPEED, MAX_INPUT_LENGTH } from './slices/runSlice';

/** The state of a new session. */
export function initialData(): AppData {
  return { ...initialModelData(), ...initialRunData(), ...initialViewData(), ...initialTrainData(), ...initialBackwardData(), ...initialLabData(), ...initialFilesData(), ...initialDebugData(), ...initialLessonData() };
}

/** A store built on an engine port. */
export type AppStore = StoreApi<AppState>;

/** Creates the store; `overrides` set initial data (tests, URL state). */
export function createAppStore(engine: EnginePort, overrides: Partial<AppData> = {}): AppStore {
  const store = createStore<AppState>()(subscribeWithSelector((set, get) => ({
    ...initialData(),
    ...overrides,
    ...createModelSlice(engine, [set, get]),
    ...createRunSlice(engine, [set, get]),
    ...createViewSlice([set, get]),
    ...createTrainSlice(engine, [set, get]),
    ...createBackwardSlice(engine, [set, get]),
    ...createLabSlice(engine, [set, get]),
    ...createFilesSlice(engine, [set, get]),
    ...createDebugSlice([set, get], engine),
    ...createLessonSlice(engine, [set, get]),
  })));
  // The worker is stateless: when it is replaced, the store holds everything needed to put the views back.
  engine.onEngineRestart((e) => void store.getState().recoverEngine(e));
  return store;
}
