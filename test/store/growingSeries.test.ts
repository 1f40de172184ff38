import { describe, expect, it } from 'vitest';
import { growingSeries } from '../../src/store/slices/trainTask';

const f = (...xs: number[]) => Float64Array.from(xs);

describe('growingSeries()', () => {
  it('appends in order and never changes a view it returned before', () => {
    const g = growingSeries();
    const a = g.append(f(), f(1, 2));
    const b = g.append(a, f(3));
    const views = [a, b];
    let cur = b;
    // Past the first buffer (1024) and through two doublings.
    for (let i = 4; i <= 5000; i++) { cur = g.append(cur, f(i)); if (i % 997 === 0) views.push(cur); }
    expect(Array.from(a)).toEqual([1, 2]);
    expect(Array.from(b)).toEqual([1, 2, 3]);
    expect(Array.from(cur)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    for (const v of views) expect(Array.from(v)).toEqual(Array.from({ length: v.length }, (_, i) => i + 1));
  });

  it('starts from a copy when given a series it did not return last (a reset, or an older view)', () => {
    const g = growingSeries();
    const a = g.append(f(), f(1, 2, 3));
    const b = g.append(a, f(4));
    // An older view appended to again: b must keep its 4.
    const c = g.append(a, f(9));
    expect(Array.from(b)).toEqual([1, 2, 3, 4]);
    expect(Array.from(c)).toEqual([1, 2, 3, 9]);
    // A reset to an empty series.
    expect(Array.from(g.append(f(), f(5)))).toEqual([5]);
    expect(Array.from(c)).toEqual([1, 2, 3, 9]);
  });
});
