import { describe, expect, it } from 'vitest';
import { describeLossCurve, downsampleLosses, stepAxisEnd, forecastLayout, formatLoss, LOSS_CHART_SIZE, lossChartLayout } from '../../src/viz/lossChart';

describe('downsampleLosses(losses, maxPoints)', () => {
  it('keeps every point of a short run', () => {
    expect(downsampleLosses([3, 2, 1], 10)).toEqual([{ step: 1, loss: 3 }, { step: 2, loss: 2 }, { step: 3, loss: 1 }]);
  });

  it('averages equal buckets of a long run, skipping non-finite losses, and ends at the last step', () => {
    const pts = downsampleLosses([4, 2, Number.NaN, 6, 1], 2);
    expect(pts).toEqual([{ step: 3, loss: 3 }, { step: 5, loss: 3.5 }]);
  });
});

describe('lossChartLayout({ losses, accuracy, maxStep, log })', () => {
  it('spans the run’s target on the step axis from the first step and starts the loss axis at 0', () => {
    const l = lossChartLayout({ losses: [2, 1, 0.5], accuracy: [{ step: 0, accuracy: 0 }, { step: 3, accuracy: 1 }], maxStep: 10, log: false });
    const { plot } = l;
    expect(l.xTicks[0]).toEqual({ pos: plot.x, label: '0' });
    expect(l.xTicks.at(-1)).toEqual({ pos: plot.x + plot.width, label: '10' });
    expect(l.yTicks[0]).toEqual({ pos: plot.y + plot.height, label: '0.0' });
    expect(l.lossPath).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(l.accuracyPath).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(l.accuracyTicks.map((t) => t.label)).toEqual(['0%', '25%', '50%', '75%', '100%']);
    // The latest point sits at step 3 of 10, at a tenth of the axis per step.
    expect(l.latest!.x).toBeCloseTo(plot.x + (3 / 10) * plot.width, 6);
  });

  it('on a log axis puts ticks at powers of ten over four decades of loss', () => {
    const l = lossChartLayout({ losses: [3, 0.3, 0.003, 0.0004], accuracy: [], maxStep: 4, log: true });
    expect(l.yTicks.map((t) => t.label)).toEqual(['1e-4', '0.001', '0.01', '0.1', '1', '10']);
    expect(l.accuracyPath).toBeNull();
  });

  it('draws nothing but axes before the first step', () => {
    const l = lossChartLayout({ losses: [], accuracy: [], maxStep: 0, log: true });
    expect(l.lossPath).toBeNull();
    expect(l.latest).toBeNull();
    expect(l.plot.width).toBe(LOSS_CHART_SIZE.width - LOSS_CHART_SIZE.margin.left - LOSS_CHART_SIZE.margin.right);
  });
});

describe('stepAxisEnd(done, target)', () => {
  it('spans a short run whole from the start, and about twice the steps done of a long one', () => {
    expect(stepAxisEnd(0, 300)).toBe(100);
    expect(stepAxisEnd(120, 300)).toBe(240);
    expect(stepAxisEnd(200, 300)).toBe(300);
    expect(stepAxisEnd(2864, 100_000)).toBe(5728);
    expect(stepAxisEnd(500, 400)).toBe(500);
    expect(stepAxisEnd(0, 0)).toBe(1);
  });
});

describe('describeLossCurve(losses, accuracy, maxStep) and formatLoss(v)', () => {
  it('states the latest loss, the first and the latest accuracy', () => {
    expect(describeLossCurve([2.5, 0.01234], [{ step: 2, accuracy: 0.5 }], 300)).toBe('Latest loss 0.0123 at step 2 of 300, from 2.5 at step 1. Accuracy 50% after step 2.');
    expect(describeLossCurve([], [], 0)).toBe('No training steps yet: press Train to draw the loss.');
  });

  it('writes 3 significant digits and small or non-finite losses as they are', () => {
    expect([formatLoss(1.23456), formatLoss(0.000123), formatLoss(Number.POSITIVE_INFINITY), formatLoss(0)]).toEqual(['1.23', '1.23e-4', 'Infinity', '0']);
  });
});

describe('forecastLayout({ truth, forecast, warmup, D, size })', () => {
  it('joins the forecast to the last true input and splits the chart there', () => {
    const truth = [0, 1, 0, -1, 0];
    const l = forecastLayout({ truth, forecast: [0.1, -0.9, 0.2], warmup: 2, D: 1, size: LOSS_CHART_SIZE });
    expect(l.splitX).toBeCloseTo(l.plot.x + l.plot.width / 4, 6);
    expect(l.forecastPath.startsWith(`M${l.splitX},`)).toBe(true);
    expect(l.truthPath.split('L')).toHaveLength(5);
    expect(l.forecastPath.split('L')).toHaveLength(4);
  });
});
