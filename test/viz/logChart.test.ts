import { describe, expect, it } from 'vitest';
import { chartScales, decadeDomain, decadeTicks, formatDecade, formatFactor, seriesPath } from '../../src/viz/logChart';

describe('decadeDomain(series)', () => {
  it('covers every positive finite value with whole decades, at least two wide, ignoring 0, NaN and Infinity', () => {
    expect(decadeDomain([[3e-12, 0.5, 0, Number.NaN, Infinity]])).toEqual([1e-12, 1]);
    expect(decadeDomain([[2, 3]])).toEqual([0.1, 100]);
    expect(decadeDomain([[]])).toEqual([0.1, 10]);
  });

  it('stays within normal doubles for 600 decades', () => {
    const [lo, hi] = decadeDomain([[1e-300, 1e300]]);
    expect(lo).toBe(1e-300);
    expect(hi).toBe(1e300);
  });
});

describe('decadeTicks(domain, count)', () => {
  it('gives at most count + 1 evenly spaced decades', () => {
    expect(decadeTicks([1e-3, 1e2])).toEqual([1e-3, 1e-2, 1e-1, 1, 10, 100]);
    const many = decadeTicks([1e-300, 1e300]);
    expect(many.length).toBeLessThanOrEqual(6);
    expect(many[0]).toBe(1e-300);
  });
});

describe('formatDecade(v) and formatFactor(v)', () => {
  it('writes powers of ten with superscripts away from 1, and factors like 3e-12', () => {
    expect([0.1, 1, 10, 100, 1e3, 1e-12].map(formatDecade)).toEqual(['0.1', '1', '10', '100', '10³', '10⁻¹²']);
    expect([3e-12, 4.2e15, 0.27, 12.345, 0, Number.NaN].map(formatFactor)).toEqual(['3e-12', '4e+15', '0.27', '12', '0', 'NaN']);
  });
});

describe('seriesPath(values, x, y, log)', () => {
  it('breaks the line where a log axis cannot show a value', () => {
    const { x, y } = chartScales({ width: 100, height: 100, margin: { top: 0, right: 0, bottom: 0, left: 0 } }, 4, [0.1, 10], true);
    const d = seriesPath([1, 0, 1, 1], x, y, true);
    expect(d.match(/M/g)).toHaveLength(2);
  });
});
