/** Turns a matrix into canvas pixels: pure, so it is tested without a canvas. */
import { packedOf, type ColorFn, type PackedScale } from './scales';

/** A matrix laid out in a flat array: the value at (r, c) is data[offset + r·rowStride + c·colStride]. */
export interface Grid {
  data: ArrayLike<number>;
  offset: number;
  rowStride: number;
  colStride: number;
}

/** The cells of a matrix: a function of (row, col), or a Grid (read directly, much faster over a million cells). */
export type Cells = ((r: number, c: number) => number) | Grid;

/** The grid of a trace quantity stored step by step: at step c, `rows` values from offset + c·stride. */
export function stepGrid(data: ArrayLike<number>, rows: number, offset = 0, stride = rows): Grid {
  return { data, offset, rowStride: 1, colStride: stride };
}

/** The value function of some cells. */
export function valueOf(cells: Cells): (r: number, c: number) => number {
  if (typeof cells === 'function') return cells;
  const { data, offset, rowStride, colStride } = cells;
  return (r, c) => data[offset + r * rowStride + c * colStride];
}

/**
 * Pixels of a rows × cols matrix, one pixel per cell, row-major RGBA.
 * Cells where `filled(row, col)` is false are transparent (e.g. steps not yet run).
 */
export function toRgba(rows: number, cols: number, cells: Cells, color: ColorFn,
  filled?: (r: number, c: number) => boolean): Uint8ClampedArray {
  const out = new Uint8ClampedArray(rows * cols * 4);
  const packed = packedOf(color);
  if (packed && filled === undefined && typeof cells !== 'function') {
    gridPixels(new Uint32Array(out.buffer), rows, cols, cells, packed);
    return out;
  }
  const value = valueOf(cells);
  if (packed && filled === undefined) {
    // As gridPixels, through a call per cell (small grids: strips, weights; traces come as a Grid).
    const px = new Uint32Array(out.buffer);
    const { packed: lut, a, b, invalid } = packed;
    const last = lut.length - 1;
    for (let r = 0; r < rows; r++) {
      for (let c = 0, o = r * cols; c < cols; c++, o++) {
        const v = value(r, c);
        if (v - v !== 0) { px[o] = invalid; continue; } // NaN or ±∞
        const x = (a + b * v) * last;
        px[o] = lut[x <= 0 ? 0 : x >= last ? last : Math.round(x)];
      }
    }
    return out;
  }
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    if (filled && !filled(r, c)) continue;
    const [R, G, B] = color(value(r, c));
    const o = (r * cols + c) * 4;
    out[o] = R; out[o + 1] = G; out[o + 2] = B; out[o + 3] = 255;
  }
  return out;
}

/**
 * The pixels of a grid through a packed scale, read in memory order: one 32-bit write per cell, the index computed
 * inline, the same table entry as the colour function's. Reading a trace (stored step by step) row by row instead
 * jumps through memory at every cell: in Chromium, 2000 × 512 cells took 27 ms that way and 10 ms this way, and
 * through a value function (a call per cell) 30–70 ms.
 */
function gridPixels(px: Uint32Array, rows: number, cols: number, grid: Grid, scale: PackedScale): void {
  const { data, offset, rowStride, colStride } = grid;
  const { packed: lut, a, b, invalid } = scale;
  const last = lut.length - 1;
  const byColumn = Math.abs(colStride) >= Math.abs(rowStride);
  const outer = byColumn ? cols : rows, inner = byColumn ? rows : cols;
  const outerStep = byColumn ? colStride : rowStride, innerStep = byColumn ? rowStride : colStride;
  const outerPx = byColumn ? 1 : cols, innerPx = byColumn ? cols : 1;
  for (let i = 0; i < outer; i++) {
    let k = offset + i * outerStep;
    let o = i * outerPx;
    for (let j = 0; j < inner; j++, k += innerStep, o += innerPx) {
      const v = data[k];
      if (v - v !== 0) { px[o] = invalid; continue; } // NaN or ±∞
      const x = (a + b * v) * last;
      px[o] = lut[x <= 0 ? 0 : x >= last ? last : Math.round(x)];
    }
  }
}

/** Where sliced painting puts its pixels: a 2D canvas context (or a stand-in in tests). */
export interface PixelSink {
  putImageData(image: ImageData, dx: number, dy: number): void;
}

/** Options of paintInSlices. */
export interface SliceOptions {
  /** Runs the next slice later (requestAnimationFrame in the page: one slice per frame). */
  schedule: (next: () => void) => void;
  /** A slice stops taking columns once it has run this long (ms). */
  sliceMs: number;
  /** The clock (performance.now in the page). */
  now: () => number;
  /** Called after each slice with its duration and whether the grid is done. */
  onSlice?: (ms: number, done: boolean) => void;
  /** Makes an ImageData (the page's constructor; tests bring their own). */
  image?: (data: Uint8ClampedArray<ArrayBuffer>, width: number, height: number) => ImageData;
}

/**
 * Paints a rows × cols grid into `sink` column block by column block, left to right, a slice of blocks at a time, so
 * that no slice holds the main thread for much more than `sliceMs` (a 2000 × 512 grid takes 10–17 ms in one go on a
 * loaded 2-core machine). Each block is toRgba of its columns. Returns a function that stops the painting (a newer
 * grid replaces it).
 */
export function paintInSlices(sink: PixelSink, rows: number, cols: number, cells: Cells, color: ColorFn, options: SliceOptions): () => void {
  const { schedule, sliceMs, now, onSlice } = options;
  const image = options.image ?? ((data, w, h) => new ImageData(data, w, h));
  // Blocks of about 8 K cells (a fraction of a millisecond each, a few when the code is not yet optimised).
  const block = Math.max(1, Math.floor(8192 / Math.max(1, rows)));
  let c0 = 0;
  let stopped = false;
  const slice = () => {
    if (stopped) return;
    const t0 = now();
    let elapsed = 0, longest = 0;
    do {
      const c1 = Math.min(cols, c0 + block), w = c1 - c0, from = c0;
      const part: Cells = typeof cells === 'function' ? (r, c) => cells(r, c + from) : { ...cells, offset: cells.offset + from * cells.colStride };
      sink.putImageData(image(toRgba(rows, w, part, color) as Uint8ClampedArray<ArrayBuffer>, w, rows), from, 0);
      c0 = c1;
      const t = now() - t0;
      longest = Math.max(longest, t - elapsed);
      elapsed = t;
      // Another block only when it should still end within the slice (judged by the slowest block so far).
    } while (c0 < cols && elapsed + longest < sliceMs);
    onSlice?.(now() - t0, c0 >= cols);
    if (c0 < cols) schedule(slice);
  };
  slice();
  return () => { stopped = true; };
}
