/**
 * A trace as a file: JSON in the schema of the trace command (docs/trace-command.md) plus the gates and the tokens,
 * or CSV with one row per step. Every file records its format version and the app version.
 */
import { GATE_NAMES } from '../cells';
import { nest } from './numbers';
import type { Model, Trace } from '../types';

/** Version of the trace file format. */
export const TRACE_FORMAT_VERSION = 1;

/** What the writers record besides the numbers. */
export interface TraceMeta {
  /** Version of the app that wrote the file. */
  appVersion: string;
  /** The token shown under each step of each sample, [n][T_b]. */
  tokens: string[][];
}


/** The trace as the trace command prints it (h, h_layers, c, c_layers, logits, y, lengths), plus gates and tokens. */
export function traceToJson(model: Model, trace: Trace, meta: TraceMeta): string {
  const { numLayers: L, hiddenSize: H, outputSize: O, cell } = model.config;
  const { n, T } = trace;
  const gates = GATE_NAMES[cell];
  const top = trace.layers[L - 1];
  const out: Record<string, unknown> = {
    format: 'rnn-unfold-trace', formatVersion: TRACE_FORMAT_VERSION, appVersion: meta.appVersion,
    cell, tokens: meta.tokens, lengths: Array.from(trace.lengths),
    h: nest(top.h, [n, T, H]),
  };
  if (L > 1) out.h_layers = trace.layers.map((l) => nest(l.h, [n, T, H]));
  if (top.c) out.c = nest(top.c, [n, T, H]);
  if (L > 1 && top.c) out.c_layers = trace.layers.map((l) => nest(l.c!, [n, T, H]));
  if (gates.length) {
    // Each gate as [n][T][H] of the top layer, named in PyTorch's order.
    out.gates = Object.fromEntries(gates.map((g, gi) => {
      const G = gates.length;
      const a = new Float64Array(n * T * H);
      for (let k = 0; k < n * T; k++) for (let j = 0; j < H; j++) a[k * H + j] = top.act[k * G * H + gi * H + j];
      return [g, nest(a, [n, T, H])];
    }));
  }
  if (trace.logits && trace.y && O) {
    out.logits = nest(trace.logits, [n, T, O]);
    out.y = nest(trace.y, [n, T, O]);
  }
  return JSON.stringify(out);
}

/** Quotes a CSV field when it needs it (RFC 4180). */
function field(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The trace as CSV: one row per (sample, step) with the token, h of every layer, c, the gates and y. */
export function traceToCsv(model: Model, trace: Trace, meta: TraceMeta): string {
  const { numLayers: L, hiddenSize: H, outputSize: O, cell } = model.config;
  const gates = GATE_NAMES[cell];
  const G = Math.max(1, gates.length);
  const head = ['sample', 'step', 'token'];
  for (let l = 0; l < L; l++) for (let j = 0; j < H; j++) head.push(L > 1 ? `h${l + 1}_${j + 1}` : `h${j + 1}`);
  const top = trace.layers[L - 1];
  if (top.c) for (let j = 0; j < H; j++) head.push(`c${j + 1}`);
  for (const g of gates) for (let j = 0; j < H; j++) head.push(`${g}${j + 1}`);
  if (trace.y) for (let k = 0; k < O; k++) head.push(`y${k + 1}`);
  const lines = [`# rnn-unfold trace, format ${TRACE_FORMAT_VERSION}, app ${meta.appVersion}`, head.join(',')];
  for (let b = 0; b < trace.n; b++) {
    for (let t = 0; t < trace.lengths[b]; t++) {
      const k = b * trace.T + t;
      const row: string[] = [String(b + 1), String(t + 1), field(meta.tokens[b]?.[t] ?? '')];
      for (const l of trace.layers) for (let j = 0; j < H; j++) row.push(String(l.h[k * H + j]));
      if (top.c) for (let j = 0; j < H; j++) row.push(String(top.c[k * H + j]));
      for (let gi = 0; gi < gates.length; gi++) for (let j = 0; j < H; j++) row.push(String(top.act[k * G * H + gi * H + j]));
      if (trace.y) for (let o = 0; o < O; o++) row.push(String(trace.y[k * O + o]));
      lines.push(row.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
