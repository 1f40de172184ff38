/**
 * Training tasks: seeded, pure generators of the data each preset trains on, and the accuracy of a trace on it.
 *
 * Every task is next-step prediction over one batch (n sequences, batch-first, ragged sequences padded):
 * - text: x_t = one-hot of character t, target = character t + 1 (cross-entropy over the vocabulary);
 * - sine: x_t = sin(2π·t / period + φ), target x_{t+1} (mean squared error); φ uniform in [0, 2π) per sequence;
 * - echo: x_t a random bit (one-hot over '0', '1'), target x_{t−k}; the first k steps have no target (ignored);
 * - parity: x_t a random bit, target the parity (XOR) of bits 0..t, i.e. a running count of ones mod 2;
 * - own: the user's text (next character) or numbers (next row).
 *
 * Random draws come from random.ts in a fixed order: for echo and parity n·T bits, sequence by sequence, each
 * `uniform() < 0.5`; for sine one `uniform()` per sequence for its phase. The same seed gives the same data everywhere.
 */
import { EngineError } from './errors';
import { DEFAULT_VOCABULARY } from './init';
import { IGNORE_INDEX } from './loss';
import { createRng } from './random';
import type { Series } from './series';
import type { Batch, OutputActivation, Targets, Trace } from './types';
import { encodeText, toCodePoints } from './vocab';

/** The presets of the training panel. */
export type TaskId = 'hello' | 'rhyme' | 'sine' | 'echo' | 'parity' | 'own';

/** How a task's inputs are written: characters of a vocabulary, or numbers. */
export type TaskInput = 'text' | 'numbers';

/** A preset: what it is called, what it teaches and the sizes it starts from. */
export interface TaskPreset {
  /** Stable id. */
  id: TaskId;
  /** Name shown in the task list. */
  name: string;
  /** One sentence on what the task teaches. */
  teaches: string;
  /** How its inputs are written (text tasks feed characters, series tasks numbers). */
  input: TaskInput;
  /** H of a model built for the task. */
  hiddenSize: number;
  /** Optimizer steps of one run. */
  steps: number;
  /** Adam learning rate that trains it in `steps`. */
  lr: number;
  /** Training text of a text preset (editable), else ''. */
  text: string;
}

/** The nursery rhyme preset's text, in the default vocabulary. */
export const RHYME = 'twinkle twinkle little star, how i wonder what you are.';

/** Echo delay k of the delayed-echo preset, in steps. */
export const ECHO_DELAY = 3;

/** Sizes of the generated tasks: sequences n and steps T. */
export const TASK_SIZES = { sine: { n: 4, T: 50, period: 20 }, echo: { n: 32, T: 20 }, parity: { n: 32, T: 10 } } as const;

/** Every preset, in the order of the task list. */
export const TASK_PRESETS: readonly TaskPreset[] = [
  { id: 'hello', name: '“hello world”', input: 'text', hiddenSize: 8, steps: 300, lr: 0.02, text: 'hello world',
    teaches: 'Next-character prediction: after “l” comes “l”, “o” or “d”, so the state must remember where in the word it is.' },
  { id: 'rhyme', name: 'Nursery rhyme', input: 'text', hiddenSize: 24, steps: 800, lr: 0.02, text: RHYME,
    teaches: 'A longer text: the state has to carry which word and which line it is in to tell repeated letters apart.' },
  { id: 'sine', name: 'Sine forecast', input: 'numbers', hiddenSize: 8, steps: 400, lr: 0.01, text: '',
    teaches: 'One-step-ahead forecasting of a wave; free-running then feeds each forecast back in, so errors compound.' },
  { id: 'echo', name: `Delayed echo (k = ${ECHO_DELAY})`, input: 'text', hiddenSize: 16, steps: 600, lr: 0.01, text: '',
    teaches: `Repeat each input bit ${ECHO_DELAY} steps later: the answer is not in the input any more, only in memory.` },
  { id: 'parity', name: 'Running parity', input: 'text', hiddenSize: 16, steps: 1500, lr: 0.01, text: '',
    teaches: 'Is the count of ones so far odd? One bit of memory that every input flips, never forgets and cannot read off the last step.' },
  { id: 'own', name: 'Your own input', input: 'text', hiddenSize: 16, steps: 500, lr: 0.01, text: '',
    teaches: 'The text or numbers in the input box, each step predicting the next: whatever you type becomes the lesson.' },
];

