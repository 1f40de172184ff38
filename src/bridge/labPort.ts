/** The engine calls of the lab feature, as the store sees them (merged into EnginePort). */
import type { EngineClient } from './engineClient';

/** What the lab feature asks of the engine. */
export type LabPort = Record<never, never>;

/** The lab port over an engine client. */
export function createLabPort(client: EngineClient): LabPort {
  void client;
  return {};
}
