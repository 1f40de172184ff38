import { describe, expect, it } from 'vitest';
import { columnAt, layoutUnrolled, unrolledGeometry } from '../../src/viz/layoutUnrolled';
import { outputRule, shapeOf, symbolOf, updateRule } from '../../src/viz/notation';
import { divergingColor, INVALID_RGB, probabilityColor, symmetricMax } from '../../src/viz/scales';
import { toRgba } from '../../src/viz/toRgba';

describe('layoutUnrolled(T, step)', () => {
  it('returns h0 plus x, h, y per step and U, V, W edges per step', () => {
    const { nodes, edges } = layoutUnrolled(4, 2);
    expect(nodes).toHaveLength(1 + 3 * 4);
    expect(edges.filter((e) => e.role === 'recurrent')).toHaveLength(4);
    expect(nodes.filter((n) => n.phase === 'current').map((n) => n.id).sort()).toEqual(['h2', 'x2', 'y2']);
    expect(nodes.find((n) => n.id === 'h3')!.phase).toBe('future');
  });
  it('places column t to the right of column t − 1', () => {
    const { nodes } = layoutUnrolled(3, 0);
    const xs = ['h0', 'h1', 'h2', 'h3'].map((id) => nodes.find((n) => n.id === id)!.cx);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });
});

describe('columnAt(x, g, T, min)', () => {
  it('gives the step whose column is nearest, clamped to min..T', () => {
    const g = unrolledGeometry(5);
    const { nodes } = layoutUnrolled(5, 0, g);
    for (const n of nodes.filter((m) => m.kind === 'h' || m.kind === 'h0')) {
      expect(columnAt(n.cx, g, 5)).toBe(n.t);
      expect(columnAt(n.cx + 0.49 * g.colWidth, g, 5)).toBe(Math.min(5, n.t));
    }
    expect(columnAt(-500, g, 5)).toBe(0);
    expect(columnAt(-500, g, 5, 1)).toBe(1);
    expect(columnAt(1e6, g, 5)).toBe(5);
    expect(columnAt(Number.NaN, g, 5, 1)).toBe(1);
  });
});

describe('notation', () => {
  it('names the same roles in both symbol sets', () => {
    expect(symbolOf('recurrent', 'textbook')).toBe('W');
    expect(symbolOf('recurrent', 'matrix')).toBe('W_hh');
    expect(symbolOf('input', 'matrix')).toBe('W_xh');
  });
  it('transposes shapes in the row form (W_xh = Uᵀ)', () => {
    expect(shapeOf('input', 'column', { D: 5, H: 3, O: 2 })).toBe('3×5');
    expect(shapeOf('input', 'row', { D: 5, H: 3, O: 2 })).toBe('5×3');
    expect(shapeOf('hiddenBias', 'row', { D: 5, H: 3, O: 2 })).toBe('1×3');
  });
  it('writes both forms of the rules', () => {
    expect(updateRule('textbook', 'column')).toBe('h_t = σ(U·x_t + W·h_{t−1} + b)');
    expect(updateRule('matrix', 'row')).toBe('H_t = σ(X_t·W_xh + H_{t−1}·W_hh + b_h)');
    expect(outputRule('matrix', 'row')).toBe('Y_t = O(H_t·W_hy + b_y)');
  });
});

describe('colour scales', () => {
  it('diverging: white at 0, red for positive, blue for negative, grey for NaN', () => {
    const c = divergingColor(1);
    const [r0, g0, b0] = c(0);
    expect(Math.min(r0, g0, b0)).toBeGreaterThan(230); // RdBu's midpoint is #f7f7f7-ish, not pure white
    const [rp, , bp] = c(1);
    expect(rp).toBeGreaterThan(bp);
    const [rn, , bn] = c(-1);
    expect(bn).toBeGreaterThan(rn);
    expect(c(Number.NaN)).toEqual(INVALID_RGB);
  });
  it('probability: dark at 0, bright at 1', () => {
    const p = probabilityColor();
    const lum = ([r, g, b]: number[]) => r + g + b;
    expect(lum(p(1))).toBeGreaterThan(lum(p(0)));
  });
  it('symmetricMax ignores non-finite values and never returns 0', () => {
    expect(symmetricMax([0, -3, 2, Number.NaN])).toBe(3);
    expect(symmetricMax([0, 0])).toBe(1);
  });
});

describe('toRgba(rows, cols, value, color, filled)', () => {
  it('writes one opaque pixel per filled cell, row-major, and leaves others transparent', () => {
    const px = toRgba(2, 3, (r, c) => r * 3 + c, (v) => [v, 10 * v, 0], (_, c) => c < 2);
    expect(px).toHaveLength(2 * 3 * 4);
    expect(Array.from(px.subarray(4, 8))).toEqual([1, 10, 0, 255]);
    expect(Array.from(px.subarray(8, 12))).toEqual([0, 0, 0, 0]);
    expect(Array.from(px.subarray(12, 16))).toEqual([3, 30, 0, 255]);
  });
});

describe('shapeOf with gate blocks', () => {
  it('stacks G gate blocks in the input and recurrent matrices and the hidden bias', () => {
    expect(shapeOf('input', 'column', { D: 5, H: 3, O: 2, G: 4 })).toBe('4·3×5');
    expect(shapeOf('recurrent', 'row', { D: 5, H: 3, O: 2, G: 3 })).toBe('3×3·3');
    expect(shapeOf('output', 'column', { D: 5, H: 3, O: 2, G: 4 })).toBe('2×3');
  });
});
