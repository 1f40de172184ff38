/** Small drawing pieces shared by the views. */
import { formatMagnitude } from '../viz/format';
import type { ColorFn } from '../viz/scales';
import { cssOf } from '../viz/scales';
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