/** The preset with an id. */
export function presetOf(id: TaskId): TaskPreset {
  const p = TASK_PRESETS.find((t) => t.id === id);
  if (!p) throw new EngineError(`Unknown task "${String(id)}".`);
  return p;
}

/** The data of one task: a batch with its targets, and the model shapes it needs. */
export interface TaskData {
  /** The inputs: x [n, T, D] float32 (one-hot rows for text), lengths when sequences differ. */
  batch: Batch;
  /** Class ids [n, T] (IGNORE_INDEX where there is no target) or values [n, T, O]. */
  targets: Targets;
  /** Token list the one-hot inputs index; empty for numbers. */
  vocabulary: string[];
  /** D. */
  inputSize: number;
  /** O. */
  outputSize: number;
  /** Output activation the targets are shaped for (softmax: classes; identity: values). */
  outputActivation: OutputActivation;
  /** A sample of the inputs as the input editor writes them, for the views. */
  example: string;
}

/** The vocabulary of the bit tasks. */
export const BITS: readonly string[] = ['0', '1'];

function oneHotInto(x: Float32Array, offset: number, id: number, V: number): void {
  x.fill(0, offset, offset + V);
  x[offset + id] = 1;
}

/**
 * Next-character prediction: each non-empty line of `text` is one sequence, x_t = one-hot(c_t), target c_{t+1};
 * a line of one character has nothing to predict and is skipped.
 * @throws EngineError naming characters outside the vocabulary, or when no line has two characters.
 */
export function nextCharTask(text: string, vocabulary: readonly string[] = DEFAULT_VOCABULARY): TaskData {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => toCodePoints(l).length >= 2);
  if (lines.length === 0) throw new EngineError('The training text needs a line of at least two characters.');
  const ids = lines.map((l) => encodeText(l, vocabulary));
  const V = vocabulary.length, n = ids.length;
  const lengths = Int32Array.from(ids, (s) => s.length - 1);
  const T = Math.max(...lengths);
  const x = new Float32Array(n * T * V);
  const classes = new Int32Array(n * T).fill(IGNORE_INDEX);
  ids.forEach((s, b) => {
    for (let t = 0; t < s.length - 1; t++) {
      oneHotInto(x, (b * T + t) * V, s[t], V);
      classes[b * T + t] = s[t + 1];
    }
  });
  return {
    batch: { n, T, x, tokens: null, lengths: n > 1 ? lengths : null, h0: null, c0: null },
    targets: { kind: 'classes', classes }, vocabulary: [...vocabulary], inputSize: V, outputSize: V, outputActivation: 'softmax',
    example: lines.join('\n'),
  };
}

/** n sequences of T + 1 samples of sin(2π·t / period + φ), φ seeded: inputs steps 0..T−1, targets steps 1..T. */
export function sineTask({ n, T, period, seed }: { n: number; T: number; period: number; seed: number }): TaskData {
  if (!(period >= 2)) throw new EngineError(`The period must be at least 2 steps; got ${period}.`);
  checkSizes(n, T);
  const rng = createRng(seed);
  const x = new Float32Array(n * T), values = new Float32Array(n * T);
  for (let b = 0; b < n; b++) {
    // The first sequence starts at phase 0, so the example shown in the input box is the plain sine.
    const phase = b === 0 ? 0 : 2 * Math.PI * rng.uniform();
    for (let t = 0; t < T; t++) {
      x[b * T + t] = Math.sin((2 * Math.PI * t) / period + phase);
      values[b * T + t] = Math.sin((2 * Math.PI * (t + 1)) / period + phase);
    }
  }
  return {
    batch: { n, T, x, tokens: null, lengths: null, h0: null, c0: null }, targets: { kind: 'values', values },
    vocabulary: [], inputSize: 1, outputSize: 1, outputActivation: 'identity',
    example: Array.from(x.subarray(0, T), (v) => String(Number(v.toFixed(4)))).join('\n'),
  };
}

function checkSizes(n: number, T: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new EngineError(`A task needs 1 to 1024 sequences; got ${n}.`);
  if (!Number.isInteger(T) || T < 1 || T > 2000) throw new EngineError(`A task needs 1 to 2000 steps; got ${T}.`);
}

