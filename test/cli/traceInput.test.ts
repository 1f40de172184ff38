import { describe, expect, it } from 'vitest';
import { parseTraceInput } from '../../src/cli/traceInput';
import { initModel } from '../../src/engine/init';
import type { ModelConfig } from '../../src/engine/types';

const base: ModelConfig = {
  cell: 'rnn', inputSize: 2, hiddenSize: 3, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true,
  bias: true, embeddingSize: 0, outputSize: 2, outputActivation: 'identity',
};
const make = (over: Partial<ModelConfig> = {}, vocabulary?: string[]) => initModel({ ...base, ...over }, { seed: 1, vocabulary });
const parse = (input: unknown, over: Partial<ModelConfig> = {}, vocabulary?: string[]) => parseTraceInput(JSON.stringify(input), make(over, vocabulary));

describe('parseTraceInput(text, model)', () => {
  it('reads vectors [n][T][D], padding shorter sequences and taking their lengths', () => {
    const { batch, targets } = parse({ x: [[[1, 2], [3, 4]], [[5, 6]]] });
    expect([batch.n, batch.T]).toEqual([2, 2]);
    expect(Array.from(batch.x!)).toEqual([1, 2, 3, 4, 5, 6, 0, 0]);
    expect(Array.from(batch.lengths!)).toEqual([2, 1]);
    expect(batch.x).toBeInstanceOf(Float32Array);
    expect(targets).toBeNull();
  });

  it('reads token ids, token strings and whole strings for an embedding model', () => {
    const vocab = ['a', 'b', 'c'];
    const { batch } = parse({ x: [[0, 'b', 2], 'cab'] }, { embeddingSize: 3 }, vocab);
    expect(Array.from(batch.tokens!)).toEqual([0, 1, 2, 2, 0, 1]);
    expect(batch.x).toBeNull();
  });

  it('one-hot encodes tokens for a model with a vocabulary and no embedding', () => {
    const { batch } = parse({ x: ['ba'] }, {}, ['a', 'b']);
    expect(Array.from(batch.x!)).toEqual([0, 1, 1, 0]);
  });

  it('reads h0 and c0 as [n][H] for one layer or [L][n][H]', () => {
    const one = parse({ x: [[[1, 2]]], h0: [[1, 2, 3]] });
    expect(one.h0Shape).toEqual([1, 3]);
    expect(Array.from(one.batch.h0!)).toEqual([1, 2, 3]);
    const two = parse({ x: [[[1, 2]]], h0: [[[1, 2, 3]], [[4, 5, 6]]], c0: [[[0, 0, 0]], [[1, 1, 1]]] }, { numLayers: 2, cell: 'lstm' });
    expect(two.h0Shape).toEqual([2, 1, 3]);
    expect(Array.from(two.batch.c0!)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('reads class targets (ids, tokens, -100) and value targets', () => {
    const cls = parse({ x: ['ab', 'b'], targets: [['b', -100], [0]] }, { outputActivation: 'softmax' }, ['a', 'b']);
    expect(cls.targets).toEqual({ kind: 'classes', classes: new Int32Array([1, -100, 0, -100]) });
    const val = parse({ x: [[[1, 2]]], targets: [[[0.5, -0.5]]] });
    expect(val.targets).toEqual({ kind: 'values', values: new Float32Array([0.5, -0.5]) });
  });

  it.each([
    [{ x: [] }, {}, 'The input file is not valid at x: give at least one sequence.'],
    [{ x: [[[1, 2]]], y: 1 }, {}, /Unrecognized key: "y"/],
    [{ x: [[[1, 2, 3]]] }, {}, 'x[0][0] must be a list of D = 2 numbers (the model\'s input size).'],
    [{ x: [[[1, 'a']]] }, {}, 'x[0][0][1] = "a" is not a finite number.'],
    [{ x: [[]] }, {}, 'x[0] must be a non-empty list of steps.'],
    [{ x: ['q'] }, { embeddingSize: 2 }, 'x[0][0] is the token "q", but the model has no vocabulary: give token ids instead.'],
    [{ x: [[0, 5]] }, { embeddingSize: 2 }, 'x[0][1] = 5 is not a token id of this model (0 to 1).'],
    [{ x: [[[1, 2]]], lengths: [2] }, {}, 'lengths[0] = 2 is longer than x[0] (1 steps).'],
    [{ x: [[[1, 2]]], lengths: [1, 1] }, {}, 'lengths must hold one entry per sequence: 1, got 2.'],
    [{ x: [[[1, 2]]], h0: [[1, 2]] }, {}, 'h0 must have shape [L, n, H] = [1, 1, 3] or [n, H] = [1, 3]; got [1, 2].'],
    [{ x: [[[1, 2]]], h0: [[1, 2, 3]] }, { numLayers: 2 }, 'h0 must have shape [L, n, H] = [2, 1, 3]; got [1, 3].'],
    [{ x: [[[1, 2]]], c0: [[1, 2, 3]] }, { cell: 'gru' }, 'c0 was given, but only an LSTM has a cell state (this model is a GRU).'],
    [{ x: [[[1, 2]]], targets: [[[1, 2]]] }, { outputSize: 0 }, 'targets were given, but this model has no output layer, so it has no loss.'],
    [{ x: [[[1, 2]]], targets: [[0, 1]] }, { outputActivation: 'softmax' }, 'targets[0] has 2 steps but x[0] has 1.'],
    [{ x: [[[1, 2]]], targets: [[2]] }, { outputActivation: 'softmax' }, 'targets[0][0] = 2 is not a class of this model (0 to 1, or -100 to ignore the step).'],
    [{ x: [[[1, 2]]], targets: [[[1]]] }, {}, 'targets[0][0] must be a list of O = 2 numbers (the output size).'],
  ] as const)('refuses %j', (input, over, message) => {
    expect(() => parse(input, over)).toThrow(message);
  });

  it('names an unknown token', () => {
    expect(() => parse({ x: ['abz'] }, { embeddingSize: 2 }, ['a', 'b'])).toThrow('Unknown token "z" at x[0][2]: it is not in the model\'s vocabulary.');
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseTraceInput('{x: 1}', make())).toThrow(/The input file is not valid JSON/);
  });
});
