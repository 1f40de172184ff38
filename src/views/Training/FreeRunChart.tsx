/** Free-running forecast beside the truth: the model reads the first values of the input, then only its own forecasts. */
import { useId, useMemo } from 'react';
import { useAppStore } from '../../store/useAppStore';
import { forecastLayout, type ChartSize } from '../../viz/lossChart';
import { theme } from '../../viz/theme';

const SIZE: ChartSize = { width: 640, height: 220, margin: { top: 28, right: 20, bottom: 40, left: 56 } };

/** The button and the chart (truth solid, forecast dashed, a rule where the forecast runs alone). */
export function FreeRunPanel() {
  const result = useAppStore((s) => s.trainFreeRun);
  const freeRunForecast = useAppStore((s) => s.freeRunForecast);
  const id = useId();
  const layout = useMemo(() => result && forecastLayout({ ...result, size: SIZE }), [result]);
  let mae = Number.NaN;
  if (result) {
    let sum = 0;
    for (let i = 0; i < result.forecast.length; i++) sum += Math.abs(result.forecast[i] - result.truth[result.warmup * result.D + i]);
    mae = sum / result.forecast.length;
  }
  const small = theme.smallFontSize;
  return (
    <div className="training-freerun">
      <button type="button" onClick={() => void freeRunForecast()}>Free-run the forecast</button>
      <p className="note">The model reads the first true values of the Input sequence, then only its own forecasts, so errors compound.</p>
      {result && layout && (
        <svg role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} width={SIZE.width} height={SIZE.height}
          viewBox={`0 0 ${SIZE.width} ${SIZE.height}`} fontFamily={theme.font}>
          <title id={`${id}-title`}>Free-running forecast</title>
          <desc id={`${id}-desc`}>
            {`The truth over ${result.truth.length / result.D} steps and the forecast running on its own from step ${result.warmup}; `
              + `mean absolute error of the free-running steps ${mae.toFixed(3)}.`}
          </desc>
          <rect x={layout.plot.x} y={layout.plot.y} width={layout.plot.width} height={layout.plot.height} fill={theme.paper} stroke={theme.ghost} />
          {layout.yTicks.map((t) => (
            <g key={`y${t.pos}`}>
              <line x1={layout.plot.x} x2={layout.plot.x + layout.plot.width} y1={t.pos} y2={t.pos} stroke={theme.ghost} strokeWidth={0.75} />
              <text x={layout.plot.x - 6} y={t.pos} dy="0.32em" textAnchor="end" fontSize={small} fill={theme.ink}>{t.label}</text>
            </g>
          ))}
          {layout.xTicks.map((t) => (
            <text key={`x${t.pos}`} x={t.pos} y={layout.plot.y + layout.plot.height + 16} textAnchor="middle" fontSize={small} fill={theme.ink}>{t.label}</text>
          ))}
          <text x={layout.plot.x + layout.plot.width / 2} y={SIZE.height - 6} textAnchor="middle" fontSize={small} fill={theme.ink}>step</text>
          <line x1={layout.splitX} x2={layout.splitX} y1={layout.plot.y} y2={layout.plot.y + layout.plot.height} stroke={theme.muted} strokeDasharray="2 3" />
          <text x={layout.splitX + 4} y={layout.plot.y + 12} fontSize={small} fill={theme.muted}>runs alone →</text>
          <path d={layout.truthPath} fill="none" stroke={theme.accent} strokeWidth={2} />
          <path d={layout.forecastPath} fill="none" stroke={theme.current} strokeWidth={2.25} strokeDasharray="6 4" />
          <g transform={`translate(${layout.plot.x}, 12)`} fontSize={small}>
            <line x1={0} x2={24} y1={0} y2={0} stroke={theme.accent} strokeWidth={2} />
            <text x={30} y={0} dy="0.32em" fill={theme.ink}>truth</text>
            <line x1={90} x2={114} y1={0} y2={0} stroke={theme.current} strokeWidth={2.25} strokeDasharray="6 4" />
            <text x={120} y={0} dy="0.32em" fill={theme.ink}>forecast</text>
          </g>
        </svg>
      )}
    </div>
  );
}
