/**
 * A dense rows × cols grid on one canvas, scaled for devicePixelRatio; pixels come from the pure toRgba.
 * With `followCursor`, only the columns of steps already run are shown, and the cursor reaches the canvas through a
 * store subscription: stepping repaints from a cached bitmap without re-rendering React.
 */
import { useEffect, useRef } from 'react';
import { useAppStoreApi } from '../../store/useAppStore';
import type { ColorFn } from '../../viz/scales';
import { toRgba } from '../../viz/toRgba';

/** Props of a heat canvas. */
export interface HeatCanvasProps {
  rows: number;
  cols: number;
  value: (r: number, c: number) => number;
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
  const bitmap = useRef<HTMLCanvasElement | null>(null);
  const store = useAppStoreApi();

  const paint = (shownCols: number) => {
    const canvas = ref.current, off = bitmap.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !off) return;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const c = Math.min(cols, shownCols);
    // Source: one pixel per cell; destination scaled without smoothing, so cells stay crisp at any DPR.
    if (c > 0) ctx.drawImage(off, 0, 0, c, rows, 0, 0, (canvas.width * c) / cols, canvas.height);
  };

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || rows === 0 || cols === 0) return;
    // Timed for the UI benchmark (test/bench/ui.ts): building the bitmap from the values and the first paint.
    const t0 = performance.now();
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(cols * cellW * dpr);
    canvas.height = Math.round(rows * cellH * dpr);
    const off = document.createElement('canvas');
    off.width = cols; off.height = rows;
    const octx = off.getContext('2d');
    if (!octx) return;
    octx.putImageData(new ImageData(toRgba(rows, cols, value, color) as Uint8ClampedArray<ArrayBuffer>, cols, rows), 0, 0);
    bitmap.current = off;
    paint(followCursor ? store.getState().step : cols);
    performance.measure('heatmap-draw', { start: t0 });
    if (!followCursor) return;
    return store.subscribe((s, prev) => { if (s.step !== prev.step) paint(s.step); });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, rows, cols, cellW, cellH, followCursor, store]);

  return <canvas ref={ref} aria-hidden="true" style={{ width: cols * cellW, height: rows * cellH, display: 'block' }} />;
}
