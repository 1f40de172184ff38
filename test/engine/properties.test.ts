import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backpropThroughTime } from '../../src/engine/bptt';
import { cellOf } from '../../src/engine/cells';
import { namedGrads, type NamedTensor } from '../../src/engine/named';
import { alloc } from '../../src/engine/tensor';
import type { Arr, Batch, LayerTrace, Model, OutputActivation, Targets, Trace } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { CELL_VARIANTS, model64, randomBatch } from './helpers';

// Properties of the forward and backward pass that hold for every cell, shape and input. Every run is seeded
// (fast-check seed 42, and the engine's own seeded RNG for weights and inputs), so a failure replays as it is.
// The engine does the same arithmetic in the same order on both sides of each property, so equality is exact.
const RUNS = { seed: 42, numRuns: 50 };

const arbShape = fc.record({
  numLayers: fc.integer({ min: 1, max: 3 }),
  hiddenSize: fc.integer({ min: 1, max: 4 }),
  inputSize: fc.integer({ min: 1, max: 3 }),
  embedding: fc.boolean(),
  output: fc.constantFrom<OutputActivation>('softmax', 'sigmoid', 'tanh', 'identity'),
  n: fc.integer({ min: 1, max: 3 }),
  T: fc.integer({ min: 1, max: 6 }),
  modelSeed: fc.integer({ min: 0, max: 0x7fffffff }),
  dataSeed: fc.integer({ min: 0, max: 0x7fffffff }),
});
type Shape = typeof arbShape extends fc.Arbitrary<infer S> ? S : never;

function modelFor(over: (typeof CELL_VARIANTS)[number]['over'], s: Shape): Model {
  return model64({ ...over, numLayers: s.numLayers, hiddenSize: s.hiddenSize, inputSize: s.inputSize, embeddingSize: s.embedding ? 5 : 0, outputActivation: s.output }, s.modelSeed);
}

/** Values of `a` at (b, t), for an [n, T, width] array. */
function at(a: Arr, T: number, width: number, b: number, t: number): number[] {
  return Array.from(a.subarray((b * T + t) * width, (b * T + t + 1) * width));
}

/** Every per-step quantity of one layer at (b, t), tagged by name, for an exact comparison. */
function layerStep(m: Model, tr: LayerTrace, l: number, T: number, b: number, t: number): Record<string, number[]> {
  const H = m.config.hiddenSize, GH = cellOf(m.config.cell).gates * H;
  const D = l === 0 ? m.config.inputSize : H;
  const out: Record<string, number[]> = {
    ih: at(tr.ih, T, GH, b, t), hh: at(tr.hh, T, GH, b, t), pre: at(tr.pre, T, GH, b, t), act: at(tr.act, T, GH, b, t),
    h: at(tr.h, T, H, b, t), input: at(tr.input, T, D, b, t),
  };
  if (tr.c) out.c = at(tr.c, T, H, b, t);
  return out;
}

/** Everything a trace holds for sample b at step t: every layer's quantities, the logits and y. */
function traceStep(m: Model, tr: Trace, b: number, t: number): Record<string, number[]> {
  const O = m.config.outputSize;
  const out: Record<string, number[]> = { logits: at(tr.logits!, tr.T, O, b, t), y: at(tr.y!, tr.T, O, b, t) };
  tr.layers.forEach((lt, l) => {
    for (const [k, v] of Object.entries(layerStep(m, lt, l, tr.T, b, t))) out[`layer ${l} ${k}`] = v;
  });
  return out;
}

/** Named tensors as { name: values }, so that a difference names its tensor. */
function byName(ts: NamedTensor[]): Record<string, number[]> {
  return Object.fromEntries(ts.map((t) => [t.name, Array.from(t.data)]));
}

/** Steps t0..t0+len of a batch as a batch of its own (T = len), with the given initial states. */
function sliceBatch(m: Model, batch: Batch, t0: number, len: number, h0: Arr | null, c0: Arr | null, samples = [...Array(batch.n).keys()]): Batch {
  const D = m.config.inputSize, n = samples.length;
  const x = batch.x ? alloc('float64', n * len * D) : null;
  const tokens = batch.tokens ? new Int32Array(n * len) : null;
  samples.forEach((b, i) => {
    if (x) x.set(batch.x!.subarray((b * batch.T + t0) * D, (b * batch.T + t0 + len) * D), i * len * D);
    if (tokens) tokens.set(batch.tokens!.subarray(b * batch.T + t0, b * batch.T + t0 + len), i * len);
  });
  return { n, T: len, x, tokens, lengths: null, h0, c0 };
}

describe('unroll(model, batch) over T steps', () => {
  for (const v of CELL_VARIANTS) {
    it(`equals T calls of one step that pass hLast and cLast of every layer on: ${v.name}`, () => {
      fc.assert(fc.property(arbShape, (s) => {
        const m = modelFor(v.over, s);
        const { batch } = randomBatch(m, s.n, s.T, s.dataSeed);
        const full = unroll(m, batch);
        let h0 = batch.h0, c0 = batch.c0;
        for (let t = 0; t < s.T; t++) {
          const one = unroll(m, sliceBatch(m, batch, t, 1, h0, c0));
          for (let b = 0; b < s.n; b++) expect(traceStep(m, one, b, 0)).toEqual(traceStep(m, full, b, t));
          // The next step starts from this step's last states, stacked [L, n, H].
          h0 = Float64Array.from(one.layers.flatMap((l) => Array.from(l.hLast)));
          c0 = one.layers[0].cLast ? Float64Array.from(one.layers.flatMap((l) => Array.from(l.cLast!))) : null;
        }
      }), RUNS);
    });
  }
});

