/** The training feature's plain data and actions: what the store holds of a run, and what the panel can ask. */
import type { TaskId } from '../../engine/taskPresets';

/** Optimizer and run settings chosen in the training panel. */
export interface TrainSettings {
  /** Adam, or SGD with momentum. */
  optimizer: 'adam' | 'sgd';
  /** Learning rate, > 0. */
  lr: number;
  /** SGD momentum μ in [0, 1). */
  momentum: number;
  /** Clip the global gradient norm to this value; 0: no clipping. */
  clipNorm: number;
  /** Truncated BPTT window k in steps; 0: full BPTT. */
  truncation: number;
  /** Optimizer steps of one run (Train on a finished run adds as many again). */
  steps: number;
  /** Seed of the task's random data and of a re-initialised model. */
  seed: number;
}

/** Where the run is: none, running in the worker, paused, or done with its steps (Train resumes or extends both). */
export type TrainStatus = 'idle' | 'running' | 'paused' | 'done';

/** Accuracy of the model after a given step of the run. */
export interface AccuracyPoint {
  /** Steps done when it was measured. */
  step: number;
  /** Share of targets right, 0..1 (NaN when the task has none). */
  accuracy: number;
}

/** A message of the training panel: a refusal or a divergence (error), or why a run stopped (info). */
export interface TrainNotice {
  /** error: something was refused or went wrong; info: a plain report. */
  kind: 'error' | 'info';
  /** The message, written for the user. */
  text: string;
}

/** A free-running forecast beside the truth. */
export interface FreeRunResult {
  /** The true series, [T, D]. */
  truth: Float32Array;
  /** Forecasts of rows warmup..T−1, [T − warmup, D]. */
  forecast: Float32Array;
  /** True steps fed before the model ran on its own. */
  warmup: number;
  /** Numbers per step. */
  D: number;
}

/** Plain data of the training feature. */
export interface TrainData {
  /** The chosen preset. */
  trainTask: TaskId;
  /** Training text of the text presets (editable). */
  trainText: string;
  /** "Your own" numbers: the column (0-based) of the next row to predict, or null for every column. */
  trainTargetColumn: number | null;
  /** Optimizer and run settings. */
  trainSettings: TrainSettings;
  /** State of the run. */
  trainStatus: TrainStatus;
  /** Steps completed in the run. */
  trainStep: number;
  /** Steps the run is heading for. */
  trainTarget: number;
  /** Loss of every completed step of the run, [trainStep] (the curve). */
  trainLosses: Float64Array;
  /** Loss of the latest step, updated by progress reports between chunks; null before the first. */
  trainLatestLoss: number | null;
  /** Accuracy measured at the start and after every chunk. */
  trainAccuracy: AccuracyPoint[];
  /** Optimizer steps per wall-clock second of the run so far. */
  trainStepsPerSecond: number;
  /** A refusal, a divergence or why the run stopped; null when there is nothing to say. */
  trainNotice: TrainNotice | null;
  /** Text generated after a prompt, or null. */
  trainSample: { prompt: string; text: string; temperature: number } | null;
  /** The latest free-running forecast, or null. */
  trainFreeRun: FreeRunResult | null;
}

/** Actions of the training feature. */
export interface TrainActions {
  /** Chooses a preset: its text becomes the training text; a running run is paused first. */
  setTrainTask(id: TaskId): Promise<void>;
  /** Edits the training text of a text preset. */
  setTrainText(text: string): void;
  /** "Your own" numbers: predicts one column of the next row (0-based), or every column (null). */
  setTrainTargetColumn(column: number | null): void;
  /** Changes settings; refuses an absurd value and returns the message, or null when accepted. */
  setTrainSettings(patch: Partial<TrainSettings>): string | null;
  /** Starts a run, or resumes the paused one; resolves once it pauses, finishes or stops. */
  startTraining(): Promise<void>;
  /** Pauses at the next step: the weights so far are shown in every view and go on the undo stack. */
  pauseTraining(): Promise<void>;
  /** Ends the run: the weights stay, the optimizer state is dropped, and Train then starts a new run. */
  stopTraining(): Promise<void>;
  /** Ends the run and re-initialises the model from the training seed (undoable); the panel asks first. */
  resetTraining(): Promise<void>;
  /** Generates `length` characters after `prompt` at a temperature, drawn with the training seed. */
  generateText(prompt: string, length: number, temperature: number): Promise<void>;
  /** Free-runs the forecasting model on the numbers in the input box, beside the truth. */
  freeRunForecast(): Promise<void>;
}
