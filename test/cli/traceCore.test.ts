import { describe, expect, it } from 'vitest';
import { buildTraceJson, oneLine, runTrace } from '../../src/cli/traceCore';
import { parseTraceInput } from '../../src/cli/traceInput';
import { backpropThroughTime } from '../../src/engine/bptt';
import { exportNative, exportStateDict, importModel, nest } from '../../src/engine/io';
import { initModel } from '../../src/engine/init';
import type { ModelConfig } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';

const base: ModelConfig = {
  cell: 'rnn', inputSize: 2, hiddenSize: 3, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true,
  bias: true, embeddingSize: 0, outputSize: 2, outputActivation: 'softmax',
};
const enc = (s: string) => new TextEncoder().encode(s);

/** runTrace over in-memory files. */
function run(files: Record<string, string | Uint8Array>, argv: string[]) {
  return runTrace(argv, (path) => {
    const f = files[path];
    if (f === undefined) throw new Error(`no file ${path}`);
    return typeof f === 'string' ? enc(f) : f;
  });
}

describe('buildTraceJson(imported, input)', () => {
  const input = { x: [[[1, 0], [0, 1], [1, 1]], [[0.5, -0.5], [1, 2]]], targets: [[0, 1, 1], [1, 0]] };

  it('gives h, logits, y, loss, grads and dh of a one-layer RNN, equal to the engine', () => {
    const m = initModel(base, { seed: 4 });
    const imported = importModel(enc(exportNative(m)), 'm.json');
    const parsed = parseTraceInput(JSON.stringify(input), imported.model);
    const out = buildTraceJson(imported, parsed);
    expect(Object.keys(out)).toEqual(['h', 'logits', 'y', 'loss', 'grads', 'dh', 'lengths']);
    const trace = unroll(imported.model, parsed.batch);
    const { loss, grads } = backpropThroughTime(imported.model, parsed.batch, trace, parsed.targets!);
    expect(out.h).toEqual(nest(trace.layers[0].h, [2, 3, 3]));
    expect(out.y).toEqual(nest(trace.y!, [2, 3, 2]));
    expect(out.loss).toBe(loss);
    expect(out.dh).toEqual(nest(grads.dh[0], [2, 3, 3]));
    expect(out.lengths).toEqual([3, 2]);
    const g = out.grads as Record<string, unknown>;
    expect(Object.keys(g)).toEqual(['rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0', 'out.weight', 'out.bias', 'h0', 'x']);
    expect(g['rnn.weight_hh_l0']).toEqual(nest(grads.layers[0].weightHh, [3, 3]));
    expect(g.h0).toEqual(nest(grads.h0, [1, 2, 3]));
    expect(g.x).toEqual(nest(grads.x, [2, 3, 2]));
  });

  it('adds h_layers, c, c_layers and grads.c0 for a stacked LSTM, h0/c0 gradients in the shape given', () => {
    const m = initModel({ ...base, cell: 'lstm', numLayers: 2 }, { seed: 2 });
    const imported = importModel(enc(exportNative(m)), 'm.json');
    const parsed = parseTraceInput(JSON.stringify({ ...input, h0: [[[0, 0, 0], [1, 1, 1]], [[0, 0, 0], [0, 0, 0]]] }), imported.model);
    const out = buildTraceJson(imported, parsed);
    expect(Object.keys(out)).toEqual(['h', 'h_layers', 'c', 'c_layers', 'logits', 'y', 'loss', 'grads', 'dh', 'lengths']);
    expect((out.h_layers as unknown[]).length).toBe(2);
    expect((out.h_layers as unknown[])[1]).toEqual(out.h);
    const g = out.grads as Record<string, number[][][]>;
    expect([g.h0.length, g.h0[0].length, g.h0[0][0].length]).toEqual([2, 2, 3]);
    expect([g.c0.length, g.c0[0].length, g.c0[0][0].length]).toEqual([2, 2, 3]);
  });

  it('gives only h without an output layer or targets', () => {
    const m = initModel({ ...base, outputSize: 0, cell: 'gru' }, { seed: 2 });
    const imported = importModel(enc(exportNative(m)), 'm.json');
    const out = buildTraceJson(imported, parseTraceInput(JSON.stringify({ x: input.x }), imported.model));
    expect(Object.keys(out)).toEqual(['h', 'lengths']);
  });
});

