/**
 * The golden fixtures written by test/fixtures/make_golden.py (PyTorch 1.13): their JSON shape, loaders that
 * turn them into engine Models, Batches and Targets, and a tolerance check that names what differs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { zeroParams } from '../../src/engine/init';
import { namedParams } from '../../src/engine/named';
import type { OptimizerConfig } from '../../src/engine/optim';
import { alloc } from '../../src/engine/tensor';
import type { Arr, Batch, DType, Model, ModelConfig, Targets } from '../../src/engine/types';

/** A number or nested lists of numbers, PyTorch's `tolist()`. */
export type Nested = number | Nested[];

/** Pass when |a − b| ≤ atol + rtol·|b|, b the PyTorch value. */
export interface Tolerance {
  /** Absolute part. */
  atol: number;
  /** Relative part. */
  rtol: number;
}

interface FixtureBase {
  /** File name without .json. */
  name: string;
  /** What the fixture exercises. */
  description: string;
  /** Storage dtype of every tensor PyTorch used. */
  dtype: DType;
  /** The tolerance every comparison of this fixture uses. */
  tolerance: Tolerance;
  /** ModelConfig, engine field names. */
  config: ModelConfig;
  /** Parameters by canonical name, PyTorch layout. */
  params: Record<string, Nested>;
  /** x [n][T][D] or tokens [n][T]; lengths [n]; h0, c0 [L][n][H]; null where absent. */
  input: { n: number; T: number; x: Nested | null; tokens: number[][] | null; lengths: number[] | null; h0: Nested | null; c0: Nested | null };
  /** Class ids [n][T] (−100 = ignore) or values [n][T][O]. */
  targets: { kind: 'classes'; classes: number[][] } | { kind: 'values'; values: Nested };
}

/** A forward and backward pass with everything PyTorch computed. */
export interface TraceFixture extends FixtureBase {
  kind: 'trace';
  /** Truncation window k of BPTT, 0 for full. */
  truncation: number;
  /** [L][n][T][H] states, [L][n][H] last states, [n][T][O] outputs, gradients, [n][T] Jacobian norms. */
  expected: {
    h: Nested; c?: Nested; hLast: Nested; cLast?: Nested; logits: Nested; y: Nested; loss: number;
    grads: Record<string, Nested>; dh0: Nested; dc0?: Nested; dx: Nested; dh: Nested; dc?: Nested;
    jacobianNorms: Nested;
  };
}

/** Optimizer steps after clip_grad_norm_, on one fixed batch. */
export interface OptimizerFixture extends FixtureBase {
  kind: 'optimizer';
  /** The engine's optimizer settings, equal to the torch.optim arguments. */
  optimizer: OptimizerConfig;
  /** clip_grad_norm_'s max_norm. */
  maxNorm: number;
  /** Per step: the loss before it, the gradient norm before clipping, and the parameters after it. */
  steps: { loss: number; gradNorm: number; params: Record<string, Nested> }[];
}

/** Any fixture. */
export type Fixture = TraceFixture | OptimizerFixture;

const DIR = new URL('../fixtures/golden/', import.meta.url);

/** Every fixture in test/fixtures/golden, sorted by name. */
export function loadFixtures(): Fixture[] {
  return readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Fixture);
}

/** Row-major flattening of nested lists. */
export function flat(v: Nested): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

/** The shape of nested lists (first element of every level). */
function shapeOf(v: Nested): number[] {
  const s: number[] = [];
  for (let cur = v; Array.isArray(cur); cur = cur[0]) s.push(cur.length);
  return s;
}

function typed(dtype: DType, v: Nested): Arr {
  const values = flat(v);
  const a = alloc(dtype, values.length);
  a.set(values);
  return a;
}

/** The engine model with the fixture's parameters, in the fixture's dtype. Throws if the name sets differ. */
export function modelOf(f: Fixture, params: Record<string, Nested> = f.params): Model {
  const model: Model = { config: f.config, params: zeroParams(f.config, f.dtype), vocabulary: [] };
  const named = namedParams(model);
  const want = named.map((p) => p.name).sort().join(', ');
  const got = Object.keys(params).sort().join(', ');
  if (want !== got) throw new Error(`${f.name}: the engine's parameters are [${want}] but the fixture has [${got}]`);
  for (const p of named) {
    const values = flat(params[p.name]);
    if (values.length !== p.data.length) throw new Error(`${f.name}: ${p.name} has ${values.length} values, the engine expects ${p.data.length}`);
    p.data.set(values);
  }
  return model;
}

/** The fixture's input as an engine Batch. */
export function batchOf(f: Fixture): Batch {
  const { n, T, x, tokens, lengths, h0, c0 } = f.input;
  return {
    n, T,
    x: x === null ? null : typed(f.dtype, x),
    tokens: tokens === null ? null : Int32Array.from(flat(tokens)),
    lengths: lengths === null ? null : Int32Array.from(lengths),
    h0: h0 === null ? null : typed(f.dtype, h0),
    c0: c0 === null ? null : typed(f.dtype, c0),
  };
}

/** The fixture's targets as engine Targets. */
export function targetsOf(f: Fixture): Targets {
  return f.targets.kind === 'classes'
    ? { kind: 'classes', classes: Int32Array.from(flat(f.targets.classes)) }
    : { kind: 'values', values: typed(f.dtype, f.targets.values) };
}

/**
 * Compares an engine array with a PyTorch value under a tolerance.
 * @returns one line per element out of tolerance (at most `limit`), naming the quantity and the index;
 *   empty when everything matches.
 */
export function mismatches(what: string, actual: ArrayLike<number> | number, expected: Nested, tol: Tolerance, limit = 5): string[] {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const b = flat(expected);
  if (a.length !== b.length) return [`${what}: the engine has ${a.length} values, PyTorch ${b.length}`];
  const shape = shapeOf(expected);
  const out: string[] = [];
  for (let i = 0; i < b.length && out.length < limit; i++) {
    const err = Math.abs(a[i] - b[i]);
    const bound = tol.atol + tol.rtol * Math.abs(b[i]);
    if (!(err <= bound)) {
      let rest = i;
      const idx = shape.map((_, k) => {
        const stride = shape.slice(k + 1).reduce((p, d) => p * d, 1);
        const v = Math.floor(rest / stride);
        rest -= v * stride;
        return `[${v}]`;
      }).join('');
      out.push(`${what}${idx}: engine ${a[i]}, PyTorch ${b[i]}, |diff| ${err.toExponential(2)} > ${bound.toExponential(2)}`);
    }
  }
  return out;
}
