/**
 * Pure layout of the training charts: D3 scales and line shapes turn losses, accuracies and series into `d` strings
 * and tick positions; React draws them (views/LossChart, views/Training/FreeRunChart).
 */
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { line } from 'd3-shape';

/** Outer size and margins of a chart, in CSS pixels. */
export interface ChartSize {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** The loss chart's size: room for a left loss axis, a right accuracy axis and a legend on top. */
export const LOSS_CHART_SIZE: ChartSize = { width: 640, height: 280, margin: { top: 34, right: 64, bottom: 46, left: 72 } };

/** A tick: its position along the axis and its label. */
export interface Tick {
  pos: number;
  label: string;
}

/** The plotting area inside the margins. */
export interface PlotArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One point of the loss curve. */
export interface LossPoint {
  /** 1-based step. */
  step: number;
  /** Mean loss of the steps the point stands for. */
  loss: number;
}

/** Everything the loss chart draws. */
export interface LossChartLayout {
  plot: PlotArea;
  /** `d` of the loss line, or null when there is no finite loss yet. */
  lossPath: string | null;
  /** `d` of the accuracy line, or null when there is none. */
  accuracyPath: string | null;
  /** Step axis (bottom). */
  xTicks: Tick[];
  /** Loss axis (left). */
  yTicks: Tick[];
  /** Accuracy axis (right), 0–100 %. */
  accuracyTicks: Tick[];
  /** Where the latest finite loss is drawn, or null. */
  latest: { x: number; y: number } | null;
}

/** A loss for people: 3 significant digits, exponent notation below 0.001. */
export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return Number(v.toPrecision(3)).toString();
}

/**
 * At most `maxPoints` points: consecutive steps are averaged in equal buckets (non-finite losses skipped), so a long
 * run draws as fast as a short one and its noise is smoothed at the chart's resolution.
 */
export function downsampleLosses(losses: ArrayLike<number>, maxPoints: number): LossPoint[] {
  const n = losses.length;
  const per = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const out: LossPoint[] = [];
  for (let start = 0; start < n; start += per) {
    const end = Math.min(n, start + per);
    let sum = 0, count = 0;
    for (let i = start; i < end; i++) if (Number.isFinite(losses[i])) { sum += losses[i]; count++; }
    if (count > 0) out.push({ step: end, loss: sum / count });
  }
  return out;
}

/**
 * The end of the step axis: the whole run when it is short, else about twice the steps done (at least 100), so a run
 * of 100 000 steps does not squeeze its first thousands into the left edge; the axis grows as the run goes on.
 */
export function stepAxisEnd(done: number, target: number): number {
  return Math.max(1, done, Math.min(target, Math.max(100, 2 * done)));
}

/** A log-axis label: 1e-4 rather than 1.00e-4 below 0.001, plain decimals above. */
function logTickLabel(v: number): string {
  return v < 1e-3 ? Number(v.toPrecision(3)).toExponential() : formatLoss(v);
}

/** A y scale over losses: linear from 0, or log from the smallest positive loss. */
function lossScale(points: LossPoint[], log: boolean, range: [number, number]): ScaleContinuousNumeric<number, number> {
  const finite = points.map((p) => p.loss).filter((v) => Number.isFinite(v));
  const hi = finite.length ? Math.max(...finite) : 1;
  if (!log) return scaleLinear().domain([0, hi > 0 ? hi : 1]).range(range).nice(5);
  const positive = finite.filter((v) => v > 0);
  const lo = positive.length ? Math.min(...positive) : 0.01;
  const top = Math.max(hi, lo * 10);
  return scaleLog().domain([lo, top]).range(range).nice().clamp(true);
}

/** Log-axis ticks: powers of ten only when there are enough of them, else d3's own (2, 5 between). */
function logTicks(y: ScaleContinuousNumeric<number, number>): number[] {
  const all = y.ticks(6);
  const decades = all.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
  return decades.length >= 3 ? decades : all.length > 8 ? all.filter((_, i) => i % 2 === 0) : all;
}

