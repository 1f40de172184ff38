/**
 * A small line chart of one or more series over t = 1..T, on a log (or linear) y axis: labelled axes, a legend
 * drawn in the chart, optional reference lines, and a text alternative (<title> and <desc>). React draws every
 * element; d3 only computes scales and path strings (viz/logChart.ts).
 */
import { chartScales, decadeDomain, decadeTicks, formatDecade, seriesPath, SERIES_COLORS, SERIES_DASHES, type ChartBox } from '../../viz/logChart';
import { theme } from '../../viz/theme';

/** One line of the chart. */
export interface ChartSeries {
  /** Legend text. */
  name: string;
  /** values[t − 1] for t = 1..T. */
  values: ArrayLike<number>;
}

/** A horizontal reference line, e.g. y = 1 or the chance loss. */
export interface ChartRule {
  /** Its y value. */
  y: number;
  /** Its label. */
  label: string;
  /** Where the label goes: the left or the right end (default), whichever the lines leave free. */
  align?: 'start' | 'end';
}

const BOX: ChartBox = { width: 480, height: 230, margin: { top: 30, right: 16, bottom: 42, left: 62 } };

/** The chart; `title` is its accessible name and `description` its text alternative. */
export function LineChart({ title, description, xLabel, yLabel, series, rules = [], log = true }: {
  title: string; description: string; xLabel: string; yLabel: string; series: ChartSeries[]; rules?: ChartRule[]; log?: boolean;
}) {
  const T = Math.max(0, ...series.map((s) => s.values.length));
  const domain = log ? decadeDomain([...series.map((s) => s.values), rules.map((r) => r.y)]) : [0, Math.max(1e-9, ...series.flatMap((s) => Array.from(s.values).filter(Number.isFinite)))] as [number, number];
  // A reference line on the frame would hide under the axis: give it a decade of room.
  if (log && rules.some((r) => r.y <= domain[0] * 1.001)) domain[0] /= 10;
  if (log && rules.some((r) => r.y >= domain[1] / 1.001)) domain[1] *= 10;
  const { x, y } = chartScales(BOX, T, domain, log);
  const yTicks = log ? decadeTicks(domain) : y.ticks(5);
  const xTicks = x.ticks(6).filter((t) => Number.isInteger(t));
  const { width, height, margin: m } = BOX;
  return (
    <svg className="lab-chart" role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <title>{title}</title>
      <desc>{description}</desc>
      <g aria-hidden="true" fontSize={theme.smallFontSize} fill={theme.ink}>
        {yTicks.map((v) => (
          <g key={`y${v}`}>
            <line x1={m.left} x2={width - m.right} y1={y(v)} y2={y(v)} stroke={theme.ghost} strokeWidth={0.75} />
            <text x={m.left - 6} y={y(v)} dy="0.32em" textAnchor="end">{log ? formatDecade(v) : String(v)}</text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} x={x(t)} y={height - m.bottom + 16} textAnchor="middle">{t}</text>
        ))}
        <line x1={m.left} x2={m.left} y1={m.top} y2={height - m.bottom} stroke={theme.ink} />
        <line x1={m.left} x2={width - m.right} y1={height - m.bottom} y2={height - m.bottom} stroke={theme.ink} />
        <text x={(m.left + width - m.right) / 2} y={height - 6} textAnchor="middle">{xLabel}</text>
        <text transform={`translate(14, ${(m.top + height - m.bottom) / 2}) rotate(-90)`} textAnchor="middle">{yLabel}</text>
        {rules.map((r) => (
          <g key={r.label}>
            <line x1={m.left} x2={width - m.right} y1={y(r.y)} y2={y(r.y)} stroke={theme.muted} strokeDasharray="3 3" />
            <text x={r.align === 'start' ? m.left + 4 : width - m.right - 2} y={y(r.y) - 4} textAnchor={r.align ?? 'end'} fill={theme.muted}>{r.label}</text>
          </g>
        ))}
        {series.map((s, i) => (
          <path key={s.name} d={seriesPath(s.values, x, y, log)} fill="none" stroke={SERIES_COLORS[i % 4]} strokeWidth={2.25} strokeDasharray={SERIES_DASHES[i % 4] || undefined} />
        ))}
        {series.map((s, i) => (
          <g key={`legend-${s.name}`} transform={`translate(${m.left + 8 + i * 150}, 12)`}>
            <line x1={0} x2={26} y1={0} y2={0} stroke={SERIES_COLORS[i % 4]} strokeWidth={2.5} strokeDasharray={SERIES_DASHES[i % 4] || undefined} />
            <text x={32} y={0} dy="0.32em">{s.name}</text>
          </g>
        ))}
      </g>
    </svg>
  );
}
