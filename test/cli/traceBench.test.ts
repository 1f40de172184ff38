import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTraceArgs } from '../../src/cli/traceArgs';
import { benchTrace, runTrace } from '../../src/cli/traceCore';
import { parseTraceInput } from '../../src/cli/traceInput';
import { EngineError } from '../../src/engine/errors';
import { exportNative, importModel } from '../../src/engine/io';
import { initModel } from '../../src/engine/init';
import type { ModelConfig } from '../../src/engine/types';

const config: ModelConfig = {
  cell: 'lstm', inputSize: 2, hiddenSize: 4, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true,
  bias: true, embeddingSize: 0, outputSize: 2, outputActivation: 'softmax',
};
const enc = (s: string) => new TextEncoder().encode(s);
const files: Record<string, string> = {
  'm.json': exportNative(initModel(config, { seed: 2 })),
  'targets.json': JSON.stringify({ x: [[[1, 0], [0, 1], [1, 1]]], targets: [[0, 1, 1]] }),
  'plain.json': JSON.stringify({ x: [[[1, 0], [0, 1], [1, 1]]] }),
};
const run = (argv: string[]) => runTrace(argv, (path) => enc(files[path]));

describe('parseTraceArgs(argv) with --bench', () => {
  it('reads --bench N and --bench=N', () => {
    expect(parseTraceArgs(['--model', 'm', '--input', 'i', '--bench', '20'])).toEqual({ model: 'm', input: 'i', bench: 20 });
    expect(parseTraceArgs(['--model', 'm', '--input', 'i', '--bench=1'])).toEqual({ model: 'm', input: 'i', bench: 1 });
  });

  it.each(['0', '-3', '2.5', 'ten', '1e3', '99999999999999999999'])('refuses --bench %s', (n) => {
    const argv = ['--model', 'm', '--input', 'i', `--bench=${n}`];
    expect(() => parseTraceArgs(argv)).toThrow(EngineError);
    expect(() => parseTraceArgs(argv)).toThrow(`--bench needs a positive whole number of passes, as in --bench 20; got "${n}".`);
  });

  it('refuses --bench without a value', () => {
    expect(() => parseTraceArgs(['--model', 'm', '--input', 'i', '--bench'])).toThrow('--bench needs a value.');
  });
});

describe('benchTrace(imported, input, runs, now)', () => {
  const imported = importModel(enc(files['m.json']), 'm.json');

  it('reports the median of the timed passes; the warm-up pass is not timed', () => {
    // A clock read twice per timed pass: pass durations 5, 2, 9 (forward), then 7, 3, 4 (forward + backward).
    const reads = [0, 5, 10, 12, 20, 29, 100, 107, 110, 113, 120, 124];
    let i = 0;
    const out = benchTrace(imported, parseTraceInput(files['targets.json'], imported.model), 3, () => reads[i++]);
    expect(out).toEqual({ fwd_ms: 5, fb_ms: 4 });
    expect(i).toBe(reads.length);
  });

  it('gives fb_ms null and times only the forward passes without targets', () => {
    let reads = 0;
    const out = benchTrace(imported, parseTraceInput(files['plain.json'], imported.model), 4, () => reads++);
    // Durations are all 1; the median of an even count is the mean of the middle two.
    expect(out).toEqual({ fwd_ms: 1, fb_ms: null });
    expect(reads).toBe(8);
  });
});

describe('runTrace(argv, readFile) with --bench', () => {
  it('prints only {"fwd_ms", "fb_ms"} with finite times', () => {
    const res = run(['--model', 'm.json', '--input', 'targets.json', '--bench', '3']);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    const out = JSON.parse(res.stdout);
    expect(Object.keys(out)).toEqual(['fwd_ms', 'fb_ms']);
    for (const v of [out.fwd_ms, out.fb_ms]) expect(Number.isFinite(v) && v >= 0).toBe(true);
  });

  it('prints fb_ms null when the input has no targets', () => {
    const out = JSON.parse(run(['--model', 'm.json', '--input', 'plain.json', '--bench=2']).stdout);
    expect(out.fb_ms).toBeNull();
    expect(Number.isFinite(out.fwd_ms)).toBe(true);
  });

  it('fails with one line and code 2 for a bad N', () => {
    expect(run(['--model', 'm.json', '--input', 'plain.json', '--bench', '0'])).toEqual({
      code: 2, stdout: '', stderr: 'trace: --bench needs a positive whole number of passes, as in --bench 20; got "0".\n',
    });
  });
});

describe('src/cli/trace.ts --bench (spawned)', () => {
  const ROOT = fileURLToPath(new URL('../..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'rnn-unfold-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const trace = (...args: string[]) => spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/trace.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('prints one line of JSON on stdout and exits 0; a bad N exits 2 with the message', () => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const ok = trace('--model', join(dir, 'm.json'), '--input', join(dir, 'targets.json'), '--bench', '2');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(Object.keys(JSON.parse(ok.stdout))).toEqual(['fwd_ms', 'fb_ms']);
    const bad = trace('--model', join(dir, 'm.json'), '--input', join(dir, 'targets.json'), '--bench', 'x');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('trace: --bench needs a positive whole number of passes, as in --bench 20; got "x".\n');
  });
});
