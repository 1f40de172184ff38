/** Small drawing pieces shared by the views. */
import { useMemo } from 'react';
import { formatMagnitude } from '../viz/format';
import { toRgba } from '../viz/toRgba';
import type { ColorFn } from '../viz/scales';
import { cssOf, packedOf } from '../viz/scales';
import { theme } from '../viz/theme';

/** A vertical strip of H cells, one per hidden unit, coloured by value; the selected unit is outlined. */
export function StateStrip({ values, x, y, width, height, color, selected, ghost, onSelect }: {
  values: ArrayLike<number> | null; x: number; y: number; width: number; height: number; color: ColorFn; selected?: number; ghost?: boolean;
  /** Called with j when unit j's cell is clicked (the heatmap's unit labels give the keyboard path). */
  onSelect?: (j: number) => void;
}) {
  const H = values?.length ?? 0;
  if (!values || H === 0) {
    return <rect x={x} y={y} width={width} height={height} fill={theme.paper} stroke={theme.ghost} strokeDasharray="4 3" rx={4} />;
  }
  if (height / H < DENSE_CELL_PX) return <DenseStrip values={values} x={x} y={y} width={width} height={height} color={color} selected={selected} ghost={ghost} onSelect={onSelect} />;
  return <RectStrip values={values} x={x} y={y} width={width} height={height} color={color} selected={selected} ghost={ghost} onSelect={onSelect} />;
}

/** Props of a strip with values. */
interface StripProps {
  values: ArrayLike<number>; x: number; y: number; width: number; height: number; color: ColorFn; selected?: number; ghost?: boolean; onSelect?: (j: number) => void;
}

/** A strip as one rectangle per unit, each titled with its value. */
function RectStrip({ values, x, y, width, height, color, selected, ghost, onSelect }: StripProps) {
  const H = values.length;
  const ch = height / H;
  return (
    <g opacity={ghost ? 0.35 : 1}>
      {Array.from({ length: H }, (_, j) => (
        <rect key={j} x={x} y={y + j * ch} width={width} height={ch} fill={cssOf(color, values[j])} stroke="none"
          onClick={onSelect ? (e) => { e.stopPropagation(); onSelect(j); } : undefined} style={onSelect ? { cursor: 'pointer' } : undefined}>
          <title>{`unit ${j + 1}: ${Number(values[j]).toFixed(3)}`}</title>
        </rect>
      ))}
      <rect x={x} y={y} width={width} height={height} fill="none" stroke={theme.ink} strokeWidth={1} rx={2} />
      {selected !== undefined && selected < H && (
        <rect x={x - 2} y={y + selected * ch - 1} width={width + 4} height={ch + 2} fill="none" stroke={theme.highlight} strokeWidth={2.5} />
      )}
    </g>
  );
}

/** Cells thinner than this (px) are drawn as one image, not one rectangle each (H = 256 in a 60 px strip). */
const DENSE_CELL_PX = 2;

/** One canvas and context for every strip image (a new canvas per image costs more than the image). */
let stripCanvas: HTMLCanvasElement | null = null;
let stripContext: CanvasRenderingContext2D | null = null;
/** Strip images already made, per trace buffer (dropped with it): the same step's state is drawn by several views. */
const stripImages = new WeakMap<ArrayBufferLike, Map<string, string>>();
/** A number per colour table, for the cache keys. */
const tableIds = new WeakMap<Uint32Array, number>();
let nextTableId = 0;

/** The cache key of `values` (a view of a trace buffer) drawn in `color`; null when it cannot be cached. */
function stripKey(values: ArrayLike<number>, color: ColorFn): { buffer: ArrayBufferLike; key: string } | null {
  const view = values as Partial<Float32Array>;
  const packed = packedOf(color);
  if (!view.buffer || view.byteOffset === undefined || !packed) return null;
  let id = tableIds.get(packed.packed);
  if (id === undefined) tableIds.set(packed.packed, (id = nextTableId++));
  return { buffer: view.buffer, key: `${view.byteOffset}|${values.length}|${id}|${packed.a}|${packed.b}` };
}
/**
 * The image of a strip: one pixel per unit, as a PNG data URL; null where there is no 2D canvas (jsdom).
 * Trace buffers never change once made (a new trace is a new buffer), so an image is made once per step and scale.
 */
