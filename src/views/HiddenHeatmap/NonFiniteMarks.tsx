/**
 * Marks the cells of a heatmap whose value is NaN or ±Infinity, so they never pass for a colour of the scale: each
 * such cell is hatched and crossed out, labelled NaN, +∞ or −∞ where there is room, and titled for a pointer and
 * for assistive tech. Only the steps already run are marked, as only they are drawn. The marks' drawing loads on
 * first use (NonFiniteDrawing.tsx): most traces have none, and the first view's code stays small.
 */
import type { Cells } from '../../viz/toRgba';
import { lazyPanel } from '../lazyPanel';

/** At most this many cells are marked (the first in step order): enough to see the pattern, bounded DOM. */
export const MAX_MARKS = 400;

/** Extra height under a grid that has marks, for their legend line. */
export const MARKS_LEGEND_HEIGHT = 20;

/** A non-finite cell: row, 0-based step, value. */
export interface NonFiniteCell {
  r: number;
  c: number;
  v: number;
}

/** Props of the marks. */
export interface NonFiniteMarksProps {
  /** The cells to mark (nonFiniteCells of the grid). */
  cells: NonFiniteCell[];
  /** Baseline of the legend line. */
  legendY: number;
  /** Grid origin and cell size, in the SVG's coordinates. */
  left: number;
  top: number;
  cellW: number;
  cellH: number;
  /** Row label prefix, e.g. 'h' (for the titles: h3 at t = 5). */
  prefix: string;
}

/** The short label of a non-finite value. */
export function nonFiniteLabel(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? '+∞' : '−∞';
}

/** The non-finite cells of a grid, in step order, at most MAX_MARKS. */
export function nonFiniteCells(rows: number, cols: number, cells: Cells): NonFiniteCell[] {
  const out: NonFiniteCell[] = [];
  if (typeof cells !== 'function') {
    // Read directly (a trace of a million cells is scanned at every new trace).
    const { data, offset, rowStride, colStride } = cells;
    for (let c = 0; c < cols; c++) for (let r = 0, k = offset + c * colStride; r < rows; r++, k += rowStride) {
      const v = data[k];
      if (v - v !== 0) {
        out.push({ r, c, v });
        if (out.length === MAX_MARKS) return out;
      }
    }
    return out;
  }
  for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) {
    const v = cells(r, c);
    if (!Number.isFinite(v)) {
      out.push({ r, c, v });
      if (out.length === MAX_MARKS) return out;
    }
  }
  return out;
}

/** The hatched, crossed-out cells and a legend line under the grid when there are any (inside a Suspense boundary). */
export const NonFiniteMarks = lazyPanel(() => import('./NonFiniteDrawing').then((m) => m.NonFiniteDrawing));