describe('runTrace(argv, readFile)', () => {
  const m = initModel({ ...base, outputActivation: 'identity' }, { seed: 3 });
  const names = { 'rnn.weight_ih_l0': 'net.rnn.weight_ih_l0', 'rnn.weight_hh_l0': 'net.rnn.weight_hh_l0', 'rnn.bias_ih_l0': 'net.rnn.bias_ih_l0', 'rnn.bias_hh_l0': 'net.rnn.bias_hh_l0', 'out.weight': 'net.fc.weight', 'out.bias': 'net.fc.bias' };
  const files = {
    'sd.json': exportStateDict(m, names),
    'values.json': JSON.stringify({ x: [[[1, 2]]], targets: [[[0.5, 0.5]]], h0: [[0.1, 0.2, 0.3]] }),
    'classes.json': JSON.stringify({ x: [[[1, 2]]], targets: [[1]] }),
  };

  it('reports gradients under the names the model file used, h0 in the shape given', () => {
    const res = run(files, ['--model', 'sd.json', '--input', 'values.json']);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    const out = JSON.parse(res.stdout);
    expect(Object.keys(out.grads)).toEqual([...Object.values(names), 'h0', 'x']);
    expect(out.grads['net.fc.weight']).toHaveLength(2);
    expect(out.grads.h0).toHaveLength(1);
    expect(out.grads.h0[0]).toHaveLength(3);
    expect(out.warnings).toEqual(["The file does not record the RNN's nonlinearity: tanh assumed (PyTorch's default).", 'The file does not record the output activation: identity assumed (the output layer gives raw values).']);
  });

  it('uses identity for a state_dict unless --output says otherwise, and applies --nonlinearity', () => {
    expect(JSON.parse(run(files, ['--model', 'sd.json', '--input', 'values.json']).stdout).logits).toEqual(JSON.parse(run(files, ['--model', 'sd.json', '--input', 'values.json']).stdout).y);
    const soft = JSON.parse(run(files, ['--model', 'sd.json', '--input', 'classes.json', '--output', 'softmax']).stdout);
    expect(soft.y[0][0][0] + soft.y[0][0][1]).toBeCloseTo(1, 6);
    const relu = JSON.parse(run(files, ['--model', 'sd.json', '--input', 'classes.json', '--output', 'softmax', '--nonlinearity', 'relu']).stdout);
    expect(relu.h[0][0].every((v: number) => v >= 0)).toBe(true);
    expect(relu.warnings).toBeUndefined();
  });

  it('fails with one line and code 2, nothing on stdout', () => {
    const cases: [string[], string][] = [
      [['--model', 'sd.json'], 'trace: --input FILE is required.\n'],
      [['--model', 'sd.json', '--input', 'classes.json'], 'trace: targets[0][0] must be a list of O = 2 numbers (the output size).\n'],
      [['--model', 'sd.json', '--input', 'missing.json'], 'trace: internal error: no file missing.json\n'],
    ];
    for (const [argv, stderr] of cases) expect(run(files, argv)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('puts the .pt advice on one line, the Python joined with "; "', () => {
    const res = run({ 'model.pt': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0]), 'in.json': '{}' }, ['--model', 'model.pt', '--input', 'in.json']);
    expect(res.code).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('open that file instead: from safetensors.torch import save_file; save_file(model.state_dict(), "model.safetensors")');
  });

  it('prints the usage for --help', () => {
    const res = run({}, ['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Usage: npm run -s trace -- --model FILE --input FILE/);
  });

  it('oneLine() keeps one-line messages as they are', () => {
    expect(oneLine('x is wrong.')).toBe('x is wrong.');
  });
});
