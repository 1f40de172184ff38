import { describe, expect, it } from 'vitest';
import { traceToJson } from '../../src/engine/io/traceExport';
import { parseTraceJson } from '../../src/engine/io/traceImport';
import { unroll } from '../../src/engine/unroll';
import { model64, randomBatch } from '../engine/helpers';

describe('parseTraceJson(text)', () => {
  it('reads back what traceToJson writes: every layer, lengths and the numbers', () => {
    const m = model64({ cell: 'lstm', numLayers: 2, hiddenSize: 3 });
    const { batch } = randomBatch(m, 2, 4, 3, { lengths: [4, 2] });
    const tr = unroll(m, batch);
    const t = parseTraceJson(traceToJson(m, tr, { appVersion: '1', tokens: [['a', 'b', 'c', 'd'], ['e', 'f']] }));
    expect(t).toMatchObject({ n: 2, T: 4, H: 3, lengths: [4, 2], allLayers: true });
    expect(t.layers).toHaveLength(2);
    for (let l = 0; l < 2; l++) expect(Array.from(t.layers[l])).toEqual(Array.from(tr.layers[l].h));
  });

  it("reads the trace command's output (h only: the top layer) and defaults lengths to T", () => {
    const t = parseTraceJson(JSON.stringify({ h: [[[0.5, -0.25], [1, 0]]], warnings: [] }));
    expect(t).toMatchObject({ n: 1, T: 2, H: 2, lengths: [2], allLayers: false });
    expect(Array.from(t.layers[0])).toEqual([0.5, -0.25, 1, 0]);
  });

  it.each([
    ['not json', /^The file is not JSON/],
    ['[1, 2]', /JSON object with the key "h"/],
    ['{"x": 1}', /no "h" key/],
    ['{"h": []}', /"h" must be a non-empty list/],
    ['{"h": [[[1, 2], [3]]]}', /h\[0\]\[1\] must be a list of H = 2 numbers/],
    ['{"h": [[[1, 2]], [[1, 2], [3, 4]]]}', /h\[1\] must be a list of 1 steps/],
    ['{"h": [[[1, "a"]]]}', /h\[0\]\[0\]\[1\] is not a finite number/],
    ['{"h": [[[1]]], "lengths": [2]}', /lengths\[0\] must be a whole number from 0 to T = 1/],
    ['{"h": [[[1]]], "h_layers": [[[[1, 2]]]]}', /h_layers\[0\]\[0\]\[0\] must be a list of H = 1 numbers/],
  ])('refuses %s with a message naming the problem', (text, message) => {
    expect(() => parseTraceJson(text)).toThrow(message);
  });
});
