/**
 * The three gradient accumulators, drawn once beside the unrolled graph: ‖Σ_{s≥t} ΔU_s‖, ‖Σ ΔW_s‖, ‖Σ ΔV_s‖ after
 * back-propagating steps T..t (fed by the lanes of every processed column), with the full gradient's norm for
 * comparison, and the legend of the log scale used by every gradient mark.
 */
import type { BackwardTrace } from '../../store/slices/backwardSlice';
import { formatMagnitude, gradientColorAt, ZERO_COLOR, type GradientScale } from '../../viz/gradientScale';
import { symbolOf, type SymbolSet } from '../../viz/notation';
import { theme } from '../../viz/theme';
import { backwardColumn } from '../Backward/readouts';
import { LANES } from './backwardGeometry';

const BAR = 160;

/** The accumulators and the legend, as one named image. */
export function Accumulators({ bw, t, scale, symbols, height, projector = false }: {
  bw: BackwardTrace; t: number; scale: GradientScale; symbols: SymbolSet; height: number;
  /** Projector mode: type one unit larger, so that the page's zoom makes it 18 px. */
  projector?: boolean;
}) {
  const now = backwardColumn(bw, t), full = backwardColumn(bw, 1);
  const sums = [now.partial.input, now.partial.recurrent, now.partial.output];
  const finals = [full.partial.input, full.partial.recurrent, full.partial.output];
  const names = LANES.map((r) => symbolOf(r, symbols));
  const steps = bw.T - t + 1;
  const [lo, hi] = scale.domain;
  const desc = `After back-propagating steps ${bw.T} down to ${t} (${steps} of ${bw.T}): `
    + names.map((n, k) => `‖∂L/∂${n}‖ so far ${formatMagnitude(sums[k])} (full gradient ${formatMagnitude(finals[k])})`).join('; ')
    + `. Gradient marks: width and colour on a log scale from ${formatMagnitude(lo)} to ${formatMagnitude(hi)}, light green small, dark purple large; zero is dashed grey.`;
  const legendY = 24 + 3 * 84 + 18;
  const small = theme.smallFontSize + (projector ? 1 : 0);
  // Wide enough for the longest line (‖Σ ΔW_hh_s, s ≥ 10‖ = …) in the projector's larger type.
  const W = projector ? 270 : 240;
  const svgHeight = Math.max(height, legendY + 72);
  // A viewBox: the page's CSS (drawings.css) scales the image with the screen.
  return (
    <svg role="img" aria-label="Gradient accumulators" viewBox={`0 0 ${W} ${svgHeight}`} width={W} height={svgHeight} className="backward-accumulators">
      <title>Gradient accumulators</title>
      <desc>{desc}</desc>
      <g aria-hidden="true">
        <text x={4} y={16} fontSize={small} fontWeight={700} fill={theme.ink}>{`Accumulated: steps ${bw.T}…${t}`}</text>
        {names.map((n, k) => {
          const y = 24 + k * 84;
          const u = scale.unit(sums[k]);
          return (
            <g key={n} transform={`translate(4,${y})`}>
              <rect x={0} y={0} width={W - 8} height={76} rx={8} fill={theme.paper} stroke={u === null ? ZERO_COLOR : scale.color(sums[k])} strokeWidth={2.5} />
              <text x={10} y={20} fontSize={theme.fontSize} fontWeight={700} fill={theme.ink}>{`∂L/∂${n}`}</text>
              <text x={10} y={40} fontSize={small} fill={theme.ink}>{`‖Σ Δ${n}_s, s ≥ ${t}‖ = ${formatMagnitude(sums[k])}`}</text>
              <rect x={10} y={48} width={BAR} height={8} fill={theme.panel} stroke={theme.ghost} />
              {u !== null && <rect x={10} y={48} width={Math.max(2, BAR * u)} height={8} fill={scale.color(sums[k])} />}
              <text x={10} y={70} fontSize={small} fill={theme.muted}>{`full ‖∂L/∂${n}‖ = ${formatMagnitude(finals[k])}`}</text>
            </g>
          );
        })}
        <g transform={`translate(10,${legendY})`}>
          <text x={0} y={0} fontSize={small} fill={theme.ink}>Gradient magnitude (log)</text>
          {Array.from({ length: 32 }, (_, i) => (
            <rect key={i} x={(i * BAR) / 32} y={8} width={BAR / 32 + 0.5} height={12} fill={gradientColorAt((i + 0.5) / 32)} />
          ))}
          <rect x={0} y={8} width={BAR} height={12} fill="none" stroke={theme.ink} strokeWidth={0.75} />
          {scale.ticks.map((v) => {
            const x = BAR * (scale.unit(v) ?? 0);
            // Labels at the ends stay inside the image.
            const anchor = x < 20 ? 'start' : x > BAR - 20 ? 'end' : 'middle';
            return (
              <g key={v}>
                <line x1={x} x2={x} y1={20} y2={24} stroke={theme.ink} />
                <text x={x} y={40} textAnchor={anchor} fontSize={small} fill={theme.ink}>{formatMagnitude(v)}</text>
              </g>
            );
          })}
          <line x1={0} x2={22} y1={57} y2={57} stroke={ZERO_COLOR} strokeWidth={1.5} strokeDasharray="4 3" />
          <text x={28} y={62} fontSize={small} fill={theme.ink}>zero</text>
        </g>
      </g>
    </svg>
  );
}
