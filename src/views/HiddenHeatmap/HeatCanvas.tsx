/**
 * A dense rows × cols grid on one canvas of one pixel per cell, scaled up by CSS without smoothing
 * (image-rendering: pixelated), so cells stay crisp at any size and devicePixelRatio and the bitmap stays small
 * (2000 × 512 cells is 1 M pixels however large the cells are drawn). Pixels come from the pure toRgba.
 * With `followCursor`, only the columns of steps already run are shown: the cursor reaches a clipping box through a
 * store subscription, so a step changes one style and neither re-renders React nor repaints the bitmap.
 */
import { useEffect, useRef } from 'react';
import { useAppStoreApi } from '../../store/useAppStore';
import type { ColorFn } from '../../viz/scales';
import { toRgba, type Cells } from '../../viz/toRgba';

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
  const clip = useRef<HTMLDivElement>(null);
  const store = useAppStoreApi();
  const shownWidth = (step: number) => `${Math.max(0, Math.min(cols, step)) * cellW}px`;

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || rows === 0 || cols === 0) return;
    // Timed for the UI benchmark (test/bench/ui.ts): building the bitmap from the values and painting it.
    const t0 = performance.now();
    canvas.width = cols;
    canvas.height = rows;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(toRgba(rows, cols, value, color) as Uint8ClampedArray<ArrayBuffer>, cols, rows), 0, 0);
    performance.measure('heatmap-draw', { start: t0, detail: { rows, cols } });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, rows, cols]);

  useEffect(() => {
    if (!followCursor) return;
    const box = clip.current;
    if (!box) return;
    box.style.width = shownWidth(store.getState().step);
    return store.subscribe((s, prev) => { if (s.step !== prev.step) box.style.width = shownWidth(s.step); });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [followCursor, store, cols, cellW]);

  const width = cols * cellW, height = rows * cellH;
  return (
    <div ref={clip} style={{ width: followCursor ? shownWidth(store.getState().step) : width, height, overflow: 'hidden' }}>
      <canvas ref={ref} aria-hidden="true" style={{ width, height, display: 'block', imageRendering: 'pixelated' }} />
    </div>
  );
}
