/** The numbers task: one-step-ahead forecasting of a numeric series (x_t → x_{t+1}), trained on a sine wave. */
import { EngineError } from '../engine/errors';
import { generateSeries, parseSeries } from '../engine/series';
import type { Model, ModelConfig } from '../engine/types';
import type { ModelSettings } from './enginePort';

/** The series the numbers model is trained on: a sine of period 20 over 60 steps. */
export const TRAINING_SERIES = { kind: 'sine', T: 60, period: 20 } as const;

/** The config of a forecasting model: one number in, one number out. */
export function seriesModelConfig(s: ModelSettings): ModelConfig {
  return {
    cell: s.cell, inputSize: 1, hiddenSize: s.hiddenSize, numLayers: s.numLayers, nonlinearity: s.nonlinearity,
    gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: 1,
    // Softmax over a single output is always 1: a forecast needs an unbounded (or tanh) output.
    outputActivation: s.outputActivation === 'softmax' || s.outputActivation === 'sigmoid' ? 'identity' : s.outputActivation,
  };
}

/** Training data: x_t = sine(t), target x_{t+1}, mean squared error. */
export function seriesTrainingData(s: ModelSettings) {
  const config = seriesModelConfig(s);
  const { values, T } = generateSeries(TRAINING_SERIES.kind, TRAINING_SERIES.T, { period: TRAINING_SERIES.period });
  return {
    config, vocabulary: [] as string[],
    samples: [Float32Array.from(values.subarray(0, T - 1))],
    targets: { kind: 'values' as const, values: Float32Array.from(values.subarray(1)) },
  };
}

/** Encodes pasted numbers for a numeric model: one sample, one step per line; tokens are the numbers as written. */
export function encodeSeriesInput(model: Model, text: string): { samples: Float32Array[]; tokens: string[][] } {
  const s = parseSeries(text);
  const D = model.config.inputSize;
  if (s.D !== D) throw new EngineError(`The model reads ${D} number${D > 1 ? 's' : ''} per step; this input has ${s.D} column${s.D > 1 ? 's' : ''}.`);
  // The engine stores float32: a number past ±3.4e38 would become ±Infinity and every later step NaN.
  const big = s.values.findIndex((v) => !Number.isFinite(Math.fround(v)));
  if (big >= 0) throw new EngineError(`Step ${Math.floor(big / D) + 1}: ${s.values[big]} is too large for the engine's float32 numbers (at most ±3.4e38).`);
  // Tokens are what the views write under each step: two decimals keep a column narrow (the numbers themselves are exact).
  const tokens = Array.from({ length: s.T }, (_, t) => Array.from(s.values.subarray(t * D, (t + 1) * D), short).join(','));
  return { samples: [Float32Array.from(s.values)], tokens: [tokens] };
}

/** A number in at most two decimals, without trailing zeros: 0.5878 → '0.59', 1 → '1', −0.309 → '-0.31'. */
export function short(v: number): string {
  return String(Number(v.toFixed(2)));
}
