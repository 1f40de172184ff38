/** Cases the fuzz suites found, kept as plain tests so that each stays fixed whatever the fuzz seed draws. */
import { describe, expect, it } from 'vitest';
import { encodeSeriesInput } from '../../src/bridge/seriesTask';
import { encodeTextInput, MAX_STEPS } from '../../src/bridge/textTask';
import { EngineError } from '../../src/engine/errors';
import { DEFAULT_VOCABULARY, initModel } from '../../src/engine/init';
import { parseSeries } from '../../src/engine/series';
import { parseSession, type SessionData } from '../../src/store/persist/session';
import { fromHash } from '../../src/store/persist/shareSchema';
import { cfg, model } from '../io/helpers';

describe('encodeSeriesInput(model, text)', () => {
  it('refuses a number past float32 (it became -Infinity, and every later step NaN)', () => {
    const m = model({ inputSize: 1, outputSize: 1 });
    expect(() => encodeSeriesInput(m, '0\n0\n-3.4028235677973366e+38')).toThrow(new EngineError("Step 3: -3.4028235677973366e+38 is too large for the engine's float32 numbers (at most ±3.4e38)."));
    // The largest float32 itself is read.
    expect(encodeSeriesInput(m, '3.4028234663852886e38').samples[0][0]).toBe(3.4028234663852886e38);
  });
});

describe('parseSeries(text)', () => {
  it('names lines as the editor numbers them, blank lines and the header included', () => {
    expect(() => parseSeries('x\n1\n\n2\nfoo')).toThrow('Line 5: "foo" is not a number.');
    expect(() => parseSeries('value\n1, 2\n\n3')).toThrow('Line 4 has 1 numbers where the first row has 2.');
  });

  it('refuses a paste of more lines than steps before reading them', () => {
    const t0 = performance.now();
    expect(() => parseSeries('1\n'.repeat(500_000))).toThrow('500000 lines: at most 2000 steps are traced at once.');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('encodeTextInput(model, text)', () => {
  const m = model({ inputSize: DEFAULT_VOCABULARY.length, outputSize: DEFAULT_VOCABULARY.length }, 1, 'float32', [...DEFAULT_VOCABULARY]);
  it(`refuses a line of more than ${MAX_STEPS} characters before one-hot encoding it (1 MB became 128 MB)`, () => {
    expect(() => encodeTextInput(m, 'a'.repeat(1_000_000))).toThrow(`The input is 1000000 characters long: at most ${MAX_STEPS} steps are traced at once.`);
    expect(() => encodeTextInput(m, `ab\n${'😀'.repeat(3000)}`)).toThrow(`Line 2 is 3000 characters long: at most ${MAX_STEPS} steps are traced at once.`);
    expect(encodeTextInput(m, 'a'.repeat(MAX_STEPS)).tokens[0]).toHaveLength(MAX_STEPS);
  });
});

describe('parseSession(record)', () => {
  const base = (): SessionData => ({
    version: 1, settings: { cell: 'rnn', hiddenSize: 2, numLayers: 1, nonlinearity: 'tanh', outputActivation: 'identity', seed: 1, task: 'numbers', init: 'pytorch' },
    model: initModel(cfg({ inputSize: 1, outputSize: 1, bias: false }), { seed: 1 }), modelFromSettings: false, trainLoss: null,
    input: '1', inputsByTask: {}, step: 0, selectedUnit: 0, layer: 0, notation: { symbols: 'textbook', form: 'column' }, h0: null, c0: null,
  });

  it('refuses a model without bias whose bias arrays are missing (the engine reads them as zeros)', () => {
    const d = base();
    delete (d.model.params.layers[0] as Partial<(typeof d.model.params.layers)[0]>).biasIh;
    expect(parseSession(d)).toEqual({ ok: false, error: 'The saved session is damaged: biasIh of layer 1 is not a float array.' });
  });

  it('refuses weights of another length, NaN weights, a unit past the model, and another version; accepts the record as written', () => {
    const short = base();
    short.model.params.layers[0].weightHh = new Float32Array(3);
    expect(parseSession(short)).toMatchObject({ ok: false, error: 'The saved session is damaged: weightHh of layer 1 holds 3 numbers, not 4.' });
    const nan = base();
    nan.model.params.outBias![0] = Number.NaN;
    expect(parseSession(nan)).toMatchObject({ ok: false, error: 'The saved session is damaged: outBias holds NaN at index 0.' });
    expect(parseSession({ ...base(), selectedUnit: 2 })).toMatchObject({ ok: false, error: "The saved session is damaged: unit 3 is past the model's 2." });
    expect(parseSession({ ...base(), version: 2 })).toMatchObject({ ok: false, error: 'The saved session is of another version of the app.' });
    expect(parseSession(base())).toMatchObject({ ok: true });
  });
});

describe('fromHash(hash)', () => {
  it('names unknown keys, cut short, instead of an empty path', () => {
    expect(fromHash(`v=1&${'k'.repeat(100)}=1&evil=2`)).toEqual({ ok: false, error: `The link has keys this app does not read: "${'k'.repeat(30)}…", "evil".` });
    expect(fromHash('v=1&%3Cimg%20src=x')).toEqual({ ok: false, error: 'The link has a key this app does not read: "%3Cimg%20src".' });
  });
});
