import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exportSafetensors } from '../../src/engine/io';
import { initModel } from '../../src/engine/init';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rnn-unfold-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real command, as `npm run -s trace --` does. */
function trace(...args: string[]) {
  return spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/trace.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('src/cli/trace.ts (spawned)', () => {
  it('prints one JSON object for a safetensors GRU with tokens and targets', () => {
    const m = initModel({ cell: 'gru', inputSize: 2, hiddenSize: 3, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true, bias: true, embeddingSize: 3, outputSize: 3, outputActivation: 'softmax' }, { seed: 5, vocabulary: ['a', 'b', 'c'] });
    writeFileSync(join(dir, 'model.safetensors'), exportSafetensors(m, { appVersion: 'test' }));
    writeFileSync(join(dir, 'in.json'), JSON.stringify({ x: ['abc', 'ca'], targets: ['bca', 'ab'] }));
    const res = trace('--model', join(dir, 'model.safetensors'), '--input', join(dir, 'in.json'));
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = JSON.parse(res.stdout);
    expect(out.h).toHaveLength(2);
    expect(out.h[0]).toHaveLength(3);
    expect(out.h[0][0]).toHaveLength(3);
    expect(out.y[0][0].reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
    expect(out.loss).toBeGreaterThan(0);
    expect(Object.keys(out.grads)).toEqual(['embedding.weight', 'rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0', 'out.weight', 'out.bias', 'h0', 'x']);
    expect(out.grads.x[1][2]).toEqual([0, 0]);
    expect(out.dh[1][2]).toEqual([0, 0, 0]);
    expect(out.lengths).toEqual([3, 2]);
  });

  it('fails with one line on stderr, exit code 2 and nothing on stdout', () => {
    writeFileSync(join(dir, 'bad.json'), '{"x": [[[1, 2]]],}');
    const res = trace('--model', join(dir, 'model.safetensors'), '--input', join(dir, 'bad.json'));
    expect(res.status).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^trace: The input file is not valid JSON: .+\n$/);
    expect(res.stderr.split('\n')).toHaveLength(2);
  });
});
