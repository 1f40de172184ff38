/**
 * A dense rows × cols grid on one canvas of one pixel per cell, scaled up by CSS without smoothing
 * (image-rendering: pixelated), so cells stay crisp at any size and devicePixelRatio and the bitmap stays small
 * (2000 × 512 cells is 1 M pixels however large the cells are drawn). Pixels come from the pure toRgba, painted in
 * slices of columns, one slice per frame (paintInSlices).
 * With `followCursor`, only the columns of steps already run are shown: a curtain in the page's colour covers the
 * rest (StepCurtain), so a step neither re-renders React nor repaints the bitmap.
 */
import { useEffect, useRef } from 'react';
import { useAppStoreApi } from '../../store/useAppStore';
import type { ColorFn } from '../../viz/scales';
import { theme } from '../../viz/theme';
import { paintInSlices, type Cells } from '../../viz/toRgba';

/** A slice of painting stops taking columns after this long (ms): well within a 16 ms frame. */
const SLICE_MS = 6;

/** Props of a heat canvas. */
export interface HeatCanvasProps {
  rows: number;
  cols: number;
  /** The values: a Grid over the trace's own array where possible (a function is called once per cell). */
  value: Cells;
  color: ColorFn;
  cellW: number;
  cellH: number;
  /** Changes whenever the values change (the bitmap is rebuilt then). */
  version: unknown;
  /** Show columns 0..step−1 only, following the store's step cursor. */
  followCursor?: boolean;
}

/** Draws the grid; hidden from assistive tech (the SVG overlay and the table carry the meaning). */
export function HeatCanvas({ rows, cols, value, color, cellW, cellH, version, followCursor = false }: HeatCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || rows === 0 || cols === 0) return;
    const started = performance.now();
    canvas.width = cols;
    canvas.height = rows;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    // In slices of at most about SLICE_MS, one per frame, so that a large grid never holds up a frame. Each slice is
    // timed for the UI benchmark (test/bench/ui.ts), with the time since the new values came when the grid is done.
    // A PerformanceObserver receives each measure; the page's own buffer keeps none, or it would grow with every trace.
    return paintInSlices(ctx, rows, cols, value, color, {
      schedule: (next) => requestAnimationFrame(next), sliceMs: SLICE_MS, now: () => performance.now(),
      onSlice: (ms, done) => {
        performance.measure('heatmap-draw', { start: performance.now() - ms, detail: { rows, cols, done, sinceStart: performance.now() - started } });
        performance.clearMeasures('heatmap-draw');
      },
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, rows, cols]);

  const width = cols * cellW, height = rows * cellH;
  return (
    <div style={{ position: 'relative', width, height, overflow: 'hidden' }}>
      <canvas ref={ref} aria-hidden="true" style={{ width, height, display: 'block', imageRendering: 'pixelated' }} />
      {followCursor && <StepCurtain cols={cols} cellW={cellW} height={height} />}
    </div>
  );
}

/**
 * A box in the page's colour over the columns of the steps not yet run (x from step · cellW to cols · cellW, from
 * the top of its positioned parent, `height` tall), moved by the store's step cursor through a subscription: a step
 * changes one transform on the box's own layer, and neither React nor the paint of what it covers runs again.
 */
export function StepCurtain({ cols, cellW, height, x = 0, y = 0, extra = 0 }: {
  cols: number; cellW: number; height: number; x?: number; y?: number;
  /** Width past the last column still covered (marks whose strokes reach over the grid's edge). */
  extra?: number;
}) {
  const curtain = useRef<HTMLDivElement>(null);
  const store = useAppStoreApi();
  const at = (step: number) => `translateX(${Math.max(0, Math.min(cols, step)) * cellW}px)`;
  useEffect(() => {
    const box = curtain.current;
    if (!box) return;
    box.style.transform = at(store.getState().step);
    return store.subscribe((s, prev) => { if (s.step !== prev.step) box.style.transform = at(s.step); });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, cols, cellW]);
  return (
    <div ref={curtain} className="heat-curtain export-box" aria-hidden="true" data-export-fill="#ffffff" style={{
      position: 'absolute', left: x, top: y, width: cols * cellW + extra, height, background: theme.paper, willChange: 'transform',
      transform: at(store.getState().step), pointerEvents: 'none',
    }} />
  );
}
