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
import { DEFAULT_VOCABULARY, IGNORE_INDEX } from './gates';
import { createRng } from './random';
import type { Series } from './series';
import type { Batch, OutputActivation, Targets, Trace } from './types';
import { encodeText, toCodePoints } from './vocab';

export { ECHO_DELAY, presetOf, RHYME, TASK_PRESETS, TASK_SIZES, type TaskId, type TaskInput, type TaskPreset } from './taskPresets';

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
export function nextStepSeriesTask(s: Series, target: number | null = null): TaskData {
  if (s.T < 2) throw new EngineError('Forecasting needs at least two steps of numbers.');
  const T = s.T - 1, D = s.D;
  if (target !== null && !(Number.isInteger(target) && target >= 0 && target < D)) {
    throw new EngineError(`The target is column ${target + 1}, but the numbers have ${D} column${D > 1 ? 's' : ''}: choose another target.`);
  }
  // Every column of the next row, or the chosen column of the next row.
  const values = target === null ? Float32Array.from(s.values.subarray(D)) : Float32Array.from({ length: T }, (_, t) => s.values[(t + 1) * D + target]);
  return {
    batch: { n: 1, T, x: Float32Array.from(s.values.subarray(0, T * D)), tokens: null, lengths: null, h0: null, c0: null },
    targets: { kind: 'values', values },
    vocabulary: [], inputSize: D, outputSize: target === null ? D : 1, outputActivation: 'identity', example: '',
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
