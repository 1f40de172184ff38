/** The text task: next-character prediction over a vocabulary, with one-hot inputs. */
import { EngineError } from '../engine/errors';
import { DEFAULT_VOCABULARY } from '../engine/gates';
import type { Model, ModelConfig, Targets } from '../engine/types';
import { encodeText, oneHot, toCodePoints } from '../engine/vocab';
import type { ModelSettings } from './enginePort';

/** The most sequences (lines) traced at once. */
export const MAX_SAMPLES = 16;

/** The most steps (characters) of one sequence traced at once, as the input editor allows. */
export const MAX_STEPS = 2000;

/** The config of a next-character model over a vocabulary, for the chosen settings. */
export function textModelConfig(s: ModelSettings, V: number): ModelConfig {
  return {
    cell: s.cell, inputSize: V, hiddenSize: s.hiddenSize, numLayers: s.numLayers, nonlinearity: s.nonlinearity,
    gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: V, outputActivation: s.outputActivation,
  };
}

/** Training data of a text model: x_t = corpus[t] one-hot, target = corpus[t + 1]. */
export function textTrainingData(s: ModelSettings, corpus: string) {
  const vocabulary = [...DEFAULT_VOCABULARY];
  const V = vocabulary.length;
  const config = textModelConfig(s, V);
  const ids = encodeText(corpus, vocabulary);
  if (ids.length < 2) throw new EngineError('The training text needs at least two characters.');
  const next = ids.slice(1);
  // Class ids for softmax; one-hot values for the other outputs (BCE or MSE against the one-hot next character).
  const targets: Targets = config.outputActivation === 'softmax' ? { kind: 'classes', classes: next } : { kind: 'values', values: Float32Array.from(oneHot(next, V)) };
  return { config, vocabulary, samples: [Float32Array.from(oneHot(ids.subarray(0, ids.length - 1), V))], targets };
}

/** Encodes text for a text model: one sample per non-empty line; one-hot rows, or token ids with an embedding. */
export function encodeTextInput(model: Model, text: string): { samples: Float32Array[] | Int32Array[]; tokens: string[][] } {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0);
  if (lines.length === 0) throw new EngineError('Type at least one character.');
  if (lines.length > MAX_SAMPLES) throw new EngineError(`${lines.length} sequences: at most ${MAX_SAMPLES} lines are traced at once.`);
  const embedded = model.config.embeddingSize > 0;
  const long = lines.findIndex((l) => l.length > MAX_STEPS && [...l].length > MAX_STEPS);
  if (long >= 0) throw new EngineError(`${lines.length > 1 ? `Line ${long + 1} is` : 'The input is'} ${[...lines[long]].length} characters long: at most ${MAX_STEPS} steps are traced at once.`);
  const samples = lines.map((line, i) => {
    try {
      const ids = encodeText(line, model.vocabulary);
      return embedded ? ids : Float32Array.from(oneHot(ids, model.config.inputSize));
    } catch (e) {
      throw new EngineError(lines.length > 1 ? `Line ${i + 1}: ${(e as Error).message}` : (e as Error).message);
    }
  });
  return { samples: samples as Float32Array[] | Int32Array[], tokens: lines.map(toCodePoints) };
}
