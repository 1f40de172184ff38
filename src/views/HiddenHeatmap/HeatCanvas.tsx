/** A dense rows × cols grid on one canvas, scaled for devicePixelRatio; pixels come from the pure toRgba. */
import { useEffect, useRef } from 'react';
import type { ColorFn } from '../../viz/scales';
import { toRgba } from '../../viz/toRgba';

/** Props of a heat canvas. */
export interface HeatCanvasProps {
  rows: number;
  cols: number;
  value: (r: number, c: number) => number;
  filled: (r: number, c: number) => boolean;
  color: ColorFn;
  cellW: number;
  cellH: number;
  /** Changes whenever the picture must be redrawn. */
  version: unknown;
}

/** Draws the grid; hidden from assistive tech (the SVG overlay and the table carry the meaning). */
export function HeatCanvas({ rows, cols, value, filled, color, cellW, cellH, version }: HeatCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || rows === 0 || cols === 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(cols * cellW * dpr);
    canvas.height = Math.round(rows * cellH * dpr);
    // One pixel per cell, then scaled up without smoothing: crisp cells at any DPR.
    const off = document.createElement('canvas');
    off.width = cols; off.height = rows;
    const octx = off.getContext('2d');
    if (!octx) return;
    octx.putImageData(new ImageData(toRgba(rows, cols, value, color, filled) as Uint8ClampedArray<ArrayBuffer>, cols, rows), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, rows, cols, cellW, cellH]);
  return <canvas ref={ref} aria-hidden="true" style={{ width: cols * cellW, height: rows * cellH, display: 'block' }} />;
}
