/**
 * One units × steps heatmap: canvas cells, SVG axes, the current-step column, the selected-unit row and a legend.
 * Columns fill in as steps run. Interactive ones (the hidden state) let the user pick a unit and a step.
 */
import { Suspense, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import type { ColorFn } from '../../viz/scales';
import { theme } from '../../viz/theme';
import { ColorLegend, showToken } from '../shared';
import type { Cells } from '../../viz/toRgba';
import { HeatCanvas } from './HeatCanvas';
import { MARKS_LEGEND_HEIGHT, NonFiniteMarks, nonFiniteCells } from './NonFiniteMarks';

/** Cell size and margins shared by every step heatmap, so their columns line up; cellW is the widest cell. */
export const GRID = { cellW: 34, cellH: 24, left: 52, top: 26 } as const;

/** The grid stays within this width while cells can narrow (long inputs: 1000 steps give 16 px, 2000 give 8 px). */
export const MAX_GRID_WIDTH = 16_000;
/** The narrowest cell, for the longest inputs. */
export const MIN_CELL_W = 4;
/** Cells at least this wide carry their step's token above the column; narrower ones get step numbers every few. */
export const TOKEN_LABEL_MIN_W = 16;

/** The cell width of every step heatmap for T steps: GRID.cellW, narrower when T steps would not fit in MAX_GRID_WIDTH. */
export function cellWidthFor(T: number): number {
  return Math.max(MIN_CELL_W, Math.min(GRID.cellW, Math.floor(MAX_GRID_WIDTH / Math.max(1, T))));
}

/** Steps between two step-number labels for cells of width cellW: 1, 2, 5, 10, 20, 50, … at least 40 px apart. */
export function labelEvery(cellW: number): number {
  for (let k = 1; ; k *= 10) for (const m of [1, 2, 5]) if (k * m * cellW >= 40) return k * m;
}

/** The labels above the columns: each step's token when cells are wide, else the step number every few steps. */
export function ColumnLabels({ tokens, cellW }: { tokens: string[]; cellW: number }) {
  const { left, top } = GRID;
  if (cellW >= TOKEN_LABEL_MIN_W) {
    return tokens.map((tok, c) => (
      <text key={c} x={left + c * cellW + cellW / 2} y={top - 8} textAnchor="middle" fontSize={tok.length > 3 ? 10 : theme.smallFontSize}
        fontFamily={theme.mono} fill={theme.ink}>{showToken(tok)}</text>
    ));
  }
  const every = labelEvery(cellW);
  return Array.from({ length: Math.floor(tokens.length / every) }, (_, i) => {
    const t = (i + 1) * every;
    return <text key={t} x={left + (t - 0.5) * cellW} y={top - 8} textAnchor="middle" fontSize={theme.smallFontSize} fill={theme.muted}>{`t=${t}`}</text>;
  });
}

/** Props of a step heatmap. */
export interface StepHeatmapProps {
  /** Accessible name, also the SVG title. */
  name: string;
  /** Row label prefix, e.g. 'h' gives h1, h2, … */
  prefix: string;
  /** Rows (units). */
  rows: number;
  /** Value of unit r at 0-based step c: a Grid over the trace's array (stepGrid), or a function. */
  value: Cells;
  /** Colour scale and its range. */
  color: ColorFn;
  min: number;
  max: number;
  legend: string;
  /** Row height (smaller for secondary maps). */
  cellH?: number;
  /** When true, rows and cells can be selected (role="figure"); else the map is a picture (role="img"). */
  interactive?: boolean;
  /** Changes (by identity) whenever the values change, e.g. the trace array they are read from. */
  version: unknown;
}

/** A units × steps heatmap over the current input. */
export function StepHeatmap({ name, prefix, rows, value, color, min, max, legend, cellH = GRID.cellH, interactive = false, version }: StepHeatmapProps) {
  const { tokens, unit } = useAppStore(useShallow((s) => ({ tokens: s.tokens, unit: s.selectedUnit })));
  const selectUnit = useAppStore((s) => s.selectUnit);
  const stepTo = useAppStore((s) => s.stepTo);
  const T = tokens.length;
  const { left, top } = GRID;
  const cellW = cellWidthFor(T);
  // Scanned once per set of values (version), not per step: NaN and ±∞ cells are marked, not just coloured.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const bad = useMemo(() => nonFiniteCells(rows, T, value), [version, rows, T]);
  const width = Math.max(left + T * cellW + 8, left + 300), height = top + rows * cellH + 56 + (bad.length > 0 ? MARKS_LEGEND_HEIGHT : 0);
  return (
    <div className="heatmap-scroll" tabIndex={0} role="region" aria-label={`${name}, scrolls sideways`}>
      <div style={{ position: 'relative', width, height }}>
        <div style={{ position: 'absolute', left, top }}>
          <HeatCanvas rows={rows} cols={T} cellW={cellW} cellH={cellH} color={color} value={value} version={version} followCursor />
        </div>
        <svg role={interactive ? 'figure' : 'img'} aria-label={name} width={width} height={height} style={{ position: 'absolute', left: 0, top: 0 }}>
          <title>{name}</title>
          <CursorDesc name={name} rows={rows} T={T} />
          <ColumnLabels tokens={tokens} cellW={cellW} />
          {Array.from({ length: rows }, (_, r) => (
            <text key={r} x={left - 6} y={top + r * cellH + cellH / 2 + 5} textAnchor="end" fontSize={theme.smallFontSize}
              fontWeight={r === unit ? 700 : 400} fill={theme.ink}
              {...(interactive ? {
                tabIndex: r === unit ? 0 : -1, role: 'button', 'aria-label': `Select unit ${prefix}${r + 1}`, style: { cursor: 'pointer' },
                onClick: () => selectUnit(r),
                onKeyDown: (e: React.KeyboardEvent) => {
                  if (e.key === 'ArrowDown') { e.preventDefault(); selectUnit(r + 1); }
                  if (e.key === 'ArrowUp') { e.preventDefault(); selectUnit(r - 1); }
                },
              } : {})}>{`${prefix}${r + 1}`}</text>
          ))}
          {interactive && (
            <rect x={left} y={top} width={T * cellW} height={rows * cellH} fill="transparent"
              onClick={(e) => {
                const box = e.currentTarget.getBoundingClientRect();
                selectUnit(Math.floor((e.clientY - box.top) / cellH));
                stepTo(Math.floor((e.clientX - box.left) / cellW) + 1);
              }} />
          )}
          {rows > 0 && unit < rows && <rect x={left - 1} y={top + unit * cellH} width={T * cellW + 2} height={cellH} fill="none" stroke={theme.highlight} strokeWidth={2} strokeDasharray="5 3" pointerEvents="none" />}
          <ColorLegend color={color} min={min} max={max} label={legend} x={left} y={top + rows * cellH + 20} width={Math.min(200, Math.max(140, T * cellW))} />
          {bad.length > 0 && <Suspense fallback={null}><NonFiniteMarks cells={bad} prefix={prefix} left={left} top={top} cellW={cellW} cellH={cellH} legendY={top + rows * cellH + 56 + 10} /></Suspense>}
        </svg>
        <CursorColumn rows={rows} cellW={cellW} cellH={cellH} />
      </div>
    </div>
  );
}

/** The description, which says how many steps are filled: it re-renders on a step. */
function CursorDesc({ name, rows, T }: { name: string; rows: number; T: number }) {
  const step = useAppStore((s) => s.step);
  return <desc>{T === 0 ? `${name}: no input yet.` : `${name}: ${rows} units by ${T} steps, ${step} filled.`}</desc>;
}

/**
 * The current-step column's outline, over the grid. An HTML box moved by a transform on its own layer, not a shape
 * in the SVG: moving a shape inside an SVG of thousands of labels made the browser re-check and repaint all of them
 * on every step (about 5 ms at H = 256).
 */
function CursorColumn({ rows, cellW, cellH }: { rows: number; cellW: number; cellH: number }) {
  const step = useAppStore((s) => s.step);
  const { left, top } = GRID;
  if (step <= 0) return null;
  return (
    <div className="heat-cursor export-box" aria-hidden="true" data-export-stroke={theme.current} style={{
      position: 'absolute', left: 0, top: top - 2.5, width: cellW + 3, height: rows * cellH + 5, boxSizing: 'border-box',
      border: `3px solid ${theme.current}`, transform: `translateX(${left + (step - 1) * cellW - 1.5}px)`, pointerEvents: 'none', willChange: 'transform',
    }} />
  );
}
