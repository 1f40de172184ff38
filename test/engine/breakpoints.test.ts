import { describe, expect, it } from 'vitest';
import { findBreakpoint, type Condition } from '../../src/engine/breakpoints';
import { unroll } from '../../src/engine/unroll';
import { model64 } from './helpers';

/**
 * Constructed cases on a 1-unit linear RNN with W_ih = 1, W_hh = 1, biases 0: h_t = h_{t−1} + x_t, so the state
 * is the running sum of the inputs and every condition's step is known by hand.
 */
function runningSum(xs: number[], cell: 'rnn' | 'lstm' = 'rnn') {
  const m = model64({ cell, inputSize: 1, hiddenSize: 1, nonlinearity: 'identity', outputSize: 1, outputActivation: 'identity' });
  if (cell === 'rnn') {
    m.params.layers[0].weightIh[0] = 1; m.params.layers[0].weightHh[0] = 1;
    m.params.layers[0].biasIh[0] = 0; m.params.layers[0].biasHh[0] = 0;
  }
  const trace = unroll(m, { n: 1, T: xs.length, x: Float64Array.from(xs), tokens: null, lengths: null, h0: null, c0: null });
  return { m, trace };
}

describe('findBreakpoint(model, trace, layer, conditions, fromStep)', () => {
  it('stops at the first saturated step: sums 0.5, 0.8, 0.99, 0.2 → step 3', () => {
    const { m, trace } = runningSum([0.5, 0.3, 0.19, -0.79]);
    const hit = findBreakpoint(m, trace, 0, [{ kind: 'saturation', unit: null, threshold: 0.95 }], 0);
    expect(hit).toMatchObject({ step: 3, unit: 0, condition: 0 });
    expect(hit!.reason).toBe('|h1| = 0.990 > 0.95 (saturation)');
  });
  it('continues after the current step', () => {
    const { m, trace } = runningSum([1, -1, 1, -1, 1]);
    const sat: Condition[] = [{ kind: 'saturation', unit: 0, threshold: 0.95 }];
    expect(findBreakpoint(m, trace, 0, sat, 0)!.step).toBe(1);
    expect(findBreakpoint(m, trace, 0, sat, 1)!.step).toBe(3);
    expect(findBreakpoint(m, trace, 0, sat, 5)).toBeNull();
  });
  it('finds a fixed point: inputs 0.3, 0, 0 → step 2 has h_2 = h_1', () => {
    const { m, trace } = runningSum([0.3, 0, 0]);
    expect(findBreakpoint(m, trace, 0, [{ kind: 'fixedPoint', epsilon: 1e-9 }], 0)).toMatchObject({ step: 2 });
  });
  it('finds the first non-finite value', () => {
    const { m, trace } = runningSum([1, 2, 3]);
    trace.layers[0].h[1] = Number.NaN;
    expect(findBreakpoint(m, trace, 0, [{ kind: 'nonFinite' }], 0)).toMatchObject({ step: 2, reason: 'h1 is NaN (not a finite number)' });
  });
  it('checks the mean of an LSTM gate against its bounds', () => {
    const { m, trace } = runningSum([5, 5, 5], 'lstm');
    const f = trace.layers[0].act[1];
    const hit = findBreakpoint(m, trace, 0, [{ kind: 'gateMean', gate: 1, lo: f + 1e-9, hi: 1 }], 0);
    expect(hit).toMatchObject({ step: 1 });
    expect(hit!.reason).toMatch(/^mean of gate f = /);
  });
});
