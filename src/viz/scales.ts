/**
 * Colour scales. Both are colour-blind safe: a diverging red–blue (ColorBrewer RdBu, listed as colour-blind safe)
 * centred on 0 for states and weights, and viridis for probabilities. Every view that uses one draws its legend.
 */
import { rgb } from 'd3-color';
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

/** A map from a value to an [r, g, b] triple. */
export type ColorFn = (v: number) => [number, number, number];

/** The colour of NaN or ±Infinity: a neutral grey that no finite value takes. */
export const INVALID_RGB: [number, number, number] = [128, 128, 128];

function toTriple(css: string): [number, number, number] {
  const c = rgb(css);
  return [Math.round(c.r), Math.round(c.g), Math.round(c.b)];
}

/** Diverging scale on [−max, max]: negative blue, zero white, positive red. */
export function divergingColor(max: number): ColorFn {
  const m = max > 0 && Number.isFinite(max) ? max : 1;
  return (v) => {
    if (!Number.isFinite(v)) return INVALID_RGB;
    const u = Math.max(-1, Math.min(1, v / m));
    // RdBu runs red (0) → blue (1); flip so that positive values are red.
    return toTriple(interpolateRdBu(0.5 - u / 2));
  };
}

/** Sequential scale on [0, 1] for probabilities (viridis). */
export function probabilityColor(): ColorFn {
  return (v) => (Number.isFinite(v) ? toTriple(interpolateViridis(Math.max(0, Math.min(1, v)))) : INVALID_RGB);
}

/** CSS colour string of a ColorFn value. */
export function cssOf(f: ColorFn, v: number): string {
  const [r, g, b] = f(v);
  return `rgb(${r}, ${g}, ${b})`;
}

/** The largest |v| over values (1 when all are zero or not finite), the symmetric range of a diverging scale. */
export function symmetricMax(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) { const a = Math.abs(values[i]); if (Number.isFinite(a) && a > m) m = a; }
  return m > 0 ? m : 1;
}
