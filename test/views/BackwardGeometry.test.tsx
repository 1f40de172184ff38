/** The backward pass's room around the unrolled network, and the CSS that keeps its scale, agree. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKWARD_LANES, BACKWARD_TOP, laneY, normRowY } from '../../src/views/UnrolledGraph/backwardGeometry';
import { shortMagnitude } from '../../src/views/UnrolledGraph/BackwardLayer';
import { unrolledGeometry } from '../../src/viz/layoutUnrolled';

describe('backward geometry', () => {
  it('drawings.css scales the backward drawing by (network + top + lanes) / network', () => {
    const g = unrolledGeometry(5);
    const css = readFileSync('src/views/FoldedCell/drawings.css', 'utf8');
    const m = /\.backward-unrolled svg\.unrolled \{ height: calc\(var\(--unrolled-h, (\d+)px\) \* (\d+) \/ (\d+)\); \}/.exec(css);
    expect(m).not.toBeNull();
    expect([Number(m![1]), Number(m![2]), Number(m![3])]).toEqual([g.height, g.height + BACKWARD_TOP + BACKWARD_LANES, g.height]);
  });

  it('puts the ‖∂L/∂h‖ row under the x row and the three lanes under it, all inside the room', () => {
    const g = unrolledGeometry(5);
    expect(normRowY(g)).toBeGreaterThan(g.height);
    expect(laneY(g, 0) - normRowY(g)).toBeGreaterThanOrEqual(18);
    expect(laneY(g, 2) + 8).toBeLessThanOrEqual(g.height + BACKWARD_LANES);
  });

  it('writes magnitudes with two significant digits', () => {
    expect([0.00551, 0.0032, 0.01234, 0, 1.234e-5, 2500].map(shortMagnitude)).toEqual(['0.0055', '0.0032', '0.012', '0', '1.2e-5', '2.5e3']);
  });
});
