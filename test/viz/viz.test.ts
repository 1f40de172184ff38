import { describe, expect, it } from 'vitest';
import { columnAt, layoutColumn, layoutUnrolled, unrolledGeometry, visibleColumns } from '../../src/viz/layoutUnrolled';
import { outputRule, shapeOf, symbolOf, updateRule } from '../../src/viz/notation';
import { rgb } from 'd3-color';
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import { cssOf, divergingColor, INVALID_RGB, probabilityColor, symmetricMax } from '../../src/viz/scales';
import { paintInSlices, stepGrid, toRgba, valueOf, type Grid } from '../../src/viz/toRgba';
import { nonFiniteCells } from '../../src/views/HiddenHeatmap/NonFiniteMarks';

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

describe('layoutColumn and visibleColumns', () => {
  it('a column is the slice of the full layout at that step', () => {
    const g = unrolledGeometry(6);
    const all = layoutUnrolled(6, 3, g);
    for (const t of [0, 2, 3, 5]) {
      const c = layoutColumn(t, t === 0 ? 'past' : t < 3 ? 'past' : t === 3 ? 'current' : 'future', g);
      expect(c.nodes).toEqual(all.nodes.filter((n) => n.t === t));
      expect(c.edges).toEqual(all.edges.filter((e) => e.t === t));
    }
  });
  it('covers every column that overlaps the viewport, plus the margin, within 0..T', () => {
    const g = unrolledGeometry(2000); // column t at x = 64 + 96·t
    expect(visibleColumns(0, 1000, g, 2000, 0)).toEqual({ from: 0, to: 11 });
    const { from, to } = visibleColumns(96 * 500, 960, g, 2000, 2);
    // Columns 499 (x = 47 968, half inside at the left edge) to 510 (x = 49 024, its left half at the right edge).
    expect(from).toBeLessThanOrEqual(499 - 2);
    expect(to).toBeGreaterThanOrEqual(510 + 2);
    expect(to - from).toBeLessThan(20);
    expect(visibleColumns(96 * 5000, 960, g, 2000, 2)).toEqual({ from: 2000, to: 2000 });
    expect(visibleColumns(0, 1e6, unrolledGeometry(5), 5)).toEqual({ from: 0, to: 5 });
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
    const lum = ([r, g, b]: readonly number[]) => r + g + b;
    expect(lum(p(1))).toBeGreaterThan(lum(p(0)));
  });
  it('the lookup tables stay within one colour level of the d3 schemes, keep NaN and ±∞ grey, and give the same CSS', () => {
    const d = divergingColor(2.5), p = probabilityColor();
    const triple = (css: string) => { const c = rgb(css); return [c.r, c.g, c.b]; };
    for (let i = 0; i <= 400; i++) {
      const v = -3 + (6 * i) / 400;
      const want = triple(interpolateRdBu(0.5 - Math.max(-1, Math.min(1, v / 2.5)) / 2));
      d(v).forEach((x, k) => expect(Math.abs(x - want[k])).toBeLessThanOrEqual(1));
      const u = Math.max(0, Math.min(1, (v + 3) / 6));
      // d3's viridis is itself a ramp of 256 colours, so it is compared at the table's sample point (u to 1/1024).
      const wantP = triple(interpolateViridis(Math.round(u * 1024) / 1024)).map(Math.round);
      expect(p(u)).toEqual(wantP);
      expect(cssOf(d, v)).toBe(`rgb(${d(v).join(', ')})`);
    }
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      expect(d(bad)).toEqual(INVALID_RGB);
      expect(p(bad)).toEqual(INVALID_RGB);
      expect(cssOf(p, bad)).toBe('rgb(128, 128, 128)');
    }
    expect(cssOf((v) => [v, 2, 3], 1)).toBe('rgb(1, 2, 3)');
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
  it('with a scale of scales.ts, writes whole pixels from its table: the same bytes as the colour function, grey for NaN and ±∞', () => {
    const vals = [-2, -0.5, 0, 0.3, 1.7, Number.NaN, Infinity, -Infinity, 1e-9, -1e9, 0.999];
    for (const color of [divergingColor(1.5), probabilityColor()]) {
      const fast = toRgba(vals.length, 3, (r, c) => vals[r] * (c + 1) / 2, color);
      const slow = toRgba(vals.length, 3, (r, c) => vals[r] * (c + 1) / 2, color, () => true);
      expect(Array.from(fast)).toEqual(Array.from(slow));
      expect(Array.from(fast.subarray(5 * 12, 5 * 12 + 4))).toEqual([...INVALID_RGB, 255]);
    }
  });
});

describe('toRgba and nonFiniteCells over a Grid (a trace\'s own array, read in memory order)', () => {
  // A trace of 5 steps of a layer with 3 gates of 4 units each, stored step by step: act[t·12 + g·4 + j].
  const T = 5, G = 3, H = 4;
  const act = Float32Array.from({ length: T * G * H }, (_, i) => Math.sin(i * 1.7) * 2);
  act[2 * G * H + 1 * H + 3] = Number.NaN;
  act[4 * G * H + 1 * H + 0] = -Infinity;
  const grids: [string, Grid, number, number][] = [
    ['gate 1 of a step-major trace', stepGrid(act, H, 1 * H, G * H), H, T],
    ['a row-major matrix (weights)', { data: act, offset: 0, rowStride: T, colStride: 1 }, G * H, T],
    ['a column with an offset and a stride of 1', stepGrid(act, 7, 5), 7, 3],
  ];
  for (const [what, grid, rows, cols] of grids) {
    it(`${what}: the same pixels as the value function, for both scales`, () => {
      const value = valueOf(grid);
      for (const color of [divergingColor(1.5), probabilityColor()]) {
        expect(Array.from(toRgba(rows, cols, grid, color))).toEqual(Array.from(toRgba(rows, cols, value, color)));
        expect(Array.from(toRgba(rows, cols, grid, color))).toEqual(Array.from(toRgba(rows, cols, value, color, () => true)));
      }
      expect(nonFiniteCells(rows, cols, grid)).toEqual(nonFiniteCells(rows, cols, value));
    });
  }
  it('finds the NaN and −∞ of gate 1 at their step and unit', () => {
    expect(nonFiniteCells(H, T, stepGrid(act, H, 1 * H, G * H))).toEqual([{ r: 3, c: 2, v: Number.NaN }, { r: 0, c: 4, v: -Infinity }]);
  });
});

describe('paintInSlices', () => {
  // A grid of 300 steps × 200 units (blocks of 163 columns): painted block by block into a stand-in canvas.
  const rows = 200, cols = 300;
  const data = Float32Array.from({ length: rows * cols }, (_, i) => Math.cos(i * 0.37) * 1.3);
  data[77 * rows + 5] = Number.NaN;
  const color = divergingColor(1.3);
  const whole = toRgba(rows, cols, stepGrid(data, rows), color);
  const paint = (sliceMs: number, cells = stepGrid(data, rows) as Parameters<typeof paintInSlices>[3]) => {
    const canvas = new Uint8ClampedArray(rows * cols * 4);
    const blocks: [number, number][] = [];
    const queue: (() => void)[] = [];
    const slices: boolean[] = [];
    let clock = 0;
    paintInSlices({
      putImageData(img, dx) {
        blocks.push([dx, img.width]);
        for (let r = 0; r < rows; r++) canvas.set(img.data.subarray(r * img.width * 4, (r + 1) * img.width * 4), (r * cols + dx) * 4);
        clock += 4; // each block "takes" 4 ms on this clock
      },
    }, rows, cols, cells, color, {
      schedule: (next) => queue.push(next), sliceMs, now: () => clock, onSlice: (_, done) => slices.push(done),
      image: (d, width, height) => ({ data: d, width, height, colorSpace: 'srgb' }) as ImageData,
    });
    while (queue.length) queue.shift()!();
    return { canvas, blocks, slices };
  };
  it('paints every column once, left to right, the same pixels as one toRgba of the whole grid', () => {
    const { canvas, blocks, slices } = paint(3);
    // Blocks of about 8 K cells: 40 columns of 200 rows.
    expect(blocks).toEqual([0, 40, 80, 120, 160, 200, 240, 280].map((dx) => [dx, Math.min(40, cols - dx)]));
    expect(slices).toEqual([false, false, false, false, false, false, false, true]);
    expect(Array.from(canvas)).toEqual(Array.from(whole));
  });
  it('starts another block in a slice only when it should end within the slice, judged by the slowest block', () => {
    // 4 ms a block, 10 ms a slice: two blocks (8 ms), never a third that would end at 12 ms.
    const { canvas, slices } = paint(10);
    expect(slices).toEqual([false, false, false, true]);
    expect(Array.from(canvas)).toEqual(Array.from(whole));
  });
  it('takes several blocks in one slice while the slice is short, and the same pixels from a value function', () => {
    const { canvas, slices } = paint(100, valueOf(stepGrid(data, rows)));
    expect(slices).toEqual([true]);
    expect(Array.from(canvas)).toEqual(Array.from(whole));
  });
  it('stops when told to (a newer grid replaces it)', () => {
    const queue: (() => void)[] = [];
    const puts: number[] = [];
    const stop = paintInSlices({ putImageData: (_, dx) => { puts.push(dx); } }, rows, cols, stepGrid(data, rows), color, {
      schedule: (next) => queue.push(next), sliceMs: 0, now: () => 0,
      image: (d, width, height) => ({ data: d, width, height, colorSpace: 'srgb' }) as ImageData,
    });
    stop();
    while (queue.length) queue.shift()!();
    expect(puts).toEqual([0]);
  });
});

describe('shapeOf with gate blocks', () => {
  it('stacks G gate blocks in the input and recurrent matrices and the hidden bias', () => {
    expect(shapeOf('input', 'column', { D: 5, H: 3, O: 2, G: 4 })).toBe('4·3×5');
    expect(shapeOf('recurrent', 'row', { D: 5, H: 3, O: 2, G: 3 })).toBe('3×3·3');
    expect(shapeOf('output', 'column', { D: 5, H: 3, O: 2, G: 4 })).toBe('2×3');
  });
});