/** The layout of a loss curve over `maxStep` steps, with the accuracy measured at some steps on a second axis. */
export function lossChartLayout({ losses, accuracy, maxStep, log, size = LOSS_CHART_SIZE }: {
  losses: ArrayLike<number>; accuracy: readonly { step: number; accuracy: number }[]; maxStep: number; log: boolean; size?: ChartSize;
}): LossChartLayout {
  const { width, height, margin: m } = size;
  const plot: PlotArea = { x: m.left, y: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
  const points = downsampleLosses(losses, plot.width / 2);
  const x = scaleLinear().domain([0, stepAxisEnd(losses.length, maxStep)]).range([plot.x, plot.x + plot.width]).nice(6);
  const y = lossScale(points, log, [plot.y + plot.height, plot.y]);
  const acc = scaleLinear().domain([0, 1]).range([plot.y + plot.height, plot.y]);
  const lossLine = line<LossPoint>().x((p) => x(p.step)).y((p) => y(p.loss));
  const accPoints = accuracy.filter((a) => Number.isFinite(a.accuracy));
  const accLine = line<{ step: number; accuracy: number }>().x((p) => x(p.step)).y((p) => acc(p.accuracy));
  const last = points.at(-1);
  const yFormat = log ? logTickLabel : y.tickFormat(5);
  return {
    plot,
    lossPath: points.length ? lossLine(points) : null,
    accuracyPath: accPoints.length ? accLine(accPoints) : null,
    xTicks: x.ticks(6).map((v) => ({ pos: x(v), label: v.toLocaleString('en') })),
    yTicks: (log ? logTicks(y) : y.ticks(5)).map((v) => ({ pos: y(v), label: yFormat(v) })),
    accuracyTicks: [0, 0.25, 0.5, 0.75, 1].map((v) => ({ pos: acc(v), label: `${v * 100}%` })),
    latest: last ? { x: x(last.step), y: y(last.loss) } : null,
  };
}

/** The text alternative of the loss chart: where the run is, the first and latest loss, the latest accuracy. */
export function describeLossCurve(losses: ArrayLike<number>, accuracy: readonly { step: number; accuracy: number }[], maxStep: number): string {
  const n = losses.length;
  if (n === 0) return 'No training steps yet: press Train to draw the loss.';
  const latest = losses[n - 1];
  const acc = accuracy.at(-1);
  const accText = acc && Number.isFinite(acc.accuracy) ? ` Accuracy ${Math.round(acc.accuracy * 100)}% after step ${acc.step}.` : '';
  return `Latest loss ${formatLoss(latest)} at step ${n.toLocaleString('en')} of ${Math.max(n, maxStep).toLocaleString('en')}, `
    + `from ${formatLoss(losses[0])} at step 1.${accText}`;
}

/** Everything the free-running chart draws. */
export interface ForecastLayout {
  plot: PlotArea;
  /** `d` of the true series. */
  truthPath: string;
  /** `d` of the forecast, starting at the last true step fed (so the two lines join). */
  forecastPath: string;
  /** x of the first free-running step. */
  splitX: number;
  xTicks: Tick[];
  yTicks: Tick[];
}

/** The layout of a free-running forecast (column 0) beside the truth. */
export function forecastLayout({ truth, forecast, warmup, D, size }: {
  truth: ArrayLike<number>; forecast: ArrayLike<number>; warmup: number; D: number; size: ChartSize;
}): ForecastLayout {
  const { width, height, margin: m } = size;
  const plot: PlotArea = { x: m.left, y: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
  const T = truth.length / D;
  const col = (a: ArrayLike<number>, rows: number) => Array.from({ length: rows }, (_, t) => a[t * D]);
  const t0 = col(truth, T), f0 = col(forecast, T - warmup);
  const all = [...t0, ...f0].filter((v) => Number.isFinite(v));
  const lo = all.length ? Math.min(...all) : -1, hi = all.length ? Math.max(...all) : 1;
  const x = scaleLinear().domain([0, Math.max(1, T - 1)]).range([plot.x, plot.x + plot.width]);
  const y = scaleLinear().domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi]).range([plot.y + plot.height, plot.y]).nice(4);
  const path = line<number>().defined((v) => Number.isFinite(v)).x((_, i) => x(i)).y((v) => y(v));
  // The forecast line starts at the last true input so it visibly continues from it.
  const joined = [t0[warmup - 1], ...f0];
  const forecastPath = line<number>().defined((v) => Number.isFinite(v)).x((_, i) => x(warmup - 1 + i)).y((v) => y(v))(joined) ?? '';
  return {
    plot, truthPath: path(t0) ?? '', forecastPath, splitX: x(warmup - 1),
    xTicks: x.ticks(6).map((v) => ({ pos: x(v), label: String(v) })),
    yTicks: y.ticks(4).map((v) => ({ pos: y(v), label: y.tickFormat(4)(v) })),
  };
}
