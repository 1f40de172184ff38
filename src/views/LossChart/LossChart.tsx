/**
 * The live loss curve of a training run, with its accuracy on a second axis: D3 computes the scales and paths
 * (viz/lossChart.ts), React draws them. One SVG named "Loss curve" whose description states the latest loss.
 */
import { useId, useMemo } from 'react';
import { describeLossCurve, LOSS_CHART_SIZE, lossChartLayout } from '../../viz/lossChart';
import { theme } from '../../viz/theme';

/** Props of LossChart. */
export interface LossChartProps {
  /** Loss of every step of the run so far. */
  losses: ArrayLike<number>;
  /** Accuracy after some steps (0..1). */
  accuracy: readonly { step: number; accuracy: number }[];
  /** Steps the run is heading for: the step axis spans them from the start. */
  maxStep: number;
  /** Log-scale loss axis. */
  log: boolean;
  /** What accuracy means for this task (e.g. "next character right"), shown in the legend. */
  accuracyLabel?: string;
}

const LOSS_COLOR = theme.accent;
const ACC_COLOR = theme.current;

/** The loss (solid, left axis) and accuracy (dashed, right axis) over training steps. */
export function LossChart({ losses, accuracy, maxStep, log, accuracyLabel = 'accuracy' }: LossChartProps) {
  const id = useId();
  const { width, height } = LOSS_CHART_SIZE;
  const layout = useMemo(() => lossChartLayout({ losses, accuracy, maxStep, log }), [losses, accuracy, maxStep, log]);
  const { plot } = layout;
  const bottom = plot.y + plot.height, right = plot.x + plot.width;
  const small = theme.smallFontSize;
  return (
    <svg role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} className="training-loss-chart"
      width={width} height={height} viewBox={`0 0 ${width} ${height}`} fontFamily={theme.font}>
      <title id={`${id}-title`}>Loss curve</title>
      <desc id={`${id}-desc`}>{describeLossCurve(losses, accuracy, maxStep)}</desc>
      <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} fill={theme.paper} stroke={theme.ghost} />
      {layout.yTicks.map((t) => (
        <g key={`y${t.pos}`}>
          <line x1={plot.x} x2={right} y1={t.pos} y2={t.pos} stroke={theme.ghost} strokeWidth={0.75} />
          <text x={plot.x - 6} y={t.pos} dy="0.32em" textAnchor="end" fontSize={small} fill={theme.ink}>{t.label}</text>
        </g>
      ))}
      {layout.xTicks.map((t) => (
        <g key={`x${t.pos}`}>
          <line x1={t.pos} x2={t.pos} y1={bottom} y2={bottom + 5} stroke={theme.ink} />
          <text x={t.pos} y={bottom + 18} textAnchor="middle" fontSize={small} fill={theme.ink}>{t.label}</text>
        </g>
      ))}
      {layout.accuracyTicks.map((t) => (
        <text key={`a${t.pos}`} x={right + 6} y={t.pos} dy="0.32em" fontSize={small} fill={ACC_COLOR}>{t.label}</text>
      ))}
      <line x1={plot.x} x2={right} y1={bottom} y2={bottom} stroke={theme.ink} />
      <line x1={plot.x} x2={plot.x} y1={plot.y} y2={bottom} stroke={theme.ink} />
      <text x={plot.x + plot.width / 2} y={height - 8} textAnchor="middle" fontSize={small} fill={theme.ink}>training step</text>
      <text transform={`translate(16, ${plot.y + plot.height / 2}) rotate(-90)`} textAnchor="middle" fontSize={small} fill={LOSS_COLOR}>
        {log ? 'loss (log scale)' : 'loss'}
      </text>
      <text transform={`translate(${width - 10}, ${plot.y + plot.height / 2}) rotate(90)`} textAnchor="middle" fontSize={small} fill={ACC_COLOR}>accuracy</text>
      {layout.accuracyPath && <path d={layout.accuracyPath} fill="none" stroke={ACC_COLOR} strokeWidth={2} strokeDasharray="6 4" />}
      {layout.lossPath && <path d={layout.lossPath} fill="none" stroke={LOSS_COLOR} strokeWidth={2.25} strokeLinejoin="round" />}
      {layout.latest && <circle cx={layout.latest.x} cy={layout.latest.y} r={4} fill={LOSS_COLOR} />}
      {!layout.lossPath && (
        <text x={plot.x + plot.width / 2} y={plot.y + plot.height / 2} textAnchor="middle" fontSize={theme.fontSize} fill={theme.muted}>
          Press Train to draw the loss curve.
        </text>
      )}
      <g transform={`translate(${plot.x}, 12)`} fontSize={small}>
        <line x1={0} x2={24} y1={0} y2={0} stroke={LOSS_COLOR} strokeWidth={2.25} />
        <text x={30} y={0} dy="0.32em" fill={theme.ink}>loss (left axis)</text>
        <line x1={160} x2={184} y1={0} y2={0} stroke={ACC_COLOR} strokeWidth={2} strokeDasharray="6 4" />
        <text x={190} y={0} dy="0.32em" fill={theme.ink}>{`${accuracyLabel} (right axis)`}</text>
      </g>
    </svg>
  );
}
