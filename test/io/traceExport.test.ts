import { describe, expect, it } from 'vitest';
import { traceToCsv, traceToJson } from '../../src/engine/io/traceExport';
import { parseTraceJson } from '../../src/engine/io/traceImport';
import { unroll } from '../../src/engine/unroll';
import { model64, randomBatch } from '../engine/helpers';

describe('traceToJson(model, trace, meta)', () => {
  it('writes h, c, each gate, logits and y in [n][T][·] with versions and tokens', () => {
    const m = model64({ cell: 'lstm', numLayers: 2, hiddenSize: 3 });
    const { batch } = randomBatch(m, 2, 4, 3, { lengths: [4, 2] });
    const tr = unroll(m, batch);
    const out = JSON.parse(traceToJson(m, tr, { appVersion: '9.9', tokens: [['a', 'b', 'c', 'd'], ['e', 'f']] }));
    expect(out).toMatchObject({ format: 'rnn-unfold-trace', formatVersion: 1, appVersion: '9.9', cell: 'lstm', lengths: [4, 2] });
    expect(out.h[1][1][2]).toBeCloseTo(tr.layers[1].h[(1 * 4 + 1) * 3 + 2], 12);
    expect(out.h_layers[0][0][3][0]).toBeCloseTo(tr.layers[0].h[3 * 3], 12);
    expect(out.gates.f[0][2][1]).toBeCloseTo(tr.layers[1].act[2 * 12 + 3 + 1], 12);
    expect(out.c[0][0][0]).toBeCloseTo(tr.layers[1].c![0], 12);
    expect(out.y[0][0]).toHaveLength(m.config.outputSize);
    // Read back (the run diff's trace file): the same hidden states, lengths and tokens.
    const back = parseTraceJson(JSON.stringify(out));
    expect([back.n, back.T, back.H, back.lengths, back.allLayers, back.tokens]).toEqual([2, 4, 3, [4, 2], true, [['a', 'b', 'c', 'd'], ['e', 'f']]]);
    expect(back.layers[1][(1 * 4 + 1) * 3 + 2]).toBeCloseTo(tr.layers[1].h[(1 * 4 + 1) * 3 + 2], 12);
  });
});

describe('traceToCsv(model, trace, meta)', () => {
  it('writes one row per valid step with a header, quoting tokens that need it', () => {
    const m = model64({ cell: 'gru', hiddenSize: 2 });
    const { batch } = randomBatch(m, 2, 3, 5, { lengths: [3, 1] });
    const tr = unroll(m, batch);
    const csv = traceToCsv(m, tr, { appVersion: '1', tokens: [['a', ',', '"'], ['x']] });
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('# rnn-unfold trace, format 1, app 1');
    expect(lines[1]).toBe('sample,step,token,h1,h2,r1,r2,z1,z2,n1,n2,y1,y2,y3');
    expect(lines).toHaveLength(2 + 3 + 1);
    expect(lines[3].startsWith('1,2,",",')).toBe(true);
    expect(lines[4].startsWith('1,3,"""",')).toBe(true);
    expect(Number(lines[5].split(',')[3])).toBeCloseTo(tr.layers[0].h[3 * 2], 12);
  });
});
