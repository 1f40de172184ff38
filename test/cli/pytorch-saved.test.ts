import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The README's trace command on models saved from PyTorch the way users save them (a state_dict as JSON, or
// safetensors in F32, F16 and BF16), against PyTorch 1.13's hidden states, outputs, loss and gradients.
// Fixtures: test/fixtures/pytorch-saved/, written by test/fixtures/make_trace_golden.py (run by hand).
//
// Tolerance, float32's, never loosened: pass when |a − b| ≤ 1e-5 + 1e-4·|b|, b PyTorch's value.
const ATOL = 1e-5;
const RTOL = 1e-4;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIR = 'test/fixtures/pytorch-saved';

/** One <case>.expected.json. */
interface SavedCase {
  name: string;
  description: string;
  torch: string;
  tolerance: { atol: number; rtol: number };
  /** Model file name in DIR. */
  model: string;
  /** Input file name in DIR. */
  input: string;
  /** Flags after --model FILE --input FILE. */
  args: string[];
  /** What the command must print, key by key (docs/trace-command.md). */
  expected: Record<string, unknown>;
}

const cases: SavedCase[] = readdirSync(join(ROOT, DIR))
  .filter((f) => f.endsWith('.expected.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(ROOT, DIR, f), 'utf8')) as SavedCase);

/** The README's command itself: `npm run -s trace -- --model FILE --input FILE [flags]`, from the project root. */
function trace(c: SavedCase) {
  const argv = ['run', '-s', 'trace', '--', '--model', `${DIR}/${c.model}`, '--input', `${DIR}/${c.input}`, ...c.args];
  return spawnSync('npm', argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** Every difference between the command's value and PyTorch's at `path`, each naming the index (at most `limit`). */
function mismatches(path: string, actual: unknown, expected: unknown, out: string[] = [], limit = 20): string[] {
  if (out.length >= limit) return out;
  if (typeof expected === 'number') {
    const bound = ATOL + RTOL * Math.abs(expected);
    if (typeof actual !== 'number') out.push(`${path}: the command printed ${JSON.stringify(actual)}, PyTorch ${expected}`);
    else if (!(Math.abs(actual - expected) <= bound)) {
      out.push(`${path}: command ${actual}, PyTorch ${expected}, |diff| ${Math.abs(actual - expected).toExponential(2)} > ${bound.toExponential(2)}`);
    }
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${path}: the command printed ${Array.isArray(actual) ? `${actual.length} entries` : JSON.stringify(actual)}, PyTorch ${expected.length} entries`);
    } else expected.forEach((e, i) => mismatches(`${path}[${i}]`, actual[i], e, out, limit));
  } else {
    const e = expected as Record<string, unknown>;
    const a = (actual ?? {}) as Record<string, unknown>;
    const keys = Object.keys(e), got = Object.keys(a);
    const missing = keys.filter((k) => !(k in a)), extra = got.filter((k) => !(k in e));
    if (missing.length + extra.length > 0) out.push(`${path}: keys missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(extra)}`);
    for (const k of keys) if (k in a) mismatches(`${path}.${k}`, a[k], e[k], out, limit);
  }
  return out;
}

/** Each tensor's dtype ('state_dict' for a JSON file) and shape, as the model file holds them. */
function tensorsOf(file: string): { name: string; dtype: string; shape: number[] }[] {
  const bytes = readFileSync(join(ROOT, DIR, file));
  if (file.endsWith('.json')) {
    const shapeOf = (v: unknown): number[] => (Array.isArray(v) ? [v.length, ...shapeOf(v[0])] : []);
    return Object.entries(JSON.parse(bytes.toString('utf8')) as Record<string, unknown>).map(([name, v]) => ({ name, dtype: 'state_dict', shape: shapeOf(v) }));
  }
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, { dtype: string; shape: number[] }>;
  return Object.entries(header).filter(([k]) => k !== '__metadata__').map(([name, { dtype, shape }]) => ({ name, dtype, shape }));
}

/** The flag's value in a case's args, or undefined. */
const flag = (c: SavedCase, name: string) => (c.args.includes(name) ? c.args[c.args.indexOf(name) + 1] : undefined);

describe('the PyTorch-saved fixtures', () => {
  it('cover state_dict JSON and safetensors F32, F16 and BF16, every cell, σ relu, every output activation, lengths, h0 and c0', () => {
    const tensors = cases.map((c) => tensorsOf(c.model));
    expect(new Set(tensors.flatMap((ts) => ts.map((t) => t.dtype)))).toEqual(new Set(['state_dict', 'F32', 'F16', 'BF16']));
    const cells = tensors.map((ts) => {
      const [gh, h] = ts.find((t) => t.name.endsWith('weight_hh_l0'))!.shape;
      return ({ 1: 'rnn', 3: 'gru', 4: 'lstm' } as Record<number, string>)[gh / h];
    });
    expect(new Set(cells)).toEqual(new Set(['rnn', 'gru', 'lstm']));
    expect(new Set(cases.map((c) => flag(c, '--output') ?? 'identity'))).toEqual(new Set(['softmax', 'sigmoid', 'tanh', 'identity']));
    expect(cases.map((c) => flag(c, '--nonlinearity'))).toContain('relu');
    const inputs = cases.map((c) => JSON.parse(readFileSync(join(ROOT, DIR, c.input), 'utf8')) as Record<string, unknown>);
    expect(inputs.some((i) => 'h0' in i && 'c0' in i)).toBe(true);
    expect(inputs.some((i) => 'lengths' in i)).toBe(true);
    expect(cases.map((c) => c.tolerance)).toEqual(cases.map(() => ({ atol: ATOL, rtol: RTOL })));
  });
});

describe('npm run -s trace -- --model FILE --input FILE on models saved from PyTorch', () => {
  for (const c of cases) {
    it(`${c.name}: every printed quantity matches PyTorch (${c.description})`, () => {
      const res = trace(c);
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      const { warnings: _warnings, ...out } = JSON.parse(res.stdout) as Record<string, unknown>;
      expect(mismatches(c.name, out, c.expected)).toEqual([]);
    }, 30_000);
  }
});
