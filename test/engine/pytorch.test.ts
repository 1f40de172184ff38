import { describe, expect, it } from 'vitest';
import { backpropThroughTime } from '../../src/engine/bptt';
import { stepJacobianNorms } from '../../src/engine/jacobian';
import { namedGrads, namedParams } from '../../src/engine/named';
import { applyGradients, clipGradNorm, createOptimizerState } from '../../src/engine/optim';
import type { Arr } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { batchOf, loadFixtures, mismatches, modelOf, targetsOf, type Nested, type OptimizerFixture, type TraceFixture } from './golden';

// Every fixture in test/fixtures/golden is PyTorch 1.13 running torch.nn.RNN / LSTM / GRU (or the written-out
// cell equations where nn has no module), made by test/fixtures/make_golden.py. Each fixture states its own
// tolerance (float32: atol 1e-5, rtol 1e-4; float64: atol 1e-10, rtol 1e-8), used as it stands.

const fixtures = loadFixtures();
const traces = fixtures.filter((f): f is TraceFixture => f.kind === 'trace');
const optimizers = fixtures.filter((f): f is OptimizerFixture => f.kind === 'optimizer');

/** Per-layer [n, T, H] arrays against [L][n][T][H] lists. */
function layerMismatches(f: TraceFixture, what: string, actual: (Arr | null)[], expected: Nested): string[] {
  const e = expected as Nested[];
  if (actual.length !== e.length) return [`${f.name}: ${what} has ${actual.length} layers, PyTorch ${e.length}`];
  return actual.flatMap((a, l) => (a ? mismatches(`${f.name}: ${what}[layer ${l}]`, a, e[l], f.tolerance) : [`${f.name}: ${what}[layer ${l}] is null`]));
}

/** [L, n, H] arrays built from one [n, H] array per layer. */
function stack(arrays: Arr[]): number[] {
  return arrays.flatMap((a) => Array.from(a));
}

function forward(f: TraceFixture) {
  const model = modelOf(f);
  const batch = batchOf(f);
  return { model, batch, trace: unroll(model, batch) };
}

describe('the golden fixtures', () => {
  it('cover every cell kind and variant, both dtypes, truncation, each loss and each optimizer', () => {
    const kinds = new Set(traces.map((f) => `${f.config.cell}/${f.config.nonlinearity}/${f.config.gruResetAfter}/${f.dtype}`));
    for (const dtype of ['float32', 'float64']) {
      for (const nl of ['tanh', 'relu', 'sigmoid', 'identity']) expect(kinds).toContain(`rnn/${nl}/true/${dtype}`);
      expect(kinds).toContain(`lstm/tanh/true/${dtype}`);
      expect(kinds).toContain(`gru/tanh/true/${dtype}`);
      expect(kinds).toContain(`gru/tanh/false/${dtype}`);
    }
    expect(new Set(traces.map((f) => f.config.outputActivation))).toEqual(new Set(['softmax', 'sigmoid', 'tanh', 'identity']));
    expect(traces.some((f) => f.truncation > 0)).toBe(true);
    expect(new Set(optimizers.map((f) => `${f.optimizer.kind}/${f.optimizer.kind === 'sgd' && f.optimizer.nesterov}`)))
      .toEqual(new Set(['sgd/false', 'sgd/true', 'adam/false']));
  });
});

describe('unroll(model, batch) against PyTorch', () => {
  for (const f of traces) {
    it(`${f.name}: h and c of every layer, hLast, cLast, logits and y`, () => {
      const { trace } = forward(f);
      const e = f.expected;
      const bad = [
        ...layerMismatches(f, 'h', trace.layers.map((l) => l.h), e.h),
        ...mismatches(`${f.name}: hLast`, stack(trace.layers.map((l) => l.hLast)), e.hLast, f.tolerance),
        ...mismatches(`${f.name}: logits`, trace.logits!, e.logits, f.tolerance),
        ...mismatches(`${f.name}: y`, trace.y!, e.y, f.tolerance),
      ];
      if (f.config.cell === 'lstm') {
        bad.push(...layerMismatches(f, 'c', trace.layers.map((l) => l.c), e.c!));
        bad.push(...mismatches(`${f.name}: cLast`, stack(trace.layers.map((l) => l.cLast!)), e.cLast!, f.tolerance));
      }
      expect(bad).toEqual([]);
    });
  }
});

