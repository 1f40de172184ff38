/** The store's data and actions, typed apart (data is plain and serialisable; actions are functions). */
import type { NumericFault } from '../engine/faults';
import type { Model, Trace } from '../engine/types';
import type { ModelSettings, RestartEvent } from './port';
import type { BackwardActions, BackwardData } from './slices/backwardSlice';
import type { DebugActions, DebugData } from './slices/debugSlice';
import type { FilesActions, FilesData } from './slices/filesSlice';
import type { LabActions, LabData } from './slices/labSlice';
import type { LessonActions, LessonData } from './slices/lessonSlice';
import type { TrainActions, TrainData } from './slices/trainSlice';

export type { ModelSettings } from './port';

/** Which symbols and which vector orientation the views use. */
export interface Notation {
  /** U/W/V/b/c or W_xh/W_hh/W_hy/b_h/b_y. */
  symbols: 'textbook' | 'matrix';
  /** Column vectors (U·x_t) or row vectors with a batch (X_t·W_xh). */
  form: 'column' | 'row';
}

/** Plain data held by the store. */
export interface AppData extends TrainData, BackwardData, LabData, FilesData, DebugData, LessonData {
  /** Settings the current model was built from. */
  settings: ModelSettings;
  /** The current model, or null before the first one is ready. */
  model: Model | null;
  /** Text the model was trained on (first open: the model learns to predict its next character). */
  corpus: string;
  /** The text in the input editor. */
  input: string;
  /** The input text each input kind last had, so switching kinds keeps the user's work. */
  inputsByTask: Partial<Record<'text' | 'numbers', string>>;
  /** Trace of the whole batch (one sample per non-empty input line), or null when there is none. */
  batchTrace: Trace | null;
  /** Tokens of every sample. */
  batchTokens: string[][];
  /** The sample the views show. */
  sample: number;
  /** Trace of the shown sample (a view into batchTrace), or null. */
  trace: Trace | null;
  /** Tokens of the shown sample, one per step. */
  tokens: string[];
  /** Initial hidden state h_0 of every sample, [L, H] row-major, or null for zeros. */
  h0: Float32Array | null;
  /** Initial cell state c_0 (LSTM), [L, H], or null for zeros. */
  c0: Float32Array | null;
  /** Playback cursor: the number of steps consumed, 0 before the first step, at most T. */
  step: number;
  /** Whether playback is running. */
  playing: boolean;
  /** Playback speed, steps per second. */
  speed: number;
  /** Feed mode: each character typed at the end of the input is fed as the next step at once. */
  live: boolean;
  /** The generator streaming values into the input, or null. */
  streaming: 'sine' | 'square' | 'random-walk' | null;
  /** MLP comparison: when on, the same model with W = 0 (no memory) is traced beside it. */
  compareMlp: boolean;
  /** Trace of the shown sample with the recurrence removed (W_hh = 0), when compareMlp is on. */
  mlpTrace: Trace | null;
  /** Batch trace behind mlpTrace. */
  batchMlpTrace: Trace | null;
  /** Unit j selected in the views and the formula panel. */
  selectedUnit: number;
  /** Layer the views show (top by default). */
  layer: number;
  /** Display notation. */
  notation: Notation;
  /** Colour theme of the page. */
  theme: 'light' | 'dark' | 'contrast';
  /** Projector mode: large type and strokes, fewer panels. */
  projector: boolean;
  /** Panels hidden by the user or by a link (hide flags). */
  hiddenPanels: string[];
  /** A note about the shareable link (e.g. weights too large for it), or null. */
  linkNote: string | null;
  /** Said while the browser refuses to keep the session (storage full or unavailable), or null. */
  saveNote: string | null;
  /** Matrix role under the pointer in any view, for the shared-weights highlight. */
  hoveredRole: string | null;
  /** What the worker is doing. */
  busy: 'idle' | 'training' | 'running';
  /** True when the current model is exactly what its settings and seed build (a link then needs no weights). */
  modelFromSettings: boolean;
  /** Loss of the model on its corpus after training, when known. */
  trainLoss: number | null;
  /** A message for the user (bad input, worker error), or null. */
  error: string | null;
  /** Said once when the engine's worker stopped and was replaced (what was restored, what stopped), until dismissed. */
  engineNotice: string | null;
  /** The first NaN or ±Infinity of the batch trace (engine/faults.ts), or null when every value is finite. */
  traceFault: NumericFault | null;
  /** Models before each change, oldest first, at most HISTORY_LIMIT (store/history.ts); Undo pops the last. */
  undoStack: HistoryEntry[];
  /** Models that Undo replaced, most recently undone last; Redo pops the last, and any new change clears it. */
  redoStack: HistoryEntry[];
}

