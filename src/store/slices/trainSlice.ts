/**
 * The training slice. Its data and actions are typed here and merged into AppData / AppActions (types.ts), so this
 * feature's state lives in this file alone.
 */
import type { EnginePort } from '../port';
import type { SliceArgs } from './sliceArgs';

/** Plain data of the training feature. */
export type TrainData = Record<never, never>;

/** Actions of the training feature. */
export type TrainActions = Record<never, never>;

/** Initial training data. */
export function initialTrainData(): TrainData {
  return {};
}

/** Train actions over the engine port. */
export function createTrainSlice(engine: EnginePort, args: SliceArgs): TrainActions {
  void engine; void args;
  return {};
}
