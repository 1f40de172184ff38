/**
 * Numeric sequences for the input editor and the forecasting model: generated series (seeded where random) and a
 * parser for pasted numbers. Every series is [T, D] row-major.
 */
import { EngineError } from './errors';
import { createRng } from './random';

/** A generated or parsed numeric sequence. */
export interface Series {
  /** Steps. */
  T: number;
  /** Numbers per step (columns). */
  D: number;
  /** Values, [T, D] row-major. */
  values: Float64Array;
}

/** The generators of the input editor. */
export type SeriesKind = 'sine' | 'square' | 'random-walk';

/** The longest generated or pasted series. */
export const MAX_SERIES_LENGTH = 2000;

/**
 * One column of T values:
 * - sine: sin(2π·t / period)
 * - square: +1 for the first half of each period, −1 for the second
 * - random walk: x_0 = 0, x_t = x_{t−1} + N(0, 1)·0.25, from the seeded PRNG (see random.ts)
 */
export function generateSeries(kind: SeriesKind, T: number, options: { period?: number; seed?: number } = {}): Series {
  if (!Number.isInteger(T) || T < 1 || T > MAX_SERIES_LENGTH) throw new EngineError(`A series needs 1 to ${MAX_SERIES_LENGTH} steps; got ${T}.`);
  const period = options.period ?? 20;
  if (!(period >= 2)) throw new EngineError(`The period must be at least 2 steps; got ${period}.`);
  const values = new Float64Array(T);
  if (kind === 'sine') for (let t = 0; t < T; t++) values[t] = Math.sin((2 * Math.PI * t) / period);
  else if (kind === 'square') for (let t = 0; t < T; t++) values[t] = (t % period) < period / 2 ? 1 : -1;
  else if (kind === 'random-walk') {
    const rng = createRng(options.seed ?? 1);
    for (let t = 1; t < T; t++) values[t] = values[t - 1] + 0.25 * rng.normal();
  } else throw new EngineError(`Unknown series "${String(kind)}": use sine, square or random-walk.`);
  return { T, D: 1, values };
}

/**
 * Parses pasted numbers: one step per line, numbers on a line separated by commas, semicolons, tabs or spaces
 * (a CSV row). A first line that is not numeric is taken as a header and skipped. Every row must have the same
 * number of columns.
 * @throws EngineError naming the line and the text that is not a number.
 */
export function parseSeries(text: string): Series {
  // Line numbers in messages count every line of the text, blank ones included, as the editor shows them.
  const lines = text.split(/\r?\n/).map((l, k) => ({ line: l.trim(), no: k + 1 })).filter((l) => l.line.length > 0);
  if (lines.length === 0) throw new EngineError('Type or paste numbers: one step per line, columns separated by commas.');
  // One line may be a header: more than that is refused before any line is read (a pasted file can be huge).
  if (lines.length > MAX_SERIES_LENGTH + 1) throw new EngineError(`${lines.length} lines: at most ${MAX_SERIES_LENGTH} steps are traced at once.`);
  const rows: number[][] = [];
  const rowLine: number[] = [];
  lines.forEach(({ line, no }, i) => {
    const cells = line.split(/[,;\t ]+/).filter((c) => c.length > 0);
    const nums = cells.map(Number);
    const bad = cells.findIndex((c, k) => !Number.isFinite(nums[k]) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(c));
    if (bad >= 0) {
      if (i === 0 && rows.length === 0 && nums.every((v) => Number.isNaN(v))) return; // a header row
      throw new EngineError(`Line ${no}: "${cells[bad].slice(0, 20)}" is not a number.`);
    }
    rows.push(nums);
    rowLine.push(no);
  });
  if (rows.length === 0) throw new EngineError('Only a header was found: add numbers under it.');
  if (rows.length > MAX_SERIES_LENGTH) throw new EngineError(`${rows.length} steps: at most ${MAX_SERIES_LENGTH} are traced at once.`);
  const D = rows[0].length;
  const wrong = rows.findIndex((r) => r.length !== D);
  if (wrong >= 0) throw new EngineError(`Line ${rowLine[wrong]} has ${rows[wrong].length} numbers where the first row has ${D}.`);
  return { T: rows.length, D, values: Float64Array.from(rows.flat()) };
}

/** Writes a series as text, one step per line, columns separated by ", ", with up to 4 decimals. */
export function formatSeries(s: Series): string {
  const lines: string[] = [];
  for (let t = 0; t < s.T; t++) lines.push(Array.from(s.values.subarray(t * s.D, (t + 1) * s.D), (v) => String(Number(v.toFixed(4)))).join(', '));
  return lines.join('\n');
}