describe('unroll(model, batch) at step t', () => {
  for (const v of CELL_VARIANTS) {
    it(`does not depend on the inputs after t: ${v.name}`, () => {
      fc.assert(fc.property(arbShape, fc.nat(), fc.integer({ min: 0, max: 0x7fffffff }), (s, pick, otherSeed) => {
        const m = modelFor(v.over, s);
        const { batch } = randomBatch(m, s.n, s.T, s.dataSeed);
        const t0 = pick % s.T;
        // The same batch with every step after t0 drawn again.
        const { batch: other } = randomBatch(m, s.n, s.T, otherSeed);
        const D = m.config.inputSize;
        const changed: Batch = { ...batch, x: batch.x && Float64Array.from(batch.x), tokens: batch.tokens && Int32Array.from(batch.tokens) };
        for (let b = 0; b < s.n; b++) for (let t = t0 + 1; t < s.T; t++) {
          if (changed.x) changed.x.set(other.x!.subarray((b * s.T + t) * D, (b * s.T + t + 1) * D), (b * s.T + t) * D);
          if (changed.tokens) changed.tokens[b * s.T + t] = other.tokens![b * s.T + t];
        }
        const a = unroll(m, batch), c = unroll(m, changed);
        for (let b = 0; b < s.n; b++) for (let t = 0; t <= t0; t++) expect(traceStep(m, c, b, t)).toEqual(traceStep(m, a, b, t));
      }), RUNS);
    });
  }
});

describe('unroll and backpropThroughTime with lengths', () => {
  for (const v of CELL_VARIANTS) {
    it(`give a sample of length k the trace of the same sample cut to T = k, and zeros after k: ${v.name}`, () => {
      fc.assert(fc.property(arbShape, fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), (s, picks) => {
        const m = modelFor(v.over, s);
        const lengths = Array.from({ length: s.n }, (_, b) => 1 + (picks[b] % s.T));
        const { batch } = randomBatch(m, s.n, s.T, s.dataSeed, { lengths });
        const tr = unroll(m, batch);
        const L = s.numLayers, H = s.hiddenSize;
        for (let b = 0; b < s.n; b++) {
          const k = lengths[b];
          const pick = (a: Arr | null) => a && Float64Array.from({ length: L * H }, (_, i) => a[(Math.floor(i / H) * s.n + b) * H + (i % H)]);
          const alone = unroll(m, sliceBatch(m, batch, 0, k, pick(batch.h0), pick(batch.c0), [b]));
          for (let t = 0; t < k; t++) expect(traceStep(m, alone, 0, t)).toEqual(traceStep(m, tr, b, t));
          // Past the end nothing is computed: every quantity is 0 except layer 0's input, which is x itself.
          const nonzero: string[] = [];
          for (let t = k; t < s.T; t++) for (const [name, val] of Object.entries(traceStep(m, tr, b, t))) {
            if (name !== 'layer 0 input' && val.some((x) => x !== 0)) nonzero.push(`${name} at t = ${t} ≥ k = ${k}`);
          }
          expect(nonzero).toEqual([]);
        }
      }), RUNS);
    });

    it(`give one sample of length k the loss and every gradient of the sample cut to T = k: ${v.name}`, () => {
      fc.assert(fc.property(arbShape, fc.nat(), (s, pick) => {
        const m = modelFor(v.over, s);
        const k = 1 + (pick % s.T);
        const { batch, targets } = randomBatch(m, 1, s.T, s.dataSeed, { lengths: [k] });
        const cut = sliceBatch(m, batch, 0, k, batch.h0, batch.c0);
        const O = m.config.outputSize;
        const cutTargets: Targets = targets.kind === 'classes'
          ? { kind: 'classes', classes: targets.classes.slice(0, k) }
          : { kind: 'values', values: targets.values.slice(0, k * O) };
        const ragged = backpropThroughTime(m, batch, unroll(m, batch), targets);
        const short = backpropThroughTime(m, cut, unroll(m, cut), cutTargets);
        expect(ragged.loss).toBe(short.loss);
        expect(byName(namedGrads(m, ragged.grads))).toEqual(byName(namedGrads(m, short.grads)));
        expect(Array.from(ragged.grads.h0)).toEqual(Array.from(short.grads.h0));
        expect(ragged.grads.c0 && Array.from(ragged.grads.c0)).toEqual(short.grads.c0 && Array.from(short.grads.c0));
        const D = m.config.inputSize, H = s.hiddenSize;
        expect(Array.from(ragged.grads.x.subarray(0, k * D))).toEqual(Array.from(short.grads.x));
        expect(ragged.grads.x.subarray(k * D).every((x) => x === 0)).toBe(true);
        ragged.grads.dh.forEach((dh, l) => {
          expect(Array.from(dh.subarray(0, k * H))).toEqual(Array.from(short.grads.dh[l]));
          expect(dh.subarray(k * H).every((x) => x === 0)).toBe(true);
        });
      }), RUNS);
    });
  }
});

describe('backpropThroughTime(model, batch, trace, targets, { truncation })', () => {
  for (const v of CELL_VARIANTS) {
    it(`equals full BPTT when the window k is at least T: ${v.name}`, () => {
      fc.assert(fc.property(arbShape, fc.nat({ max: 3 }), (s, extra) => {
        const m = modelFor(v.over, s);
        const { batch, targets } = randomBatch(m, s.n, s.T, s.dataSeed);
        const tr = unroll(m, batch);
        const full = backpropThroughTime(m, batch, tr, targets);
        const wide = backpropThroughTime(m, batch, tr, targets, { truncation: s.T + extra });
        expect(byName(namedGrads(m, wide.grads))).toEqual(byName(namedGrads(m, full.grads)));
        expect(Array.from(wide.grads.h0)).toEqual(Array.from(full.grads.h0));
      }), RUNS);
    });
  }
});
