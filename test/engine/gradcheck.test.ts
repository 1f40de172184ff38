import { describe, expect, it } from 'vitest';
import { backpropThroughTime } from '../../src/engine/bptt';
import { computeLoss } from '../../src/engine/loss';
import { namedGrads, namedParams } from '../../src/engine/named';
import type { Arr, Batch, Model, ModelConfig, Targets } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { CELL_VARIANTS, model64, randomBatch } from './helpers';

// Central differences in float64 against the analytic BPTT gradient:
//   n = (L(θ+ε) − L(θ−ε)) / 2ε,  pass when |a − n| ≤ atol + rtol·|n|
// with PyTorch gradcheck's defaults: ε = 1e-6, atol = 1e-5, rtol = 1e-3.
const EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

function lossAt(m: Model, batch: Batch, targets: Targets): number {
  return computeLoss(m, unroll(m, batch), targets).loss;
}

/** Compares every entry; returns one line per entry out of tolerance. */
function checkArray(name: string, analytic: Arr, values: Arr, f: () => number): string[] {
  const bad: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const old = values[i];
    values[i] = old + EPS; const lp = f();
    values[i] = old - EPS; const lm = f();
    values[i] = old;
    const num = (lp - lm) / (2 * EPS);
    const err = Math.abs(analytic[i] - num);
    if (err > ATOL + RTOL * Math.abs(num)) {
      bad.push(`${name}[${i}]: analytic ${analytic[i]} vs numeric ${num}`);
    }
  }
  return bad;
}

function checkAll(over: Partial<ModelConfig>, n = 2, T = 3, lengths?: number[]) {
  const m = model64(over);
  const { batch, targets } = randomBatch(m, n, T, 11, { lengths });
  const { grads } = backpropThroughTime(m, batch, unroll(m, batch), targets);
  const f = () => lossAt(m, batch, targets);
  const gs = namedGrads(m, grads);
  const bad = namedParams(m).flatMap((p, i) => checkArray(p.name, gs[i].data, p.data, f));
  bad.push(...checkArray('h0', grads.h0, batch.h0!, f));
  if (batch.c0) bad.push(...checkArray('c0', grads.c0!, batch.c0, f));
  if (batch.x) bad.push(...checkArray('x', grads.x, batch.x, f));
  return bad;
}

describe('backpropThroughTime(model, batch, trace, targets)', () => {
  for (const v of CELL_VARIANTS) {
    it(`matches central differences for every parameter, h0, c0 and x: ${v.name}`, () => {
      expect(checkAll(v.over)).toEqual([]);
    });
  }
  it('matches central differences with 3 stacked layers and ragged lengths (gru)', () => {
    expect(checkAll({ cell: 'gru', numLayers: 3 }, 3, 4, [4, 2, 1])).toEqual([]);
  });
  it('matches central differences with 2 stacked LSTM layers, sigmoid output and BCE', () => {
    expect(checkAll({ cell: 'lstm', numLayers: 2, outputActivation: 'sigmoid' }, 2, 3)).toEqual([]);
  });
  it('matches central differences with tanh output and MSE', () => {
    expect(checkAll({ cell: 'rnn', outputActivation: 'tanh' }, 2, 3)).toEqual([]);
  });
  it('matches central differences with identity output and an embedding', () => {
    const m = model64({ cell: 'lstm', embeddingSize: 5, outputActivation: 'identity' });
    const { batch, targets } = randomBatch(m, 2, 3, 3);
    const { grads } = backpropThroughTime(m, batch, unroll(m, batch), targets);
    const f = () => lossAt(m, batch, targets);
    const gs = namedGrads(m, grads);
    expect(namedParams(m).flatMap((p, i) => checkArray(p.name, gs[i].data, p.data, f))).toEqual([]);
    expect(grads.embedding!.some((v) => v !== 0)).toBe(true);
  });
});
