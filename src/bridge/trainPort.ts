/** The engine calls of the training feature, as the store sees them (merged into EnginePort). */
import type { EngineClient } from './engineClient';

/** What the training feature asks of the engine. */
export type TrainPort = Record<never, never>;

/** The training port over an engine client. */
export function createTrainPort(client: EngineClient): TrainPort {
  void client;
  return {};
}
