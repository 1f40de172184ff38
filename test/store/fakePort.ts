/** An EnginePort that runs the engine in-process, for store and component tests (no worker). */
import { DEFAULT_VOCABULARY, initModel } from '../../src/engine/init';
import { unroll } from '../../src/engine/unroll';
import { encodeText, oneHot, toCodePoints } from '../../src/engine/vocab';
import { textModelConfig, withoutRecurrence } from '../../src/bridge/enginePort';
import type { EnginePort } from '../../src/store/port';

/** A port over the real engine; `delay` makes replies asynchronous like the worker's. */
export function createFakePort(): EnginePort & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async buildModel(settings) {
      calls.push('buildModel');
      const vocabulary = [...DEFAULT_VOCABULARY];
      const model = initModel(textModelConfig(settings, vocabulary.length), { seed: settings.seed, vocabulary });
      return { model, loss: 1.5 };
    },
    async traceText(original, text, options = {}) {
      calls.push(`traceText:${text}`);
      const model = options.recurrence === false ? withoutRecurrence(original) : original;
      const ids = encodeText(text, model.vocabulary);
      const x = Float32Array.from(oneHot(ids, model.config.inputSize));
      const trace = unroll(model, { n: 1, T: ids.length, x, tokens: null, lengths: null, h0: null, c0: null });
      return { trace, tokens: toCodePoints(text) };
    },
  };
}