/** n·T seeded random bits, sequence by sequence. */
function randomBits(n: number, T: number, seed: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length: n * T }, () => (rng.uniform() < 0.5 ? 0 : 1));
}

/** A bit task from its bits and the target rule. */
function bitTask(bits: Int32Array, n: number, T: number, target: (b: number, t: number) => number): TaskData {
  const x = new Float32Array(n * T * 2);
  const classes = new Int32Array(n * T);
  for (let b = 0; b < n; b++) for (let t = 0; t < T; t++) {
    oneHotInto(x, (b * T + t) * 2, bits[b * T + t], 2);
    classes[b * T + t] = target(b, t);
  }
  return {
    batch: { n, T, x, tokens: null, lengths: null, h0: null, c0: null }, targets: { kind: 'classes', classes },
    vocabulary: [...BITS], inputSize: 2, outputSize: 2, outputActivation: 'softmax',
    example: Array.from(bits.subarray(0, T)).join(''),
  };
}

/** Delayed echo: random bits; the target at step t is the bit of step t − k, and steps t < k have none. */
export function echoTask({ n, T, delay, seed }: { n: number; T: number; delay: number; seed: number }): TaskData {
  checkSizes(n, T);
  if (!Number.isInteger(delay) || delay < 0 || delay >= T) throw new EngineError(`The echo delay must be a whole number from 0 to ${T - 1}; got ${delay}.`);
  const bits = randomBits(n, T, seed);
  return bitTask(bits, n, T, (b, t) => (t < delay ? IGNORE_INDEX : bits[b * T + t - delay]));
}

/** Running parity: random bits; the target at step t is (bit_0 + … + bit_t) mod 2. */
export function parityTask({ n, T, seed }: { n: number; T: number; seed: number }): TaskData {
  checkSizes(n, T);
  const bits = randomBits(n, T, seed);
  const parity = new Int32Array(n * T);
  for (let b = 0; b < n; b++) for (let t = 0; t < T; t++) parity[b * T + t] = ((t > 0 ? parity[b * T + t - 1] : 0) + bits[b * T + t]) % 2;
  return bitTask(bits, n, T, (b, t) => parity[b * T + t]);
}

/** Next-row forecasting of a series [T, D]: x_t = row t, target row t + 1 (mean squared error). */
export function nextStepSeriesTask(s: Series): TaskData {
  if (s.T < 2) throw new EngineError('Forecasting needs at least two steps of numbers.');
  const T = s.T - 1, D = s.D;
  return {
    batch: { n: 1, T, x: Float32Array.from(s.values.subarray(0, T * D)), tokens: null, lengths: null, h0: null, c0: null },
    targets: { kind: 'values', values: Float32Array.from(s.values.subarray(D)) },
    vocabulary: [], inputSize: D, outputSize: D, outputActivation: 'identity', example: '',
  };
}

/** Distance within which a forecast counts as right when the targets are values. */
export const VALUE_TOLERANCE = 0.1;

/**
 * The share of targets a trace gets right over the valid steps: for class targets, argmax of the logits equals the
 * target (ignored targets not counted); for value targets, |y − target| ≤ VALUE_TOLERANCE. NaN when nothing counts.
 */
export function accuracyOf(trace: Trace, targets: Targets): number {
  const { n, T, lengths, logits, y } = trace;
  if (!logits || !y) throw new EngineError('This model has no output layer, so it has no accuracy.');
  const O = logits.length / (n * T);
  let right = 0, count = 0;
  for (let b = 0; b < n; b++) for (let t = 0; t < lengths[b]; t++) {
    const row = (b * T + t) * O;
    if (targets.kind === 'classes') {
      const c = targets.classes[b * T + t];
      if (c === IGNORE_INDEX) continue;
      let best = 0;
      for (let o = 1; o < O; o++) if (logits[row + o] > logits[row + best]) best = o;
      count++;
      if (best === c) right++;
    } else {
      for (let o = 0; o < O; o++) {
        count++;
        if (Math.abs(y[row + o] - targets.values[row + o]) <= VALUE_TOLERANCE) right++;
      }
    }
  }
  return count > 0 ? right / count : Number.NaN;
}
