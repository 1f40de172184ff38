/**
 * Reads a hidden-state trace back from JSON: the app's trace file (traceExport.ts) or the trace command's output
 * (docs/trace-command.md). Both hold `h` as [n][T][H] (the top layer) and may hold `h_layers` [L][n][T][H] and
 * `lengths` [n]. Every problem is refused with a message that names the key and the index.
 */
import { EngineError } from '../errors';

/** Hidden states read from a trace file. */
export interface ImportedTrace {
  /** Samples. */
  n: number;
  /** Steps (the longest sample). */
  T: number;
  /** Units. */
  H: number;
  /** Valid steps per sample, [n] (T each when the file has no `lengths`). */
  lengths: number[];
  /** h of every layer, bottom first, each row-major [n, T, H]; a file without `h_layers` gives the top layer only. */
  layers: Float64Array[];
  /** True when the file had `h_layers` (layer k is layer k of the model), false when it had the top layer only. */
  allLayers: boolean;
  /** The input token of each step, [n][≤T], when the file has them (the app's trace files do), else null. */
  tokens: string[][] | null;
}

/** The longest token kept from a file (a step of numbers is written as text; longer ones are cut for display). */
const MAX_TOKEN_LENGTH = 200;

/** Reads the optional `tokens` [n][T_b] of strings; anything else is refused, naming the index. */
function readTokens(v: unknown, n: number, T: number): string[][] | null {
  if (v === undefined) return null;
  if (!Array.isArray(v) || v.length !== n) throw new EngineError(`"tokens" must be a list of n = ${n} lists of strings.`);
  return v.map((row: unknown, b) => {
    if (!Array.isArray(row) || row.length > T) throw new EngineError(`tokens[${b}] must be a list of at most T = ${T} strings.`);
    return row.map((tok: unknown, t) => {
      if (typeof tok !== 'string') throw new EngineError(`tokens[${b}][${t}] is not a string.`);
      return tok.slice(0, MAX_TOKEN_LENGTH);
    });
  });
}

/**
 * Reads a [n][T][H] array of finite numbers named `name`, with the shape given, or the shape it finds. The whole
 * array is checked before anything is allocated: a small file whose first sample and step claim a large n·T·H
 * (its other lists left empty) is refused for what it holds, without allocating what it claims.
 */
function readCube(v: unknown, name: string, shape?: [number, number, number]): { data: Float64Array; shape: [number, number, number] } {
  if (!Array.isArray(v) || v.length === 0) throw new EngineError(`"${name}" must be a non-empty list [n][T][H] of numbers.`);
  const n = v.length;
  const first: unknown = v[0];
  if (!Array.isArray(first) || first.length === 0) throw new EngineError(`${name}[0] must be a non-empty list of steps [T][H].`);
  const row: unknown = first[0];
  if (!Array.isArray(row) || row.length === 0) throw new EngineError(`${name}[0][0] must be a non-empty list of H numbers.`);
  const [N, T, H] = shape ?? [n, first.length, row.length];
  if (n !== N) throw new EngineError(`${name} has ${n} samples; expected ${N}.`);
  const rows = v as unknown[][][];
  for (let b = 0; b < N; b++) {
    const s = rows[b];
    if (!Array.isArray(s) || s.length !== T) throw new EngineError(`${name}[${b}] must be a list of ${T} steps (as ${name}[0]).`);
    for (let t = 0; t < T; t++) {
      const r = s[t];
      if (!Array.isArray(r) || r.length !== H) throw new EngineError(`${name}[${b}][${t}] must be a list of H = ${H} numbers.`);
      for (let j = 0; j < H; j++) {
        const x = r[j];
        if (typeof x !== 'number' || !Number.isFinite(x)) throw new EngineError(`${name}[${b}][${t}][${j}] is not a finite number.`);
      }
    }
  }
  const data = new Float64Array(N * T * H);
  for (let b = 0; b < N; b++) for (let t = 0; t < T; t++) data.set(rows[b][t] as number[], (b * T + t) * H);
  return { data, shape: [N, T, H] };
}

/** Parses a trace file's text; throws an EngineError whose message names the problem. */
export function parseTraceJson(text: string): ImportedTrace {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new EngineError(`The file is not JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new EngineError('The file must hold a JSON object with the key "h" ([n][T][H] hidden states).');
  const o = doc as Record<string, unknown>;
  if (!('h' in o)) throw new EngineError('The file has no "h" key: a trace file holds the hidden states as "h": [n][T][H].');
  const top = readCube(o.h, 'h');
  const [n, T, H] = top.shape;
  let lengths = Array.from({ length: n }, () => T);
  if (o.lengths !== undefined) {
    const l = o.lengths;
    if (!Array.isArray(l) || l.length !== n) throw new EngineError(`"lengths" must be a list of n = ${n} step counts.`);
    lengths = l.map((x: unknown, b) => {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > T) throw new EngineError(`lengths[${b}] must be a whole number from 0 to T = ${T}.`);
      return x;
    });
  }
  const tokens = readTokens(o.tokens, n, T);
  if (o.h_layers === undefined) return { n, T, H, lengths, layers: [top.data], allLayers: false, tokens };
  if (!Array.isArray(o.h_layers) || o.h_layers.length === 0) throw new EngineError('"h_layers" must be a non-empty list [L][n][T][H].');
  const layers = o.h_layers.map((v: unknown, l) => readCube(v, `h_layers[${l}]`, [n, T, H]).data);
  return { n, T, H, lengths, layers, allLayers: true, tokens };
}
