/**
 * The pure part of training in the store: which data a task feeds, whether a model fits it, and which settings are
 * refused. No state and no engine calls; trainSlice.ts runs the training with these.
 */
import { namedParams } from '../../engine/named';
import type { OptimizerConfig } from '../../engine/optim';
import { presetOf, type TaskId } from '../../engine/taskPresets';
import type { TaskData } from '../../engine/tasks';
import type { Model, ModelConfig } from '../../engine/types';
import type { ModelSettings } from '../types';
import type { TrainSettings } from './trainSlice';

/** The most steps of one run. */
export const MAX_TRAIN_STEPS = 100_000;

/**
 * Why a setting is refused, or null when it is fine. Absurd values never reach the worker.
 * @example checkTrainSetting('lr', 0) // 'The learning rate must be above 0 …'
 */
export function checkTrainSetting<K extends keyof TrainSettings>(key: K, value: TrainSettings[K]): string | null {
  const v = value as number;
  const whole = (lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  switch (key) {
    case 'optimizer': return value === 'adam' || value === 'sgd' ? null : 'Choose Adam or SGD with momentum.';
    case 'lr': return Number.isFinite(v) && v > 0 && v <= 100 ? null : 'The learning rate must be above 0 and at most 100, e.g. 0.01.';
    case 'momentum': return Number.isFinite(v) && v >= 0 && v < 1 ? null : 'The momentum must be at least 0 and below 1, e.g. 0.9.';
    case 'clipNorm': return Number.isFinite(v) && v >= 0 ? null : 'The clipping norm must be 0 (off) or a positive number, e.g. 5.';
    case 'truncation': return whole(0, 2000) ? null : 'The truncation window must be a whole number of steps from 0 (full BPTT) to 2000.';
    case 'steps': return whole(1, MAX_TRAIN_STEPS) ? null : `Train for a whole number of steps from 1 to ${MAX_TRAIN_STEPS.toLocaleString('en')}.`;
    case 'seed': return whole(0, 4294967295) ? null : 'The seed must be a whole number from 0 to 4294967295.';
    default: return null;
  }
}

/** Default settings of a preset (Adam at the preset's learning rate). */
export function presetSettings(id: TaskId, seed = 1): TrainSettings {
  const p = presetOf(id);
  return { optimizer: 'adam', lr: p.lr, momentum: 0.9, clipNorm: 5, truncation: 0, steps: p.steps, seed };
}

/** Whether a model reads and predicts exactly what a task feeds and asks (so training can continue from it). */
export function modelFitsTask(model: Model | null, data: TaskData): boolean {
  if (!model) return false;
  const c = model.config;
  return c.embeddingSize === 0 && c.inputSize === data.inputSize && c.outputSize === data.outputSize
    && c.outputActivation === data.outputActivation
    && model.vocabulary.length === data.vocabulary.length && model.vocabulary.every((t, i) => t === data.vocabulary[i]);
}

/** The config of a new model for a task: the model panel's cell, layers and σ, the task's shapes, H given. */
export function taskConfig(data: TaskData, s: ModelSettings, hiddenSize: number): ModelConfig {
  return {
    cell: s.cell, inputSize: data.inputSize, hiddenSize, numLayers: s.numLayers, nonlinearity: s.nonlinearity,
    gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: data.outputSize, outputActivation: data.outputActivation,
  };
}

/** The optimizer config of the settings. */
export function optimizerOf(t: TrainSettings): OptimizerConfig {
  return t.optimizer === 'adam' ? { kind: 'adam', lr: t.lr } : { kind: 'sgd', lr: t.lr, momentum: t.momentum };
}

/** Whether every weight of a model is a finite number. */
export function allFinite(model: Model): boolean {
  return namedParams(model).every((t) => t.data.every(Number.isFinite));
}

/**
 * A series that grows at its end without copying what it holds: each append writes past the end of the last view it
 * returned (so that view never changes) and returns a new view one chunk longer; the buffer doubles when full. A
 * run of 100 000 steps thus copies its losses about 17 times, not once per chunk (a few hundred times).
 */
export function growingSeries(): { append(current: Float64Array, more: Float64Array): Float64Array } {
  let buffer = new Float64Array(0);
  let last = 0;
  return {
    append(current, more) {
      const n = current.length;
      // `current` is not the last view this returned (the store reset it): start again from a copy of it, so that no
      // view anyone may hold is ever written over.
      const ours = current.buffer === buffer.buffer && current.byteOffset === 0 && n === last;
      if (!ours || n + more.length > buffer.length) {
        const next = new Float64Array(Math.max(1024, 2 * (n + more.length)));
        next.set(current);
        buffer = next;
      }
      buffer.set(more, n);
      last = n + more.length;
      return buffer.subarray(0, last);
    },
  };
}

