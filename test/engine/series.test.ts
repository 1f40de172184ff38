import { describe, expect, it } from 'vitest';
import { formatSeries, generateSeries, parseSeries } from '../../src/engine/series';

describe('generateSeries(kind, T)', () => {
  it('sine: sin(2πt/period), one column', () => {
    const s = generateSeries('sine', 8, { period: 8 });
    expect(s.D).toBe(1);
    expect(s.values[0]).toBe(0);
    expect(s.values[2]).toBeCloseTo(1, 15);
    expect(s.values[6]).toBeCloseTo(-1, 15);
  });
  it('square: +1 then −1 each half period', () => {
    expect(Array.from(generateSeries('square', 6, { period: 4 }).values)).toEqual([1, 1, -1, -1, 1, 1]);
  });
  it('random walk: seeded, starts at 0, the same seed gives the same walk', () => {
    const a = generateSeries('random-walk', 50, { seed: 3 }), b = generateSeries('random-walk', 50, { seed: 3 }), c = generateSeries('random-walk', 50, { seed: 4 });
    expect(a.values[0]).toBe(0);
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(Array.from(a.values)).not.toEqual(Array.from(c.values));
  });
  it('refuses empty or huge lengths', () => {
    expect(() => generateSeries('sine', 0)).toThrow(/1 to 2000 steps/);
    expect(() => generateSeries('sine', 5000)).toThrow(/1 to 2000 steps/);
  });
});

describe('parseSeries(text)', () => {
  it('reads one step per line and CSV columns, skipping a header', () => {
    const s = parseSeries('a,b\n1, 2\n3;4\n\n-5e-1\t.5\n');
    expect(s).toEqual({ T: 3, D: 2, values: Float64Array.from([1, 2, 3, 4, -0.5, 0.5]) });
  });
  it('names the line and the text that is not a number', () => {
    expect(() => parseSeries('1\n2\nx3')).toThrow('Line 3: "x3" is not a number.');
    expect(() => parseSeries('1\nNaN')).toThrow('Line 2: "NaN" is not a number.');
    expect(() => parseSeries('1\nInfinity')).toThrow(/Line 2/);
  });
  it('refuses ragged rows and empty input', () => {
    expect(() => parseSeries('1,2\n3')).toThrow('Line 2 has 1 numbers where the first row has 2.');
    expect(() => parseSeries('  \n')).toThrow(/Type or paste numbers/);
  });
  it('round-trips through formatSeries', () => {
    const s = generateSeries('sine', 30);
    const back = parseSeries(formatSeries(s));
    expect(back.T).toBe(30);
    back.values.forEach((v, i) => expect(Math.abs(v - s.values[i])).toBeLessThanOrEqual(5e-5));
  });
});
