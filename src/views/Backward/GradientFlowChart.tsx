/**
 * ‖∂L/∂h_t‖ and the step Jacobian norm ‖J_t‖₂ over t on a log axis. D3 computes the scales, ticks and paths;
 * React draws them. Zeros have no place on a log axis: they leave a gap, and the description says where.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import type { BackwardTrace } from '../../store/slices/backwardSlice';
import { FLOW_COLORS, formatMagnitude } from '../../viz/gradientScale';
import { theme } from '../../viz/theme';

const M = { left: 64, right: 16, top: 46, bottom: 44 };

/** The series as [t, value] pairs, 1-based t. */
function pairs(a: ArrayLike<number>, T: number): [number, number][] {
  return Array.from({ length: T }, (_, i) => [i + 1, a[i]] as [number, number]);
}

/** A list of numbers for the description: all of them when short, else the ends and the extremes. */
function describe(name: string, a: ArrayLike<number>, T: number): string {
  const vals = Array.from({ length: T }, (_, i) => a[i]);
  if (T <= 30) return `${name} for t = 1 to ${T}: ${vals.map(formatMagnitude).join(', ')}.`;
  const pos = vals.map((v, i) => ({ v, t: i + 1 })).filter((p) => p.v > 0);
  const min = pos.reduce((m, p) => (p.v < m.v ? p : m), pos[0] ?? { v: 0, t: 1 });
  const max = pos.reduce((m, p) => (p.v > m.v ? p : m), pos[0] ?? { v: 0, t: 1 });
  return `${name}: ${formatMagnitude(vals[0])} at t = 1, ${formatMagnitude(vals[T - 1])} at t = ${T}; smallest ${formatMagnitude(min.v)} at t = ${min.t}, largest ${formatMagnitude(max.v)} at t = ${max.t}.`;
}

/** The gradient-flow chart of a backward pass, with the backward cursor t marked. */
export function GradientFlowChart({ bw, t, cell, width = 600, height = 250 }: { bw: BackwardTrace; t: number; cell: string; width?: number; height?: number }) {
  const T = bw.T;
  const dh = pairs(bw.steps.dhNorm, T), jac = pairs(bw.jacobianNorms, T);
  const positive = [...dh, ...jac].map((p) => p[1]).filter((v) => v > 0 && Number.isFinite(v));
  let lo = positive.length ? Math.min(...positive) : 1e-3, hi = positive.length ? Math.max(...positive) : 1;
  if (lo === hi) { lo /= 10; hi *= 10; }
  const x = scaleLinear().domain([1, Math.max(T, 2)]).range([M.left, width - M.right]);
  const y = scaleLog().domain([lo, hi]).range([height - M.bottom, M.top]).nice();
  const path = line<[number, number]>().defined((p) => p[1] > 0 && Number.isFinite(p[1])).x((p) => x(p[0])).y((p) => y(p[1]));
  const [d0, d1] = y.domain();
  const decades = Math.log10(d1) - Math.log10(d0);
  const yTicks = decades >= 2 ? y.ticks().filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9) : y.ticks(4);
  const yShown = yTicks.filter((_, i) => i % Math.ceil(yTicks.length / 6) === 0);
  const xTicks = x.ticks(Math.min(T, 10)).filter((v) => Number.isInteger(v));
  const zeros = dh.filter((p) => p[1] === 0).map((p) => p[0]);
  const jLabel = cell === 'lstm' ? '‖J_t‖₂ of the full state (h, c)' : '‖J_t‖₂ = ‖∂h_t/∂h_{t−1}‖₂';
  const desc = `${describe('‖∂L/∂h_t‖', bw.steps.dhNorm, T)} ${describe('‖J_t‖₂', bw.jacobianNorms, T)}`
    + (zeros.length ? ` ‖∂L/∂h_t‖ is 0 at t = ${zeros.join(', ')} (no target there and nothing after it), left out of the log axis.` : '')
    + ` Backward step t = ${t}.`;
  const dot = T <= 60;
  return (
    <svg role="img" aria-label="Gradient flow" width={width} height={height} className="backward-chart">
      <title>Gradient flow</title>
      <desc>{desc}</desc>
      <g aria-hidden="true">
        {yShown.map((v) => (
          <g key={v} transform={`translate(0,${y(v)})`}>
            <line x1={M.left} x2={width - M.right} stroke={theme.ghost} strokeWidth={0.75} />
            <text x={M.left - 6} y={4} textAnchor="end" fontSize={theme.smallFontSize} fill={theme.ink}>{formatMagnitude(v)}</text>
          </g>
        ))}
        {xTicks.map((v) => (
          <text key={v} x={x(v)} y={height - M.bottom + 16} textAnchor="middle" fontSize={theme.smallFontSize} fill={theme.ink}>{v}</text>
        ))}
        <line x1={M.left} x2={width - M.right} y1={height - M.bottom} y2={height - M.bottom} stroke={theme.ink} />
        <line x1={M.left} x2={M.left} y1={M.top} y2={height - M.bottom} stroke={theme.ink} />
        <text x={(M.left + width - M.right) / 2} y={height - 8} textAnchor="middle" fontSize={theme.smallFontSize} fill={theme.ink}>step t</text>
        <text transform={`translate(14,${(M.top + height - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" fontSize={theme.smallFontSize} fill={theme.ink}>norm (log scale)</text>
        <line x1={x(t)} x2={x(t)} y1={M.top} y2={height - M.bottom} stroke={theme.current} strokeWidth={2} strokeDasharray="4 3" />
        <text x={x(t)} y={M.top - 6} textAnchor="middle" fontSize={theme.smallFontSize} fill={theme.current} fontWeight={700}>{`t = ${t}`}</text>
        <path d={path(jac) ?? ''} fill="none" stroke={FLOW_COLORS.jacobian} strokeWidth={2} strokeDasharray="6 4" />
        <path d={path(dh) ?? ''} fill="none" stroke={FLOW_COLORS.dh} strokeWidth={2.5} />
        {dot && dh.filter((p) => p[1] > 0).map((p) => <circle key={`h${p[0]}`} cx={x(p[0])} cy={y(p[1])} r={p[0] === t ? 5 : 3} fill={FLOW_COLORS.dh} />)}
        {dot && jac.filter((p) => p[1] > 0).map((p) => <rect key={`j${p[0]}`} x={x(p[0]) - 3} y={y(p[1]) - 3} width={6} height={6} fill={FLOW_COLORS.jacobian} />)}
        <g transform={`translate(${M.left},14)`}>
          <line x1={0} x2={22} y1={0} y2={0} stroke={FLOW_COLORS.dh} strokeWidth={2.5} />
          <text x={28} y={4} fontSize={theme.smallFontSize} fill={theme.ink}>‖∂L/∂h_t‖</text>
          <line x1={120} x2={142} y1={0} y2={0} stroke={FLOW_COLORS.jacobian} strokeWidth={2} strokeDasharray="6 4" />
          <text x={148} y={4} fontSize={theme.smallFontSize} fill={theme.ink}>{jLabel}</text>
        </g>
      </g>
    </svg>
  );
}