function stripImage(values: ArrayLike<number>, color: ColorFn): string | null {
  const cached = stripKey(values, color);
  const hit = cached && stripImages.get(cached.buffer)?.get(cached.key);
  if (hit) return hit;
  if (!stripCanvas) {
    stripCanvas = document.createElement('canvas');
    stripContext = stripCanvas.getContext('2d');
  }
  if (!stripContext) return null;
  stripCanvas.width = 1; stripCanvas.height = values.length;
  stripContext.putImageData(new ImageData(toRgba(values.length, 1, (r) => values[r], color) as Uint8ClampedArray<ArrayBuffer>, 1, values.length), 0, 0);
  const url = stripCanvas.toDataURL();
  if (cached) {
    let images = stripImages.get(cached.buffer);
    if (!images) stripImages.set(cached.buffer, (images = new Map()));
    images.set(cached.key, url);
  }
  return url;
}

/**
 * A strip of many units in few pixels: one image (scaled without smoothing) instead of a rectangle and a title per
 * unit, which would make each step build hundreds of elements nobody can point at; a click picks the unit under the
 * pointer, and the title says how many units there are and where they are listed by name.
 */
function DenseStrip(props: StripProps) {
  const { values, x, y, width, height, color, selected, ghost, onSelect } = props;
  const H = values.length;
  // The same values come back as new subarrays of the trace on each render: keyed on what they view.
  const buf = values as Partial<Float32Array>;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const href = useMemo(() => stripImage(values, color), [buf.buffer ?? values, buf.byteOffset, H, color]);
  // Without a 2D canvas (jsdom), one rectangle per unit.
  if (!href) return <RectStrip {...props} />;
  const ch = height / H;
  return (
    <g opacity={ghost ? 0.35 : 1}>
      <image href={href} x={x} y={y} width={width} height={height} preserveAspectRatio="none" style={{ imageRendering: 'pixelated' }} />
      <rect x={x} y={y} width={width} height={height} fill="transparent" style={onSelect ? { cursor: 'pointer' } : undefined}
        onClick={onSelect ? (e) => {
          e.stopPropagation();
          const box = e.currentTarget.getBoundingClientRect();
          onSelect(Math.max(0, Math.min(H - 1, Math.floor(((e.clientY - box.top) / Math.max(1, box.height)) * H))));
        } : undefined}>
        <title>{`${H} units, one pixel row each (the heatmap and the table name them)`}</title>
      </rect>
      <rect x={x} y={y} width={width} height={height} fill="none" stroke={theme.ink} strokeWidth={1} rx={2} pointerEvents="none" />
      {selected !== undefined && selected < H && (
        <rect x={x - 2} y={y + selected * ch - 1} width={width + 4} height={ch + 2} fill="none" stroke={theme.highlight} strokeWidth={2.5} pointerEvents="none" />
      )}
    </g>
  );
}

/** An SVG marker for arrow heads; one per SVG, referenced by id. */
export function ArrowMarker({ id, color }: { id: string; color: string }) {
  return (
    <marker id={id} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
      <path d="M 0 0 L 10 5 L 0 10 z" fill={color} />
    </marker>
  );
}

/** A horizontal colour legend for a diverging or sequential scale, with its end and middle values. */
export function ColorLegend({ color, min, max, label, x = 0, y = 0, width = 160 }: {
  color: ColorFn; min: number; max: number; label: string; x?: number; y?: number; width?: number;
}) {
  const steps = 24;
  const mid = (min + max) / 2;
  return (
    <g transform={`translate(${x},${y})`} aria-hidden="true">
      <text x={0} y={-6} fontSize={theme.smallFontSize} fill={theme.ink}>{label}</text>
      {Array.from({ length: steps }, (_, i) => {
        const v = min + ((max - min) * (i + 0.5)) / steps;
        return <rect key={i} x={(i * width) / steps} y={0} width={width / steps + 0.5} height={12} fill={cssOf(color, v)} />;
      })}
      <rect x={0} y={0} width={width} height={12} fill="none" stroke={theme.ink} strokeWidth={0.75} />
      {[min, mid, max].map((v, i) => (
        <text key={i} x={(i * width) / 2} y={26} fontSize={theme.smallFontSize} textAnchor={i === 0 ? 'start' : i === 2 ? 'end' : 'middle'} fill={theme.ink}>
          {legendTick(v)}
        </text>
      ))}
    </g>
  );
}

/** A legend end or middle: whole numbers and ordinary values as they are, huge or tiny ones as 3.4e38 (short). */
export function legendTick(v: number): string {
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e4) return String(v);
  if (a === 0 || (a >= 1e-2 && a < 1e4)) return v.toFixed(2);
  return formatMagnitude(v);
}

/** Display form of a token in a narrow column: a space is shown as ␣, a long token is cut with an ellipsis. */
export function showToken(tok: string | undefined): string {
  if (tok === undefined) return '';
  if (tok === ' ') return '␣';
  // A vector step (several numbers) or a long number: the first few characters, then an ellipsis. The full value
  // is in the narration, the formula panel and the table.
  return tok.length > 5 ? `${tok.slice(0, 4)}…` : tok;
}
