import { describe, expect, it } from 'vitest';
import { DEFAULT_VOCABULARY, initModel } from '../../src/engine/init';
import { IGNORE_INDEX } from '../../src/engine/loss';
import { generateSeries } from '../../src/engine/series';
import {
  accuracyOf, BITS, echoTask, nextCharTask, nextStepSeriesTask, parityTask, presetOf, RHYME, sineTask, TASK_PRESETS,
} from '../../src/engine/tasks';
import type { Trace } from '../../src/engine/types';
import { encodeText } from '../../src/engine/vocab';
import { unroll } from '../../src/engine/unroll';

/** The hot index of each one-hot row of x, [n·T]. */
function hot(x: ArrayLike<number>, D: number): number[] {
  return Array.from({ length: x.length / D }, (_, r) => {
    let k = -1;
    for (let d = 0; d < D; d++) if (x[r * D + d] === 1) k = d;
    return k;
  });
}

describe('TASK_PRESETS', () => {
  it('names every preset once, with a sentence on what it teaches and sizes to start from', () => {
    expect(TASK_PRESETS.map((p) => p.id)).toEqual(['hello', 'rhyme', 'sine', 'echo', 'parity', 'own']);
    for (const p of TASK_PRESETS) {
      expect(p.name.length).toBeGreaterThan(3);
      expect(p.teaches).toMatch(/^[A-Z].*[.:]/);
      expect(p.hiddenSize).toBeGreaterThan(0);
      expect(p.steps).toBeGreaterThan(0);
      expect(p.lr).toBeGreaterThan(0);
    }
    expect(presetOf('hello').text).toBe('hello world');
    expect(presetOf('rhyme').text).toBe(RHYME);
  });

  it('keeps the preset texts inside the default vocabulary', () => {
    expect(() => encodeText(RHYME, DEFAULT_VOCABULARY)).not.toThrow();
  });

  it('refuses an unknown preset', () => {
    expect(() => presetOf('nope' as never)).toThrow('Unknown task "nope".');
  });
});

describe('nextCharTask(text, vocabulary)', () => {
  it('feeds "hello worl" one-hot and asks for "ello world"', () => {
    const d = nextCharTask('hello world');
    const V = DEFAULT_VOCABULARY.length;
    expect(d.batch).toMatchObject({ n: 1, T: 10, lengths: null });
    expect(d.inputSize).toBe(V);
    expect(d.outputSize).toBe(V);
    expect(d.outputActivation).toBe('softmax');
    expect(hot(d.batch.x!, V).map((k) => DEFAULT_VOCABULARY[k]).join('')).toBe('hello worl');
    expect(d.targets.kind === 'classes' && Array.from(d.targets.classes, (k) => DEFAULT_VOCABULARY[k]).join('')).toBe('ello world');
    expect(d.example).toBe('hello world');
  });

  it('makes one sequence per line, pads shorter lines and ignores their padding', () => {
    const d = nextCharTask('abcd\nab\nx', ['a', 'b', 'c', 'd', 'x']);
    expect(d.batch.n).toBe(2); // "x" has nothing to predict
    expect(d.batch.T).toBe(3);
    expect(Array.from(d.batch.lengths!)).toEqual([3, 1]);
    expect(d.targets.kind === 'classes' && Array.from(d.targets.classes)).toEqual([1, 2, 3, 1, IGNORE_INDEX, IGNORE_INDEX]);
  });

  it('names characters outside the vocabulary, and refuses text with nothing to predict', () => {
    expect(() => nextCharTask('Hello')).toThrow('"H"');
    expect(() => nextCharTask('a\n\nb')).toThrow('at least two characters');
  });
});

describe('sineTask({ n, T, period, seed })', () => {
  it('asks for the next value of each sequence; the first starts at phase 0', () => {
    const d = sineTask({ n: 3, T: 30, period: 20, seed: 5 });
    expect(d.batch).toMatchObject({ n: 3, T: 30 });
    const x = d.batch.x!, y = d.targets.kind === 'values' ? d.targets.values : new Float32Array();
    const plain = generateSeries('sine', 31, { period: 20 }).values;
    for (let t = 0; t < 30; t++) expect(x[t]).toBeCloseTo(plain[t], 6);
    for (let b = 0; b < 3; b++) for (let t = 0; t < 29; t++) expect(y[b * 30 + t]).toBe(x[b * 30 + t + 1]);
    expect(d.example.split('\n')).toHaveLength(30);
  });

  it('draws the phases from the seed', () => {
    const a = sineTask({ n: 4, T: 10, period: 8, seed: 1 }).batch.x!;
    expect(sineTask({ n: 4, T: 10, period: 8, seed: 1 }).batch.x).toEqual(a);
    expect(sineTask({ n: 4, T: 10, period: 8, seed: 2 }).batch.x).not.toEqual(a);
  });

  it('refuses sizes out of range', () => {
    expect(() => sineTask({ n: 0, T: 10, period: 8, seed: 1 })).toThrow('1 to 1024 sequences');
    expect(() => sineTask({ n: 1, T: 10, period: 1, seed: 1 })).toThrow('at least 2 steps');
  });
});

