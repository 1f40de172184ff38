/**
 * Colour scales. Both are colour-blind safe: a diverging red–blue (ColorBrewer RdBu, listed as colour-blind safe)
 * centred on 0 for states and weights, and viridis for probabilities. Every view that uses one draws its legend.
 * Each scale reads a lookup table of LUT_SIZE colours, built once per colour scheme (the d3 interpolator parses a
 * colour string per entry, far too slow to run per cell of a 2000 × 512 heatmap): a value maps to the nearest entry,
 * at most half an entry (1/2048 of the range) away, below one 8-bit colour level.
 */
import { rgb } from 'd3-color';
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

/** A map from a value to an [r, g, b] triple. The triple may be shared: read it, do not change it. */
export type ColorFn = (v: number) => readonly [number, number, number];

/** The colour of NaN or ±Infinity: a neutral grey that no finite value takes. */
export const INVALID_RGB: [number, number, number] = [128, 128, 128];

/** Entries per lookup table; odd, so that the middle entry is exactly the scheme's midpoint (0 of a diverging scale). */
export const LUT_SIZE = 1025;

/**
 * A scheme sampled at LUT_SIZE evenly spaced points of [0, 1]: the triples, their CSS strings, and the opaque RGBA
 * pixels as one 32-bit word each in the platform's byte order (for a Uint32Array view of ImageData).
 */
interface Lut { rgb: [number, number, number][]; css: string[]; packed: Uint32Array }

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The 32-bit word whose bytes in memory are r, g, b, a. */
export function packRgba(r: number, g: number, b: number, a = 255): number {
  return LITTLE_ENDIAN ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

const luts = new Map<(t: number) => string, Lut>();

function lutOf(interpolate: (t: number) => string): Lut {
  let lut = luts.get(interpolate);
  if (!lut) {
    const rgbs: [number, number, number][] = [], css: string[] = [], packed = new Uint32Array(LUT_SIZE);
    for (let i = 0; i < LUT_SIZE; i++) {
      const c = rgb(interpolate(i / (LUT_SIZE - 1)));
      const t: [number, number, number] = [Math.round(c.r), Math.round(c.g), Math.round(c.b)];
      rgbs.push(t);
      css.push(`rgb(${t[0]}, ${t[1]}, ${t[2]})`);
      packed[i] = packRgba(t[0], t[1], t[2]);
    }
    lut = { rgb: rgbs, css, packed };
    luts.set(interpolate, lut);
  }
  return lut;
}

/** The lookup-table index of u in [0, 1] (clamped); −1 for NaN. */
function indexOf(u: number): number {
  if (Number.isNaN(u)) return -1;
  return Math.round(Math.max(0, Math.min(1, u)) * (LUT_SIZE - 1));
}

const INVALID_CSS = `rgb(${INVALID_RGB[0]}, ${INVALID_RGB[1]}, ${INVALID_RGB[2]})`;
const INVALID_PACKED = packRgba(INVALID_RGB[0], INVALID_RGB[1], INVALID_RGB[2]);
/** CSS strings of the scales made here, so that cssOf does not format a string per cell. */
const cssTables = new WeakMap<ColorFn, (v: number) => string>();
/**
 * A scale made here as its table: the colour of a finite v is packed[round(clamp(a + b·v, 0, 1)·(LUT_SIZE − 1))],
 * of NaN and ±∞ `invalid` (all as packRgba pixels). For loops over a million cells (toRgba).
 */
export interface PackedScale { packed: Uint32Array; a: number; b: number; invalid: number }
const packedTables = new WeakMap<ColorFn, PackedScale>();

/** Scales already made, per scheme and (a, b): the same scale is the same function, so memos keyed on it hold. */
const made = new Map<(t: number) => string, Map<string, ColorFn>>();
/** At most this many scales are kept per scheme (a long training run makes a new range at every trace). */
const MADE_PER_SCHEME = 64;

/** The scale whose colour of v is the scheme at a + b·v (clamped to [0, 1]); one function per (scheme, a, b). */
function scale(interpolate: (t: number) => string, a: number, b: number): ColorFn {
  let byRange = made.get(interpolate);
  if (!byRange) made.set(interpolate, (byRange = new Map()));
  const key = `${a}|${b}`;
  const known = byRange.get(key);
  if (known) return known;
  if (byRange.size >= MADE_PER_SCHEME) byRange.delete(byRange.keys().next().value!);
  const f = makeScale(interpolate, a, b);
  byRange.set(key, f);
  return f;
}

function makeScale(interpolate: (t: number) => string, a: number, b: number): ColorFn {
  const lut = lutOf(interpolate);
  const f: ColorFn = (v) => (Number.isFinite(v) ? lut.rgb[indexOf(a + b * v)] : INVALID_RGB);
  cssTables.set(f, (v) => (Number.isFinite(v) ? lut.css[indexOf(a + b * v)] : INVALID_CSS));
  packedTables.set(f, { packed: lut.packed, a, b, invalid: INVALID_PACKED });
  return f;
}

/** Diverging scale on [−max, max]: negative blue, zero white, positive red. */
export function divergingColor(max: number): ColorFn {
  const m = max > 0 && Number.isFinite(max) ? max : 1;
  // RdBu runs red (0) → blue (1); flip so that positive values are red.
  return scale(interpolateRdBu, 0.5, -1 / (2 * m));
}

/** Sequential scale on [0, 1] for probabilities (viridis). */
export function probabilityColor(): ColorFn {
  return scale(interpolateViridis, 0, 1);
}

/** A scale made here as its table of pixels (PackedScale); undefined for other colour functions. */
export function packedOf(f: ColorFn): PackedScale | undefined {
  return packedTables.get(f);
}

/** CSS colour string of a ColorFn value. */
export function cssOf(f: ColorFn, v: number): string {
  const css = cssTables.get(f);
  if (css) return css(v);
  const [r, g, b] = f(v);
  return `rgb(${r}, ${g}, ${b})`;
}

/** The largest |v| over values (1 when all are zero or not finite), the symmetric range of a diverging scale. */
export function symmetricMax(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) { const a = Math.abs(values[i]); if (Number.isFinite(a) && a > m) m = a; }
  return m > 0 ? m : 1;
}
