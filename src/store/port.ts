/** What the store needs from the engine: the port the bridge provides (types only). */
export type { BuiltModel, EnginePort, ModelSettings, RestartEvent, TracedText } from '../bridge/enginePort';