describe('echoTask({ n, T, delay, seed }) and parityTask({ n, T, seed })', () => {
  it('echo: the target at t is the input bit of t − k, and the first k steps have none', () => {
    const d = echoTask({ n: 4, T: 12, delay: 3, seed: 9 });
    expect(d.vocabulary).toEqual(BITS);
    const bits = hot(d.batch.x!, 2);
    const c = d.targets.kind === 'classes' ? d.targets.classes : new Int32Array();
    for (let b = 0; b < 4; b++) for (let t = 0; t < 12; t++) expect(c[b * 12 + t]).toBe(t < 3 ? IGNORE_INDEX : bits[b * 12 + t - 3]);
    expect(d.example).toBe(bits.slice(0, 12).join(''));
  });

  it('parity: the target at t is the count of ones in 0..t, mod 2 (hand-worked on the first sequence)', () => {
    const d = parityTask({ n: 2, T: 8, seed: 3 });
    const bits = hot(d.batch.x!, 2).slice(0, 8);
    const c = d.targets.kind === 'classes' ? Array.from(d.targets.classes.subarray(0, 8)) : [];
    let ones = 0;
    expect(c).toEqual(bits.map((bit) => (ones += bit) % 2));
  });

  it('draws the same bits from the same seed, other bits from another', () => {
    expect(parityTask({ n: 2, T: 8, seed: 3 }).batch.x).toEqual(parityTask({ n: 2, T: 8, seed: 3 }).batch.x);
    expect(echoTask({ n: 2, T: 8, delay: 1, seed: 3 }).batch.x).not.toEqual(echoTask({ n: 2, T: 8, delay: 1, seed: 4 }).batch.x);
  });

  it('refuses a delay that leaves nothing to predict', () => {
    expect(() => echoTask({ n: 1, T: 5, delay: 5, seed: 1 })).toThrow('from 0 to 4');
  });
});

describe('nextStepSeriesTask(series)', () => {
  it('reads rows 0..T−2 and asks for rows 1..T−1, every column', () => {
    const d = nextStepSeriesTask({ T: 3, D: 2, values: Float64Array.of(1, 2, 3, 4, 5, 6) });
    expect(d.batch).toMatchObject({ n: 1, T: 2 });
    expect(Array.from(d.batch.x!)).toEqual([1, 2, 3, 4]);
    expect(d.targets.kind === 'values' && Array.from(d.targets.values)).toEqual([3, 4, 5, 6]);
    expect(() => nextStepSeriesTask({ T: 1, D: 1, values: Float64Array.of(1) })).toThrow('at least two steps');
  });
  it('with a target column, reads every column and asks for that column of the next row', () => {
    const d = nextStepSeriesTask({ T: 3, D: 2, values: Float64Array.of(1, 10, 2, 20, 3, 30) }, 1);
    expect(Array.from(d.batch.x!)).toEqual([1, 10, 2, 20]);
    expect(d.targets.kind === 'values' && Array.from(d.targets.values)).toEqual([20, 30]);
    expect(d).toMatchObject({ inputSize: 2, outputSize: 1, outputActivation: 'identity' });
    expect(() => nextStepSeriesTask({ T: 3, D: 2, values: Float64Array.of(1, 10, 2, 20, 3, 30) }, 2)).toThrow('The target is column 3, but the numbers have 2 columns');
  });
});

describe('accuracyOf(trace, targets)', () => {
  const trace = (logits: number[], n: number, T: number, lengths?: number[]): Trace => ({
    n, T, lengths: Int32Array.from(lengths ?? Array(n).fill(T)), layers: [], logits: Float64Array.from(logits), y: Float64Array.from(logits),
  });

  it('counts argmax hits over the valid, non-ignored steps', () => {
    // Two classes; steps: argmax 1 (target 1, hit), argmax 0 (target 1, miss), ignored, past the end.
    const tr = trace([0, 1, 2, 1, 5, 0, 0, 9], 1, 4, [3]);
    expect(accuracyOf(tr, { kind: 'classes', classes: Int32Array.of(1, 1, IGNORE_INDEX, 1) })).toBe(0.5);
  });

  it('counts values within 0.1 of the target, and is NaN when nothing counts', () => {
    const tr = trace([0.5, 0.2], 1, 2);
    expect(accuracyOf(tr, { kind: 'values', values: Float64Array.of(0.55, 0.5) })).toBe(0.5);
    expect(accuracyOf(tr, { kind: 'classes', classes: Int32Array.of(IGNORE_INDEX, IGNORE_INDEX) })).toBeNaN();
  });

  it('agrees with a real forward pass of an untrained model', () => {
    const d = nextCharTask('hello world');
    const m = initModel({ cell: 'rnn', inputSize: d.inputSize, hiddenSize: 4, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: d.outputSize, outputActivation: 'softmax' }, { seed: 1 });
    const a = accuracyOf(unroll(m, d.batch), d.targets);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThanOrEqual(1);
    expect(Number.isInteger(a * 10)).toBe(true); // 10 targets
  });
});
