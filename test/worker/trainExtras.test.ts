// @vitest-environment node
import { expose, releaseProxy, wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import { initModel } from '../../src/engine/init';
import { computeLoss } from '../../src/engine/loss';
import { accuracyOf, nextCharTask, sineTask } from '../../src/engine/tasks';
import type { ModelConfig } from '../../src/engine/types';
import { decodeTokens, encodeText } from '../../src/engine/vocab';
import { unroll } from '../../src/engine/unroll';
import { createEngineApi, type EngineApi } from '../../src/worker/api';
import { freeRunForecast, MAX_SAMPLE_LENGTH, sampleTokens } from '../../src/worker/trainExtrasApi';
import { sameBits } from './helpers';

function config(D: number, O: number, over: Partial<ModelConfig> = {}): ModelConfig {
  return { cell: 'rnn', inputSize: D, hiddenSize: 8, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: O, outputActivation: 'softmax', ...over };
}

/** "hello world" trained to 100 % accuracy: 300 Adam steps from seed 1. */
async function helloModel() {
  const d = nextCharTask('hello world');
  const model = initModel(config(d.inputSize, d.outputSize), { seed: 1, vocabulary: d.vocabulary });
  const reply = await createEngineApi().train({ runId: 1, model, batches: [{ batch: d.batch, targets: d.targets }], optimizer: { kind: 'adam', lr: 0.02 }, steps: 300 });
  return { model: reply.model, data: d };
}

describe('evaluateTask({ model, batch, targets })', () => {
  it('returns the loss and accuracy of one forward pass', async () => {
    const d = nextCharTask('hello world');
    const model = initModel(config(d.inputSize, d.outputSize), { seed: 2, vocabulary: d.vocabulary });
    const r = await createEngineApi().evaluateTask({ model, batch: d.batch, targets: d.targets });
    const trace = unroll(model, d.batch);
    expect(r.loss).toBe(computeLoss(model, trace, d.targets).loss);
    expect(r.accuracy).toBe(accuracyOf(trace, d.targets));
  });
});

describe('sampleTokens(req)', () => {
  it('continues "hel" as "lo world" from a trained model at a low temperature', async () => {
    const { model } = await helloModel();
    const ids = sampleTokens({ model, prompt: encodeText('hel', model.vocabulary), length: 8, temperature: 0.05, seed: 1 });
    expect(decodeTokens(ids, model.vocabulary)).toBe('lo world');
  });

  it('is seeded: the same request gives the same text, another seed (at a high temperature) another text', async () => {
    const { model } = await helloModel();
    const req = { model, prompt: encodeText('h', model.vocabulary), length: 40, temperature: 3, seed: 7 };
    const a = sampleTokens(req);
    expect(sameBits(a, sampleTokens(req))).toBe(true);
    expect(sameBits(a, sampleTokens({ ...req, seed: 8 }))).toBe(false);
  });

  it('refuses a zero temperature, an empty prompt and lengths out of range', async () => {
    const { model } = await helloModel();
    const base = { model, prompt: Int32Array.of(0), length: 5, temperature: 1, seed: 1 };
    expect(() => sampleTokens({ ...base, temperature: 0 })).toThrow('temperature must be a positive number');
    expect(() => sampleTokens({ ...base, prompt: new Int32Array(0) })).toThrow('at least one character');
    expect(() => sampleTokens({ ...base, length: MAX_SAMPLE_LENGTH + 1 })).toThrow(`1 to ${MAX_SAMPLE_LENGTH}`);
    const numbers = initModel(config(1, 1, { outputActivation: 'identity' }), { seed: 1 });
    expect(() => sampleTokens({ ...base, model: numbers })).toThrow('needs a text model');
  });

  it('gives the same draws step by step as one forward pass over the whole text (state carried exactly)', async () => {
    const { model } = await helloModel();
    const ids = sampleTokens({ model, prompt: encodeText('he', model.vocabulary), length: 6, temperature: 0.05, seed: 3 });
    const whole = nextCharTask(`he${decodeTokens(ids, model.vocabulary)}`);
    const trace = unroll(model, whole.batch);
    const V = model.vocabulary.length;
    // Greedy at this temperature: each drawn token is the argmax after the text before it.
    for (let i = 0; i < 6; i++) {
      const row = Array.from(trace.logits!.subarray((1 + i) * V, (2 + i) * V));
      expect(ids[i]).toBe(row.indexOf(Math.max(...row)));
    }
  });
});

describe('freeRunForecast(req)', () => {
  it('feeds the truth for the warm-up, then its own forecasts; the first forecast is the one-step-ahead one', async () => {
    const d = sineTask({ n: 4, T: 50, period: 20, seed: 1 });
    const model0 = initModel(config(1, 1, { outputActivation: 'identity' }), { seed: 1 });
    const { model } = await createEngineApi().train({ runId: 1, model: model0, batches: [{ batch: d.batch, targets: d.targets }], optimizer: { kind: 'adam', lr: 0.01 }, steps: 300 });
    const truth = Float32Array.from({ length: 60 }, (_, t) => Math.sin((2 * Math.PI * t) / 20));
    const out = freeRunForecast({ model, truth, warmup: 20 });
    expect(out).toHaveLength(40);
    const teacher = unroll(model, { n: 1, T: 20, x: truth.slice(0, 20), tokens: null, lengths: null, h0: null, c0: null });
    expect(out[0]).toBe(teacher.y![19]);
    for (let t = 0; t < 10; t++) expect(Math.abs(out[t] - truth[20 + t])).toBeLessThan(0.2);
  });

  it('refuses a warm-up out of range and a model that cannot read its own output', () => {
    const model = initModel(config(1, 1, { outputActivation: 'identity' }), { seed: 1 });
    expect(() => freeRunForecast({ model, truth: new Float32Array(5), warmup: 5 })).toThrow('1 to 4 steps');
    const text = initModel(config(3, 2), { seed: 1 });
    expect(() => freeRunForecast({ model: text, truth: new Float32Array(6), warmup: 1 })).toThrow('as many numbers as it reads');
  });
});

describe('the training methods over comlink', () => {
  it('sampleText and freeRun answer through a MessageChannel with transferred buffers', async () => {
    const { port1, port2 } = new MessageChannel();
    expose(createEngineApi(), port1);
    const remote = wrap<EngineApi>(port2);
    try {
      const { model } = await helloModel();
      const ids = await remote.sampleText({ model, prompt: encodeText('hel', model.vocabulary), length: 8, temperature: 0.05, seed: 1 });
      expect(ids).toBeInstanceOf(Int32Array);
      expect(decodeTokens(ids, model.vocabulary)).toBe('lo world');
      const series = initModel(config(1, 1, { outputActivation: 'identity' }), { seed: 1 });
      const out = await remote.freeRun({ model: series, truth: new Float32Array(10), warmup: 4 });
      expect(out).toBeInstanceOf(Float32Array);
      expect(out).toHaveLength(6);
    } finally {
      remote[releaseProxy]();
      // Open ports keep Node's event loop, and so vitest, alive.
      port1.close();
      port2.close();
    }
  });
});