/** Actions: verbs that change data, reaching the worker through the bridge. */
export interface AppActions extends TrainActions, BackwardActions, LabActions, FilesActions, DebugActions, LessonActions {
  /** Builds and trains the model for the current settings, then traces the input. */
  rebuildModel(): Promise<void>;
  /** Changes one or more model settings and rebuilds. */
  setSettings(patch: Partial<ModelSettings>): Promise<void>;
  /** Replaces the input text and re-traces it, keeping the step where it still exists. */
  setInput(text: string): Promise<void>;
  /** Moves the cursor to step t (clamped to 0..T). */
  stepTo(t: number): void;
  /** One step forward. */
  stepForward(): void;
  /** One step back. */
  stepBack(): void;
  /** Back to t = 0. */
  reset(): void;
  /** Starts or stops playback. */
  togglePlay(): void;
  /** Stops playback. */
  pause(): void;
  /** Sets the playback speed (steps per second, 0.25..10). */
  setSpeed(stepsPerSecond: number): void;
  /** Turns feed mode on or off. */
  setLive(on: boolean): void;
  /** Turns the MLP comparison on or off. */
  setCompareMlp(on: boolean): Promise<void>;
  /** Re-traces the current input with the current model (and the MLP copy when compared). */
  retrace(): Promise<void>;
  /**
   * Replaces the current model with `model` (a training chunk's weights, not an undo entry) together with its trace
   * and `patch`, in one store update, so that the views never draw the new weights beside the old trace and render
   * once. Sets nothing when the current model is no longer `expected` (someone replaced it meanwhile); returns
   * whether it was shown.
   */
  showModel(model: Model, patch: Partial<AppData>, expected: Model | null): Promise<boolean>;
  /** Cancels the trace in flight (the last finished trace stays on screen, with a note). */
  cancelTrace(): void;
  /** After the engine's worker was replaced: restores the trace, restarts an interrupted rebuild, stops training. */
  recoverEngine(e: RestartEvent): Promise<void>;
  /** Hides the engine notice. */
  dismissEngineNotice(): void;
  /** Switches what the model reads (text or numbers): a model for that task is built and trained. */
  setTask(task: 'text' | 'numbers'): Promise<void>;
  /** Live numbers: appends the next value of a generated series to the input at the playback speed (null stops). */
  streamSeries(kind: 'sine' | 'square' | 'random-walk' | null): void;
  /** Fills the numbers input with a generated series of T steps and traces it. */
  generateInput(kind: 'sine' | 'square' | 'random-walk', T: number): Promise<void>;
  /** Chooses which sample of the batch the views show. */
  setSample(b: number): void;
  /** Sets h_0 of unit j in layer l (every sample starts from the same h_0) and re-traces. */
  setH0(l: number, j: number, value: number): Promise<void>;
  /** Starts the next trace from the current final state (h_T, and c_T for LSTM) of the shown sample. */
  carryOverState(): Promise<void>;
  /** Resets h_0 (and c_0) to zeros. */
  zeroState(): Promise<void>;
  /** Selects unit j. */
  selectUnit(j: number): void;
  /** Chooses the layer the views show. */
  setLayer(l: number): void;
  /** Sets the notation. */
  setNotation(patch: Partial<Notation>): void;
  /** Sets the colour theme. */
  setTheme(theme: 'light' | 'dark' | 'contrast'): void;
  /** Turns projector mode on (hiding the secondary panels) or off (showing them again). */
  setProjector(on: boolean): void;
  /** Hides or shows a panel. */
  setPanelHidden(panel: string, hidden: boolean): void;
  /** Sets the hovered matrix role (null when none). */
  hoverRole(role: string | null): void;
  /**
   * Makes `model` (built from `settings`) the current model and re-traces the input. The model it replaces goes on
   * the undo stack under `label` and the redo stack is cleared. Rebuilds, imports and weight edits all go through
   * it; a weight edit commits once per gesture (not per pointer move) with a new Model object.
   */
  commitModel(model: Model, settings: ModelSettings, label: string, trainLoss?: number | null): Promise<void>;
  /** Restores the model before the last change, exactly (no retraining), and re-traces; ignored while training. */
  undo(): Promise<void>;
  /** Applies the last undone change again, exactly, and re-traces; ignored while training. */
  redo(): Promise<void>;
}

/** The whole store. */
export type AppState = AppData & AppActions;

/** A model with what it was built from: what Undo and Redo restore. */
export interface ModelSnapshot {
  /** Settings the model was built from. */
  settings: ModelSettings;
  /** The model itself (shared, never mutated). */
  model: Model;
  /** Its training loss, when known. */
  trainLoss: number | null;
  /** True when the settings and seed rebuild exactly this model (a plain build); false after import, training or edits. */
  fromSettings?: boolean;
}

/** One step of model history: the model before a change, and what the change was. */
export interface HistoryEntry extends ModelSnapshot {
  /** The change, e.g. `cell type RNN → LSTM` or `import model.safetensors`. */
  label: string;
}
