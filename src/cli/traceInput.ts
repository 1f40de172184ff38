/**
 * The trace command's input file, checked and turned into an engine Batch and Targets:
 * `{"x": [n][T][D] vectors or [n][T] tokens, "lengths"?: [n], "h0"?: [n][H] or [L][n][H], "c0"?: same,
 *   "targets"?: [n][T] classes (softmax) or [n][T][O] values}`.
 * Sequences may differ in length: T is the longest, shorter ones are padded and their length is their own.
 * A token is an id, or a string of the model's vocabulary; a whole sequence may be one string (one token per
 * character). Every message names the entry at fault, as x[b][t].
 */
import { z } from 'zod';
import { EngineError } from '../engine/errors';
import { MAX_TOTAL_ELEMENTS } from '../engine/io';
import { formatShape, nestedSource } from '../engine/io/tensors';
import { parseJsonLenient, zodMessage } from '../engine/io/text';
import { IGNORE_INDEX } from '../engine/loss';
import { alloc } from '../engine/tensor';
import { gatesOf } from '../engine/cells';
import type { Arr, Batch, Model, Targets } from '../engine/types';

/** A checked input. */
export interface TraceInput {
  /** The batch for unroll. */
  batch: Batch;
  /** Targets for the loss, or null when none were given. */
  targets: Targets | null;
  /** Shape of h0 as given ([n, H] or [L, n, H]), or null when absent: gradients are reported in it. */
  h0Shape: number[] | null;
  /** Shape of c0 as given, or null. */
  c0Shape: number[] | null;
}

const inputSchema = z.strictObject({
  x: z.array(z.unknown()).min(1, 'give at least one sequence'),
  lengths: z.array(z.int().min(1)).optional(),
  h0: z.unknown().optional(),
  c0: z.unknown().optional(),
  targets: z.array(z.unknown()).optional(),
});

const fail = (message: string): never => { throw new EngineError(message); };

/** The steps of one sequence: a list, or a string read as one token per character. */
function stepsOf(v: unknown, path: string): unknown[] {
  if (typeof v === 'string') return Array.from(v);
  if (!Array.isArray(v) || v.length === 0) return fail(`${path} must be a non-empty list of steps.`);
  return v;
}

/** Index of a token string in the vocabulary, or a message naming it. */
function tokenIndex(model: Model, tok: string, path: string): number {
  if (model.vocabulary.length === 0) fail(`${path} is the token ${JSON.stringify(tok)}, but the model has no vocabulary: give token ids instead.`);
  const k = model.vocabulary.indexOf(tok);
  if (k < 0) fail(`Unknown token ${JSON.stringify(tok)} at ${path}: it is not in the model's vocabulary.`);
  return k;
}

/** Writes step t of sample b (a token id, or a D-vector / one-hot token) into the batch arrays. */
function readStep(model: Model, v: unknown, path: string, out: { tokens: Int32Array | null; x: Arr | null }, at: number): void {
  const { embeddingSize: V, inputSize: D } = model.config;
  if (out.tokens) {
    const id = typeof v === 'string' ? tokenIndex(model, v, path) : v;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= V) fail(`${path} = ${JSON.stringify(id)} is not a token id of this model (0 to ${V - 1}).`);
    out.tokens[at] = id as number;
    return;
  }
  if (typeof v === 'string') { out.x![at * D + tokenIndex(model, v, path)] = 1; return; }
  if (!Array.isArray(v) || v.length !== D) fail(`${path} must be a list of D = ${D} numbers (the model's input size).`);
  (v as unknown[]).forEach((num, k) => {
    if (typeof num !== 'number' || !Number.isFinite(num)) fail(`${path}[${k}] = ${JSON.stringify(num)} is not a finite number.`);
    out.x![at * D + k] = num as number;
  });
}

/** Reads h0 or c0 as [n, H] (one layer) or [L, n, H] into an [L, n, H] array. */
function readState(model: Model, v: unknown, name: 'h0' | 'c0', n: number): { data: Arr; shape: number[] } {
  const { numLayers: L, hiddenSize: H } = model.config;
  const src = nestedSource(name, v);
  const ok = (L === 1 && src.shape.length === 2 && src.shape[0] === n && src.shape[1] === H)
    || (src.shape.length === 3 && src.shape[0] === L && src.shape[1] === n && src.shape[2] === H);
  if (!ok) fail(`${name} must have shape [L, n, H] = ${formatShape([L, n, H])}${L === 1 ? ` or [n, H] = ${formatShape([n, H])}` : ''}; got ${formatShape(src.shape)}.`);
  const data = alloc('float32', L * n * H);
  src.read(data);
  return { data, shape: src.shape };
}

