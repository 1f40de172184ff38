/**
 * The backward pass drawn over the unrolled network, for the columns already processed (t..T): ∂L/∂o_t entering
 * at the top, Vᵀ·∂L/∂o_t flowing down into h_t, the gradient flowing left along the W edges, a row of ‖∂L/∂h_t‖
 * under the x row (the cursor's column bold with three digits, the others with two, each centred in its column so
 * that neighbours never meet; every mark's title has the value), and one lane per shared matrix collecting each
 * step's piece toward its accumulator at the side.
 * Width and colour follow the gradient's magnitude on a log scale (legend beside the graph).
 */
import type { BackwardTrace } from '../../store/slices/backwardSlice';
import type { UnrolledGeometry } from '../../viz/layoutUnrolled';
import { formatMagnitude, ZERO_COLOR, type GradientScale } from '../../viz/gradientScale';
import { symbolOf, type SymbolSet } from '../../viz/notation';
import { theme } from '../../viz/theme';
import { backwardColumn } from '../Backward/readouts';

import { BACKWARD_LANES, BACKWARD_RIGHT, BACKWARD_TOP, LANES, laneY, normRowY } from './backwardGeometry';

export { BACKWARD_LANES, BACKWARD_RIGHT, BACKWARD_TOP, LANES, laneY } from './backwardGeometry';

/** A magnitude with two significant digits (0.0032, 1.2e-5): short enough for a column's width. */
export function shortMagnitude(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e3) return String(Number(v.toPrecision(2)));
  return v.toExponential(1).replace('e+', 'e');
}

/** A gradient arrow from (x1, y1) to (x2, y2): a line and a head of the same colour, sized by the magnitude. */
function GradArrow({ x1, y1, x2, y2, v, scale, zeroDash = true }: { x1: number; y1: number; x2: number; y2: number; v: number; scale: GradientScale; zeroDash?: boolean }) {
  const color = scale.color(v), w = scale.width(v);
  const len = Math.hypot(x2 - x1, y2 - y1) || 1;
  const ux = (x2 - x1) / len, uy = (y2 - y1) / len;
  const head = 5 + w;
  // The line stops where the head begins, so a wide stroke does not poke through the tip.
  const bx = x2 - ux * head, by = y2 - uy * head;
  const px = -uy * (head / 2 + w / 4), py = ux * (head / 2 + w / 4);
  const zero = scale.unit(v) === null;
  return (
    <g>
      <title>{formatMagnitude(v)}</title>
      <line x1={x1} y1={y1} x2={bx} y2={by} stroke={color} strokeWidth={w} strokeDasharray={zero && zeroDash ? '4 3' : undefined} />
      <polygon points={`${x2},${y2} ${bx + px},${by + py} ${bx - px},${by - py}`} fill={zero ? ZERO_COLOR : color} />
    </g>
  );
}

/** A light band behind the current backward step (drawn before the network). */
export function BackwardBackdrop({ g, t }: { g: UnrolledGeometry; t: number }) {
  const x = g.left + t * g.colWidth;
  return <rect x={x - g.colWidth / 2 + 3} y={-BACKWARD_TOP + 2} width={g.colWidth - 6} height={g.height + BACKWARD_TOP + BACKWARD_LANES - 6} rx={8} fill={theme.currentFill} aria-hidden="true" />;
}

/**
 * The overlays of the backward pass at cursor t (drawn after the network, in its coordinates); with from and to,
 * only the columns from..to (those in view) and the cursor's.
 */
export function BackwardLayer({ g, bw, t, scale, symbols, from = 0, to = Infinity, projector = false }: {
  g: UnrolledGeometry; bw: BackwardTrace; t: number; scale: GradientScale; symbols: SymbolSet; from?: number; to?: number;
  /** Projector mode: one unit larger, so that the page's zoom makes it 18 px. */
  projector?: boolean;
}) {
  const colX = (s: number) => g.left + s * g.colWidth;
  const T = bw.T;
  const inView = (s: number) => s === t || (s >= from && s <= to);
  const done = Array.from({ length: T - t + 1 }, (_, i) => t + i).filter(inView);
  // The smallest type of the drawings: 13 units, 14 in projector mode (18 px under its zoom).
  const small = theme.smallFontSize + (projector ? 1 : 0);
  // The lanes run to the right edge, toward the accumulators beside the graph.
  const end = g.width + BACKWARD_RIGHT;
  return (
    <g className="backward-layer" aria-hidden="true">
      <text x={8} y={normRowY(g)} fontSize={small} fill={theme.ink}>‖∂L/∂h‖</text>
      {LANES.map((role, k) => (
        <g key={role}>
          <text x={8} y={laneY(g, k) + 5} fontSize={small} fill={theme.ink}>{`Δ${symbolOf(role, symbols)}`}</text>
          <line x1={colX(t) - 22} x2={end - 6} y1={laneY(g, k)} y2={laneY(g, k)} stroke={theme.muted} strokeWidth={1.25} />
          <polygon points={`${end - 2},${laneY(g, k)} ${end - 10},${laneY(g, k) - 5} ${end - 10},${laneY(g, k) + 5}`} fill={theme.muted} />
          {Array.from({ length: t - 1 }, (_, i) => (inView(i + 1) && (
            <circle key={i} cx={colX(i + 1)} cy={laneY(g, k)} r={3} fill={theme.paper} stroke={theme.ghost} />
          )))}
        </g>
      ))}
      {done.map((s) => {
        const c = backwardColumn(bw, s);
        const cx = colX(s);
        const current = s === t;
        const pieces = [c.piece.input, c.piece.recurrent, c.piece.output];
        return (
          <g key={s}>
            <GradArrow x1={cx} y1={-BACKWARD_TOP + 8} x2={cx} y2={g.rowY - g.half.y - 3} v={c.dOut} scale={scale} />
            {current && (
              <text x={cx + 8} y={-BACKWARD_TOP + 16} fontSize={small} fontWeight={700} fill={theme.ink}>
                <tspan x={cx + 8}>{c.hasTarget ? `∂L/∂o${s}` : 'no target'}</tspan>
                <tspan x={cx + 8} dy={14}>{formatMagnitude(c.dOut)}</tspan>
              </text>
            )}
            {!current && !c.hasTarget && <text x={cx + 8} y={-BACKWARD_TOP + 16} fontSize={small} fill={theme.muted}>no target</text>}
            <GradArrow x1={cx - 9} y1={g.rowY + g.half.y + 2} x2={cx - 9} y2={g.rowH - g.half.h - 3} v={c.fromAbove} scale={scale} />
            <GradArrow x1={cx - 17} y1={g.rowH + 17} x2={colX(s - 1) + 17} y2={g.rowH + 17} v={c.back} scale={scale} />
            <text x={cx} y={normRowY(g)} textAnchor="middle" fontSize={small} fontWeight={current ? 700 : 400} fill={current ? theme.ink : theme.muted}>
              <title>{`‖∂L/∂h_${s}‖ = ${formatMagnitude(c.dh)}`}</title>
              {current ? formatMagnitude(c.dh) : shortMagnitude(c.dh)}
            </text>
            {pieces.map((v, k) => (
              <circle key={k} cx={cx} cy={laneY(g, k)} r={scale.unit(v) === null ? 3 : 3.5 + 3.5 * scale.unit(v)!} fill={scale.unit(v) === null ? theme.paper : scale.color(v)}
                stroke={scale.unit(v) === null ? ZERO_COLOR : theme.paper} strokeWidth={1}>
                <title>{formatMagnitude(v)}</title>
              </circle>
            ))}
          </g>
        );
      })}
    </g>
  );
}
