import { describe, expect, it } from 'vitest';
import { formatMagnitude, gradientScale, ZERO_COLOR } from '../../src/viz/gradientScale';

describe('gradientScale(values)', () => {
  it('spans the positive values on a log scale: one decade apart is one equal step', () => {
    const s = gradientScale([Float64Array.of(1e-4, 0, 1e-2), [1]]);
    expect(s.domain).toEqual([1e-4, 1]);
    expect(s.unit(1e-4)).toBeCloseTo(0, 12);
    expect(s.unit(1e-2)).toBeCloseTo(0.5, 12);
    expect(s.unit(1)).toBeCloseTo(1, 12);
    expect(s.ticks).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
  });

  it('draws 0 and non-finite values grey and thin, and larger gradients wider', () => {
    const s = gradientScale([[0.001, 1]]);
    expect(s.unit(0)).toBeNull();
    expect(s.color(0)).toBe(ZERO_COLOR);
    expect(s.color(Number.NaN)).toBe(ZERO_COLOR);
    expect(s.width(1)).toBeGreaterThan(s.width(0.01));
    expect(s.width(0.01)).toBeGreaterThan(s.width(0.001));
    expect(s.color(1)).not.toBe(s.color(0.001));
  });

  it('keeps at most 8 decades below the largest value and at most 5 ticks', () => {
    const s = gradientScale([[1e-30, 10]]);
    expect(s.domain[0]).toBeCloseTo(1e-7, 20);
    expect(s.unit(1e-30)).toBe(0);
    expect(s.ticks.length).toBeLessThanOrEqual(5);
  });

  it('labels the ends of a scale narrower than two decades', () => {
    expect(gradientScale([[0.002, 0.03]]).ticks).toEqual([0.002, 0.01, 0.03]);
    expect(gradientScale([[0.2, 0.3]]).ticks).toEqual([0.2, 0.3]);
  });

  it('gives a usable interval for one value or none', () => {
    expect(gradientScale([[0.5, 0.5]]).domain).toEqual([0.05, 5]);
    expect(gradientScale([[0]]).domain).toEqual([1e-3, 1]);
  });
});

describe('formatMagnitude(v)', () => {
  it('writes 3 significant digits in 0.001..1000 and exponents outside', () => {
    expect(formatMagnitude(0)).toBe('0');
    expect(formatMagnitude(0.012345)).toBe('0.0123');
    expect(formatMagnitude(12.345)).toBe('12.3');
    expect(formatMagnitude(2.345e-5)).toBe('2.3e-5');
    expect(formatMagnitude(12345)).toBe('1.2e4');
  });
});