describe('backpropThroughTime(model, batch, trace, targets) against PyTorch', () => {
  for (const f of traces) {
    const how = f.truncation > 0 ? `, truncated every ${f.truncation} steps` : '';
    it(`${f.name}: the loss and the gradient of every parameter, h0, c0 and x${how}`, () => {
      const { model, batch, trace } = forward(f);
      const { loss, grads } = backpropThroughTime(model, batch, trace, targetsOf(f), { truncation: f.truncation });
      const e = f.expected;
      const bad = [
        ...mismatches(`${f.name}: loss`, loss, e.loss, f.tolerance),
        ...namedGrads(model, grads).flatMap((g) => mismatches(`${f.name}: ∂L/∂${g.name}`, g.data, e.grads[g.name], f.tolerance)),
        ...mismatches(`${f.name}: ∂L/∂h0`, grads.h0, e.dh0, f.tolerance),
        ...mismatches(`${f.name}: ∂L/∂x`, grads.x, e.dx, f.tolerance),
      ];
      if (f.config.cell === 'lstm') bad.push(...mismatches(`${f.name}: ∂L/∂c0`, grads.c0!, e.dc0!, f.tolerance));
      expect(bad).toEqual([]);
    });
    it(`${f.name}: the total ∂L/∂h_t (and ∂L/∂c_t) of every layer and step${how}`, () => {
      const { model, batch, trace } = forward(f);
      const { grads } = backpropThroughTime(model, batch, trace, targetsOf(f), { truncation: f.truncation });
      const bad = layerMismatches(f, '∂L/∂h_t', grads.dh, f.expected.dh);
      if (f.config.cell === 'lstm') bad.push(...layerMismatches(f, '∂L/∂c_t', grads.dc!, f.expected.dc!));
      expect(bad).toEqual([]);
    });
  }
});

describe('stepJacobianNorms(model, trace, top) against torch.linalg.matrix_norm(J, 2)', () => {
  for (const f of traces) {
    it(`${f.name}: ‖∂(h_t, c_t)/∂(h_{t−1}, c_{t−1})‖₂ of the top layer at every valid step`, () => {
      const { model, trace } = forward(f);
      const norms = stepJacobianNorms(model, trace, f.config.numLayers - 1);
      expect(mismatches(`${f.name}: ‖J_t‖₂`, norms, f.expected.jacobianNorms, f.tolerance)).toEqual([]);
    });
  }
});

describe('clipGradNorm(model, g, maxNorm) then applyGradients(model, g, opt, state) against torch.optim', () => {
  for (const f of optimizers) {
    it(`${f.name}: the loss, the gradient norm and every parameter after each of ${f.steps.length} steps`, () => {
      const model = modelOf(f);
      const batch = batchOf(f);
      const targets = targetsOf(f);
      const state = createOptimizerState();
      const bad: string[] = [];
      f.steps.forEach((s, k) => {
        const { loss, grads } = backpropThroughTime(model, batch, unroll(model, batch), targets);
        bad.push(...mismatches(`${f.name}: step ${k + 1} loss`, loss, s.loss, f.tolerance));
        bad.push(...mismatches(`${f.name}: step ${k + 1} gradient norm`, clipGradNorm(model, grads, f.maxNorm), s.gradNorm, f.tolerance));
        applyGradients(model, grads, f.optimizer, state);
        for (const p of namedParams(model)) bad.push(...mismatches(`${f.name}: after step ${k + 1}, ${p.name}`, p.data, s.params[p.name], f.tolerance));
      });
      expect(bad).toEqual([]);
    });
  }
});
