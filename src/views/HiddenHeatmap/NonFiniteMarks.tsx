/**
 * Marks the cells of a heatmap whose value is NaN or ±Infinity, so they never pass for a colour of the scale: each
 * such cell is hatched and crossed out, labelled NaN, +∞ or −∞ where there is room, and titled for a pointer and
 * for assistive tech. Only the steps already run are marked, as only they are drawn.
 */
import { useId } from 'react';
import { useAppStore } from '../../store/useAppStore';
import { theme } from '../../viz/theme';
import type { Cells } from '../../viz/toRgba';

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

/** The hatched, crossed-out cells and a legend line under the grid when there are any. */
export function NonFiniteMarks({ cells, legendY, left, top, cellW, cellH, prefix }: NonFiniteMarksProps) {
  const step = useAppStore((s) => s.step);
  const hatch = `hatch${useId().replace(/:/g, '')}`;
  const shown = cells.filter((k) => k.c < step);
  if (shown.length === 0) return null;
  return (
    <g className="non-finite" pointerEvents="none">
      <defs>
        <pattern id={hatch} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width={6} height={6} fill={theme.nodeFill} />
          <line x1={0} y1={0} x2={0} y2={6} stroke={theme.ink} strokeWidth={2} />
        </pattern>
      </defs>
      {shown.map(({ r, c, v }) => {
        const x = left + c * cellW, y = top + r * cellH;
        return (
          <g key={`${r}:${c}`} data-testid="non-finite-cell">
            <title>{`${prefix}${r + 1} at t = ${c + 1} is ${nonFiniteLabel(v)}`}</title>
            <rect x={x} y={y} width={cellW} height={cellH} fill={`url(#${hatch})`} stroke={theme.ink} strokeWidth={1.5} />
            <line x1={x} y1={y} x2={x + cellW} y2={y + cellH} stroke={theme.ink} strokeWidth={2} />
            <line x1={x + cellW} y1={y} x2={x} y2={y + cellH} stroke={theme.ink} strokeWidth={2} />
            {cellH >= 16 && (
              <text x={x + cellW / 2} y={y + cellH / 2 + 4} textAnchor="middle" fontSize={11} fontWeight={700} fontFamily={theme.mono}
                fill={theme.ink} stroke={theme.nodeFill} strokeWidth={3} paintOrder="stroke">{nonFiniteLabel(v)}</text>
            )}
          </g>
        );
      })}
      <text x={left} y={legendY} fontSize={theme.smallFontSize} fill={theme.ink}>
        {`✕ ${shown.length === MAX_MARKS ? `${MAX_MARKS}+` : shown.length} cell${shown.length > 1 ? 's' : ''} not finite (NaN or ±∞)`}
      </text>
    </g>
  );
}
