/**
 * The lab slice. Its data and actions are typed here and merged into AppData / AppActions (types.ts), so this
 * feature's state lives in this file alone.
 */
import type { EnginePort } from '../port';
import type { SliceArgs } from './sliceArgs';

/** Plain data of the lab feature. */
export type LabData = Record<never, never>;

/** Actions of the lab feature. */
export type LabActions = Record<never, never>;

/** Initial lab data. */
export function initialLabData(): LabData {
  return {};
}

/** Lab actions over the engine port. */
export function createLabSlice(engine: EnginePort, args: SliceArgs): LabActions {
  void engine; void args;
  return {};
}