/** Reads the targets: class ids or tokens [n][T_b] for a softmax output, else values [n][T_b][O]. */
function readTargets(model: Model, raw: unknown[], seqLengths: number[], T: number): Targets {
  const { outputSize: O, outputActivation } = model.config;
  if (O === 0) fail('targets were given, but this model has no output layer, so it has no loss.');
  const n = seqLengths.length;
  if (raw.length !== n) fail(`targets must hold one entry per sequence: ${n}, got ${raw.length}.`);
  const classes = outputActivation === 'softmax';
  const out = classes ? new Int32Array(n * T).fill(IGNORE_INDEX) : alloc('float32', n * T * O);
  raw.forEach((seq, b) => {
    const steps = stepsOf(seq, `targets[${b}]`);
    if (steps.length !== seqLengths[b]) fail(`targets[${b}] has ${steps.length} steps but x[${b}] has ${seqLengths[b]}.`);
    steps.forEach((v, t) => {
      const path = `targets[${b}][${t}]`;
      if (classes) {
        if (typeof v === 'string' && model.vocabulary.length !== O) fail(`${path} is a token, but the ${O} output classes are not the model's vocabulary: give class indices.`);
        const c = typeof v === 'string' ? tokenIndex(model, v, path) : v;
        if (typeof c !== 'number' || !Number.isInteger(c) || (c !== IGNORE_INDEX && (c < 0 || c >= O))) fail(`${path} = ${JSON.stringify(c)} is not a class of this model (0 to ${O - 1}, or ${IGNORE_INDEX} to ignore the step).`);
        out[b * T + t] = c as number;
      } else {
        if (!Array.isArray(v) || v.length !== O) fail(`${path} must be a list of O = ${O} numbers (the output size).`);
        (v as unknown[]).forEach((num, k) => {
          if (typeof num !== 'number' || !Number.isFinite(num)) fail(`${path}[${k}] = ${JSON.stringify(num)} is not a finite number.`);
          out[(b * T + t) * O + k] = num as number;
        });
      }
    });
  });
  return classes ? { kind: 'classes', classes: out as Int32Array } : { kind: 'values', values: out as Arr };
}

/** Parses and checks the input file text against a model; throws an EngineError naming the entry at fault. */
export function parseTraceInput(text: string, model: Model): TraceInput {
  const parsed = inputSchema.safeParse(parseJsonLenient(text, 'The input file'));
  if (!parsed.success) throw new EngineError(zodMessage(parsed.error, 'The input file'));
  const { x, lengths, h0, c0, targets } = parsed.data;
  const { embeddingSize, inputSize: D, hiddenSize: H, numLayers: L, cell } = model.config;
  const samples = x.map((s, b) => stepsOf(s, `x[${b}]`));
  const n = samples.length;
  const seqLengths = samples.map((s) => s.length);
  const T = seqLengths.reduce((a, b) => Math.max(a, b), 0);
  const work = n * T * Math.max(D, gatesOf(cell) * H * L);
  if (work > MAX_TOTAL_ELEMENTS) fail(`The input is too large to trace: n = ${n} sequences of up to T = ${T} steps need ${work} numbers per array (the limit is ${MAX_TOTAL_ELEMENTS}).`);
  const out = { tokens: embeddingSize > 0 ? new Int32Array(n * T) : null, x: embeddingSize > 0 ? null : alloc('float32', n * T * D) };
  samples.forEach((steps, b) => steps.forEach((v, t) => readStep(model, v, `x[${b}][${t}]`, out, b * T + t)));
  if (lengths) {
    if (lengths.length !== n) fail(`lengths must hold one entry per sequence: ${n}, got ${lengths.length}.`);
    lengths.forEach((len, b) => { if (len > seqLengths[b]) fail(`lengths[${b}] = ${len} is longer than x[${b}] (${seqLengths[b]} steps).`); });
  }
  if (c0 !== undefined && cell !== 'lstm') fail(`c0 was given, but only an LSTM has a cell state (this model is ${cell === 'gru' ? 'a GRU' : 'an RNN'}).`);
  const hs = h0 === undefined ? null : readState(model, h0, 'h0', n);
  const cs = c0 === undefined ? null : readState(model, c0, 'c0', n);
  return {
    batch: { n, T, x: out.x, tokens: out.tokens, lengths: Int32Array.from(lengths ?? seqLengths), h0: hs?.data ?? null, c0: cs?.data ?? null },
    targets: targets ? readTargets(model, targets, seqLengths, T) : null,
    h0Shape: hs?.shape ?? null,
    c0Shape: cs?.shape ?? null,
  };
}
