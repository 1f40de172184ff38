/** What the store needs from the engine, as the bridge provides it. Replies superseded by newer requests are null. */
import type { Model, Trace } from '../engine/types';
import type { ModelSettings } from './types';

/** A traced input: the trace of sample 0 and its tokens, one per step. */
export interface TracedText {
  /** Full forward trace. */
  trace: Trace;
  /** Token shown under each step. */
  tokens: string[];
}

/** A model built for some settings, trained on a corpus. */
export interface BuiltModel {
  /** The trained model. */
  model: Model;
  /** Final training loss on the corpus. */
  loss: number;
}

/** The engine as the store sees it. */
export interface EnginePort {
  /** Builds a model for the settings and trains it to predict the next character of `corpus`. */
  buildModel(settings: ModelSettings, corpus: string): Promise<BuiltModel | null>;
  /** Runs the model over text; rejects with a readable message on bad input (e.g. unknown characters). */
  traceText(model: Model, text: string): Promise<TracedText | null>;
}
