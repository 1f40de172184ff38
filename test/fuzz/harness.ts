/**
 * The fuzz suites' common rules: every property runs with a fixed, printed seed and a stated number of cases; each
 * case must end within CASE_LIMIT_MS; and a refusal must be the app's own: an EngineError (or, where an API answers
 * with text, a message), never a TypeError, RangeError or a stack overflow. Counts are summed for the final line.
 */
import * as fc from 'fast-check';
import { expect } from 'vitest';
import { EngineError } from '../../src/engine/errors';

/** The base seed of every suite; FUZZ_SEED overrides it to explore (a failure prints the seed and path to replay). */
export const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20261122);

/** The longest one case may take, ms: a measured bound (a synchronous reader cannot be interrupted, only timed). */
export const CASE_LIMIT_MS = 2000;

/** Cases run so far in this file, by suite name. */
export const tally = new Map<string, number>();

/** A suite's own seed: the base seed plus a hash of its name, so suites do not draw the same values. */
export function seedOf(name: string): number {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.codePointAt(0)!) | 0;
  return (BASE_SEED + (h >>> 0)) % 2 ** 31;
}

function record(name: string, seed: number, details: fc.RunDetails<unknown>): void {
  if (details.failed) {
    const cause = details.errorInstance;
    const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    throw new Error(`fuzz: ${name} failed (seed ${seed})\n${fc.defaultReportMessage(details) ?? ''}\n${why}`, { cause });
  }
  tally.set(name, (tally.get(name) ?? 0) + details.numRuns);
  console.log(`fuzz: ${name} ${details.numRuns} cases (seed ${seed})`);
}

/** Runs a synchronous property for `numRuns` seeded cases, prints its count, and fails with fast-check's report. */
export function checkProperty<T>(name: string, property: fc.IPropertyWithHooks<T>, numRuns: number): void {
  const seed = seedOf(name);
  record(name, seed, fc.check(property, { seed, numRuns }) as fc.RunDetails<unknown>);
}

/** Runs an asynchronous property; each case is cut off (and fails) after CASE_LIMIT_MS × `slack`. */
export async function checkAsyncProperty<T>(name: string, property: fc.IAsyncPropertyWithHooks<T>, numRuns: number, slack = 1): Promise<void> {
  const seed = seedOf(name);
  record(name, seed, (await fc.check(property, { seed, numRuns, timeout: CASE_LIMIT_MS * slack })) as fc.RunDetails<unknown>);
}

/** Runs `f`, failing when it takes longer than CASE_LIMIT_MS. */
export function bounded<T>(f: () => T, what = 'one case'): T {
  const t0 = performance.now();
  const overran = () => {
    const ms = performance.now() - t0;
    return ms > CASE_LIMIT_MS ? new Error(`${what} took ${ms.toFixed(0)} ms, more than the bound of ${CASE_LIMIT_MS} ms`) : null;
  };
  let result: T;
  try {
    result = f();
  } catch (e) {
    throw overran() ?? e;
  }
  const late = overran();
  if (late) throw late;
  return result;
}

/** Longest message a refusal may have: it names the problem, it does not echo the file. */
export const MAX_MESSAGE = 1500;

/** Asserts `e` is a refusal of the app's own: an EngineError with a sentence of bounded length. */
export function expectEngineError(e: unknown): asserts e is EngineError {
  if (!(e instanceof EngineError)) throw e;
  expect(e.message.length).toBeGreaterThan(10);
  expect(e.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
}

/**
 * Calls `read` (bounded in time): returns its result, or null when it refused with an EngineError; rethrows any
 * other error (a crash the fuzz must report). `onRefusal` counts refusals for the suite's sanity checks.
 */
export function readOrRefuse<T>(read: () => T, counts?: { loaded: number; refused: number }): T | null {
  try {
    const r = bounded(read);
    if (counts) counts.loaded++;
    return r;
  } catch (e) {
    expectEngineError(e);
    if (counts) counts.refused++;
    return null;
  }
}
