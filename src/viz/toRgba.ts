/** Turns a matrix into canvas pixels: pure, so it is tested without a canvas. */
import type { ColorFn } from './scales';

/**
 * Pixels of a rows × cols matrix given as value(row, col), one pixel per cell, row-major RGBA.
 * Cells where `filled(row, col)` is false are transparent (e.g. steps not yet run).
 */
export function toRgba(rows: number, cols: number, value: (r: number, c: number) => number, color: ColorFn,
  filled: (r: number, c: number) => boolean = () => true): Uint8ClampedArray {
  const out = new Uint8ClampedArray(rows * cols * 4);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    if (!filled(r, c)) continue;
    const [R, G, B] = color(value(r, c));
    const o = (r * cols + c) * 4;
    out[o] = R; out[o + 1] = G; out[o + 2] = B; out[o + 3] = 255;
  }
  return out;
}
