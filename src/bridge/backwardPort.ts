/** The engine calls of the backward feature, as the store sees them (merged into EnginePort). */
import type { EngineClient } from './engineClient';

/** What the backward feature asks of the engine. */
export type BackwardPort = Record<never, never>;

/** The backward port over an engine client. */
export function createBackwardPort(client: EngineClient): BackwardPort {
  void client;
  return {};
}
