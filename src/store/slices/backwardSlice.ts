/**
 * The backward slice. Its data and actions are typed here and merged into AppData / AppActions (types.ts), so this
 * feature's state lives in this file alone.
 */
import type { EnginePort } from '../port';
import type { SliceArgs } from './sliceArgs';

/** Plain data of the backward feature. */
export type BackwardData = Record<never, never>;

/** Actions of the backward feature. */
export type BackwardActions = Record<never, never>;

/** Initial backward data. */
export function initialBackwardData(): BackwardData {
  return {};
}

/** Backward actions over the engine port. */
export function createBackwardSlice(engine: EnginePort, args: SliceArgs): BackwardActions {
  void engine; void args;
  return {};
}
