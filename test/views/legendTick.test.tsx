import { describe, expect, it } from 'vitest';
import { legendTick } from '../../src/views/shared';

describe('legendTick(v): colour legend labels stay short', () => {
  it('keeps ordinary values as before and shortens huge or tiny ones', () => {
    expect(legendTick(-1)).toBe('-1');
    expect(legendTick(0)).toBe('0');
    expect(legendTick(0.5)).toBe('0.50');
    expect(legendTick(-0.1234)).toBe('-0.12');
    expect(legendTick(1234.5)).toBe('1234.50');
    expect(legendTick(3.4e38)).toBe('3.4e38');
    expect(legendTick(-1e38)).toBe('-1.0e38');
    expect(legendTick(0.00042)).toBe('4.2e-4');
    for (const v of [3.4e38, -3.4e38, 1e-30, 123456789]) expect(legendTick(v).length).toBeLessThanOrEqual(8);
  });
});
