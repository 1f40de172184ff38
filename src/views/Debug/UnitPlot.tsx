/**
 * Per-unit line plots: h_t,j over t of the shown layer and sample for the units the user ticks (the selected unit by
 * default), with the current step marked. React draws every element; d3 computes the scales and paths
 * (viz/logChart.ts). Each line has its own colour (Okabe–Ito) and dash pattern; the <desc> is the text alternative.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AppState } from '../../store/types';
import { useAppStore } from '../../store/useAppStore';
import { chartScales, seriesPath, type ChartBox } from '../../viz/logChart';
import { theme } from '../../viz/theme';
import { useDeferredStep, useDeferredStore } from '../useDeferredStep';

/** Okabe & Ito's colour-blind-safe colours (without yellow and black, which fade on white or dark panels). */
export const UNIT_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'] as const;
/** Dash patterns; with six colours they repeat only after twelve lines. */
export const UNIT_DASHES = ['', '7 4', '2 3', '10 3 2 3'] as const;

const BOX: ChartBox = { width: 520, height: 250, margin: { top: 16, right: 16, bottom: 42, left: 52 } };

/** Two significant digits, for sentences. */
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : String(v));

/** The run plotted, read in a transition. */
const selectRun = (s: AppState) => ({ trace: s.trace, layer: s.layer, tokens: s.tokens, H: s.model?.config.hiddenSize ?? 0 });

/** The unit checkboxes and the plot. */
export function UnitPlot() {
  const step = useDeferredStep();
  const { trace, layer, tokens, H } = useDeferredStore(selectRun);
  // The unit checkboxes are the panel's own inputs: read in step with their events.
  const { selected, chosen } = useAppStore(useShallow((s) => ({ selected: s.selectedUnit, chosen: s.plotUnits })));
  const setPlotUnits = useAppStore((s) => s.setPlotUnits);
  const units = useMemo(() => (chosen ?? [selected]).filter((j) => j < H), [chosen, selected, H]);
  const lt = trace?.layers[layer];
  const T = lt ? Math.min(tokens.length, trace!.T) : 0;
  // The series and their range change with the trace, not with the step: a step redraws only the step's mark.
  const { series, lo, hi } = useMemo(() => {
    const lines = units.map((j) => {
      const values = new Float64Array(T);
      for (let t = 0; t < T; t++) values[t] = lt!.h[t * H + j];
      return { unit: j, values };
    });
    let min = -1, max = 1;
    for (const s of lines) for (const v of s.values) if (Number.isFinite(v)) { min = Math.min(min, v); max = Math.max(max, v); }
    return { series: lines, lo: min, hi: max };
  }, [units, T, lt, H]);
  const { x, y } = useMemo(() => chartScales(BOX, T, [lo, hi], false), [T, lo, hi]);
  // The lines' paths, built once per trace and choice of units (a step moves only the step's mark).
  const paths = useMemo(() => series.map((s) => seriesPath(s.values, x, y, false)), [series, x, y]);
  const { width, height, margin: m } = BOX;
  // The checkboxes change with the choice of units, not with the step: the same elements each step, not re-rendered.
  const unitBoxes = useMemo(() => {
    const toggle = (j: number, on: boolean) => setPlotUnits(on ? [...units, j] : units.filter((u) => u !== j));
    return (
      <fieldset className="debug-units">
        <legend>Units to plot</legend>
        {Array.from({ length: H }, (_, j) => (
          <label key={j}>
            <input type="checkbox" checked={units.includes(j)} onChange={(e) => toggle(j, e.currentTarget.checked)} />{` h${j + 1}`}
          </label>
        ))}
        {chosen !== null && <button type="button" onClick={() => setPlotUnits(null)}>Follow the selected unit</button>}
      </fieldset>
    );
  }, [H, units, chosen, setPlotUnits]);
  const description = T === 0 ? 'No input traced yet.'
    : `${series.map((s) => {
      let min = Infinity, max = -Infinity, tMax = 1;
      s.values.forEach((v, t) => { if (v > max) { max = v; tMax = t + 1; } min = Math.min(min, v); });
      return `h${s.unit + 1} runs from ${fmt(min)} to ${fmt(max)} (highest at t = ${tMax})${step > 0 ? `, ${fmt(s.values[step - 1])} at t = ${step}` : ''}`;
    }).join('; ')}. Layer ${layer + 1}, steps 1 to ${T}.`;
  return (
    <div className="debug-plot">
      {unitBoxes}
      <svg className="debug-chart" role="img" aria-label="Unit plot" viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
        <title>Unit plot</title>
        <desc>{description}</desc>
        <g aria-hidden="true" fontSize={theme.smallFontSize} fill={theme.ink}>
          {y.ticks(5).map((v) => (
            <g key={`y${v}`}>
              <line x1={m.left} x2={width - m.right} y1={y(v)} y2={y(v)} stroke={theme.ghost} strokeWidth={v === 0 ? 1.25 : 0.75} />
              <text x={m.left - 6} y={y(v)} dy="0.32em" textAnchor="end">{String(Number(v.toFixed(2)))}</text>
            </g>
          ))}
          {x.ticks(Math.min(8, Math.max(1, T))).filter(Number.isInteger).map((t) => (
            <text key={`x${t}`} x={x(t)} y={height - m.bottom + 16} textAnchor="middle">{t}</text>
          ))}
          <line x1={m.left} x2={m.left} y1={m.top} y2={height - m.bottom} stroke={theme.ink} />
          <line x1={m.left} x2={width - m.right} y1={height - m.bottom} y2={height - m.bottom} stroke={theme.ink} />
          <text x={(m.left + width - m.right) / 2} y={height - 6} textAnchor="middle">step t</text>
          <text transform={`translate(14, ${(m.top + height - m.bottom) / 2}) rotate(-90)`} textAnchor="middle">{`h_t,j (layer ${layer + 1})`}</text>
          {step > 0 && T > 0 && (
            <g>
              <line x1={x(step)} x2={x(step)} y1={m.top} y2={height - m.bottom} stroke={theme.current} strokeWidth={2} />
              <text x={x(step) + 4} y={m.top + 10} fill={theme.current}>{`t = ${step}`}</text>
            </g>
          )}
          {series.map((s, i) => (
            <path key={s.unit} d={paths[i]} fill="none" stroke={UNIT_COLORS[i % UNIT_COLORS.length]} strokeWidth={2.25}
              strokeDasharray={UNIT_DASHES[i % UNIT_DASHES.length] || undefined} />
          ))}
        </g>
      </svg>
      <ul className="debug-legend" aria-label="Unit plot legend">
        {series.map((s, i) => (
          <li key={s.unit}>
            <svg width={30} height={10} aria-hidden="true">
              <line x1={0} x2={30} y1={5} y2={5} stroke={UNIT_COLORS[i % UNIT_COLORS.length]} strokeWidth={2.5} strokeDasharray={UNIT_DASHES[i % UNIT_DASHES.length] || undefined} />
            </svg>
            {` h${s.unit + 1}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
