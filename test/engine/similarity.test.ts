import { describe, expect, it } from 'vitest';
import { diffStates, firstDivergence } from '../../src/engine/diff';
import { correlate, rangePattern, rankSimilarUnits, unitSeries } from '../../src/engine/similarity';

/** A [T, H] array from columns (one list per unit). */
function fromColumns(cols: number[][]): Float64Array {
  const T = cols[0].length, H = cols.length;
  const h = new Float64Array(T * H);
  cols.forEach((c, j) => c.forEach((v, t) => { h[t * H + j] = v; }));
  return h;
}

describe('correlate(a, b)', () => {
  it('is 1 for an affine copy, −1 for a flipped one, and matches a hand computation', () => {
    expect(correlate([1, 2, 3, 4], [3, 5, 7, 9])).toBeCloseTo(1, 12);
    expect(correlate([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // a = [1, 2, 3], b = [1, 3, 2]: deviations (−1, 0, 1) and (−1, 1, 0): r = 1 / (√2 · √2) = 0.5.
    expect(correlate([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 12);
  });

  it('is NaN for a constant trace, a single step or a non-finite value', () => {
    expect(correlate([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(correlate([1], [2])).toBeNaN();
    expect(correlate([1, NaN, 3], [1, 2, 3])).toBeNaN();
  });
});

describe('unitSeries and rangePattern', () => {
  it('reads one column of a [T, H] array and marks a 1-based inclusive range, clamped to 1..T', () => {
    const h = fromColumns([[1, 2, 3], [4, 5, 6]]);
    expect(Array.from(unitSeries(h, 3, 2, 1))).toEqual([4, 5, 6]);
    expect(Array.from(rangePattern(5, 2, 3))).toEqual([0, 1, 1, 0, 0]);
    expect(Array.from(rangePattern(3, 0, 9))).toEqual([1, 1, 1]);
  });
});

describe('rankSimilarUnits(h, T, H, unit, from, to, by)', () => {
  // Unit 0 is high at steps 2–3. Unit 1 follows it, unit 2 mirrors it, unit 3 is constant, unit 4 is high at 2 only.
  const cols = [[0, 1, 1, 0, 0], [0.1, 0.9, 0.8, 0.2, 0], [1, 0, 0, 1, 1], [0.5, 0.5, 0.5, 0.5, 0.5], [0, 1, 0, 0, 0]];
  const h = fromColumns(cols);

  it('ranks by correlation with the chosen unit, the undefined ones last, and leaves the unit itself out', () => {
    const r = rankSimilarUnits(h, 5, 5, 0, 2, 3, 'trace');
    expect(r.map((m) => m.unit)).toEqual([1, 4, 2, 3]);
    expect(r[0].r).toBeCloseTo(correlate(cols[0], cols[1]), 12);
    expect(r[2].r).toBeCloseTo(-1, 12);
    expect(r[3].r).toBeNaN();
    expect(r[0].meanIn).toBeCloseTo(0.85, 12);
    expect(r[0].meanOut).toBeCloseTo(0.1, 12);
  });

  it('by pattern, correlates with the range indicator instead (the same as unit 0 here, which is that indicator)', () => {
    const r = rankSimilarUnits(h, 5, 5, 4, 2, 3, 'pattern');
    expect(r[0]).toMatchObject({ unit: 0 });
    expect(r[0].r).toBeCloseTo(1, 12);
    expect(r.at(-1)!.unit).toBe(3);
  });
});

describe('diffStates and firstDivergence', () => {
  it('subtracts over the common steps and finds the first step past ε with its largest unit', () => {
    const a = fromColumns([[0, 0, 0, 0], [0, 0, 0, 0]]);
    const b = fromColumns([[0, 0.01, 0.2, 0.5], [0, -0.02, -0.3, 0]]);
    const d = diffStates(a, 4, b, 3, 2);
    expect(d.T).toBe(3);
    expect(Array.from(d.delta)).toEqual([0, 0, 0.01, -0.02, 0.2, -0.3].map((v) => v - 0));
    expect(d.maxAbs).toBeCloseTo(0.3, 12);
    expect(firstDivergence(d, 0.015)).toEqual({ step: 2, unit: 1, value: -0.02 });
    expect(firstDivergence(d, 0.1)).toEqual({ step: 3, unit: 1, value: -0.3 });
    expect(firstDivergence(d, 1)).toBeNull();
  });

  it('counts NaN as diverged', () => {
    const d = diffStates([0, 0], 2, [0, NaN], 2, 1);
    expect(firstDivergence(d, 1e9)).toMatchObject({ step: 2, unit: 0 });
    expect(d.maxAbs).toBe(0);
  });
});
