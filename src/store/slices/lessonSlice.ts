/**
 * The lesson slice. Its data and actions are typed here and merged into AppData / AppActions (types.ts).
 */
import type { EnginePort } from '../port';
import type { SliceArgs } from './sliceArgs';

/** Plain data of the lessons feature. */
export type LessonData = Record<never, never>;

/** Actions of the lessons feature. */
export type LessonActions = Record<never, never>;

/** Initial lesson data. */
export function initialLessonData(): LessonData {
  return {};
}

/** Lesson actions over the engine port. */
export function createLessonSlice(engine: EnginePort, args: SliceArgs): LessonActions {
  void engine; void args;
  return {};
}
