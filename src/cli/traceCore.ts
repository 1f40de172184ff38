/**
 * The trace command without Node: flags and file bytes in, one JSON object or one error line out.
 * trace.ts only reads the files and writes the streams.
 */
import { backpropThroughTime } from '../engine/bptt';
import { EngineError } from '../engine/errors';
import { importModel, nest, type ImportedModel } from '../engine/io';
import { decodeUtf8 } from '../engine/io/text';
import { namedGrads } from '../engine/named';
import { unroll } from '../engine/unroll';
import { parseTraceArgs, TRACE_USAGE } from './traceArgs';
import { parseTraceInput, type TraceInput } from './traceInput';

/** Reads a file named on the command line; throws an EngineError for the user when it cannot. */
export type ReadFile = (path: string, role: 'model' | 'input') => Uint8Array;

/** What the command prints and its exit code. */
export interface TraceOutcome {
  /** 0 on success, 2 on any error. */
  code: number;
  /** The JSON object and a newline, or the usage text; empty on error. */
  stdout: string;
  /** One line on error, else empty. */
  stderr: string;
}

/**
 * Runs the model on the input and builds the output object (shapes in docs/trace-command.md):
 * h, h_layers (L > 1), c, c_layers (LSTM), logits, y (output layer), and with targets loss, grads and dh.
 */
export function buildTraceJson(imported: ImportedModel, input: TraceInput): Record<string, unknown> {
  const { model, names, warnings } = imported;
  const { batch, targets } = input;
  const { numLayers: L, hiddenSize: H, inputSize: D, outputSize: O, cell } = model.config;
  const { n, T } = batch;
  const trace = unroll(model, batch);
  const top = trace.layers[L - 1];
  const out: Record<string, unknown> = { h: nest(top.h, [n, T, H]) };
  if (L > 1) out.h_layers = trace.layers.map((tr) => nest(tr.h, [n, T, H]));
  if (cell === 'lstm') {
    out.c = nest(top.c!, [n, T, H]);
    if (L > 1) out.c_layers = trace.layers.map((tr) => nest(tr.c!, [n, T, H]));
  }
  if (O > 0) {
    out.logits = nest(trace.logits!, [n, T, O]);
    out.y = nest(trace.y!, [n, T, O]);
  }
  if (targets) {
    const { loss, grads } = backpropThroughTime(model, batch, trace, targets);
    out.loss = loss;
    const g: Record<string, unknown> = {};
    for (const t of namedGrads(model, grads)) g[names[t.name] ?? t.name] = nest(t.data, t.shape);
    g.h0 = nest(grads.h0, input.h0Shape ?? [L, n, H]);
    if (grads.c0) g.c0 = nest(grads.c0, input.c0Shape ?? [L, n, H]);
    g.x = nest(grads.x, [n, T, D]);
    out.grads = g;
    out.dh = nest(grads.dh[L - 1], [n, T, H]);
  }
  out.lengths = Array.from(trace.lengths);
  if (warnings.length > 0) out.warnings = warnings;
  return out;
}

/** Median of a non-empty list. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times the engine on the input: the median wall time of `runs` forward passes (unroll) and, when the input has
 * targets, of `runs` forward + backward passes (unroll, then backpropThroughTime), each after one untimed pass
 * that lets the JIT compile. fb_ms is null without targets.
 */
export function benchTrace(imported: ImportedModel, input: TraceInput, runs: number, now: () => number = () => performance.now()): { fwd_ms: number; fb_ms: number | null } {
  const { model } = imported;
  const { batch, targets } = input;
  const time = (fn: () => void): number => {
    fn();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = now();
      fn();
      ms.push(now() - t0);
    }
    return median(ms);
  };
  const fwd = time(() => unroll(model, batch));
  const fb = targets ? time(() => backpropThroughTime(model, batch, unroll(model, batch), targets)) : null;
  return { fwd_ms: fwd, fb_ms: fb };
}

/** An error as one line: code lines of a multi-line message (the .pt advice) are joined with "; ", as Python allows. */
export function oneLine(message: string): string {
  const lines = message.split('\n').map((s) => s.trim()).filter(Boolean);
  return lines.length <= 1 ? (lines[0] ?? '') : `${lines[0]} ${lines.slice(1).join('; ')}`;
}

/** The whole command: parses argv, reads both files through `readFile`, and never throws. */
export function runTrace(argv: readonly string[], readFile: ReadFile): TraceOutcome {
  try {
    const args = parseTraceArgs(argv);
    if (args === 'help') return { code: 0, stdout: `${TRACE_USAGE}\n`, stderr: '' };
    const imported = importModel(readFile(args.model, 'model'), args.model, { nonlinearity: args.nonlinearity, outputActivation: args.output });
    const input = parseTraceInput(decodeUtf8(readFile(args.input, 'input'), 'The input file'), imported.model);
    const out = args.bench === undefined ? buildTraceJson(imported, input) : benchTrace(imported, input, args.bench);
    return { code: 0, stdout: `${JSON.stringify(out)}\n`, stderr: '' };
  } catch (e) {
    const message = e instanceof EngineError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    return { code: 2, stdout: '', stderr: `trace: ${oneLine(message)}\n` };
  }
}
