/**
 * Readings of the live numbers that lesson questions are answered from: indexing into the store's trace, backward
 * pass and lab run. Steps are 1-based here, as the lessons write them (t = 1 is the first character). Each returns
 * null while its numbers are not there yet (a model being built, a pass or a lab run still in the worker).
 */
import type { AppState } from '../store/types';

/** The sizes a reading needs. */
function sizes(s: AppState): { H: number; G: number } | null {
  if (!s.model) return null;
  const cell = s.model.config.cell;
  return { H: s.model.config.hiddenSize, G: cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1 };
}

/** True when the trace is of the current input and model (no rebuild or re-trace in flight). */
function traceReady(s: AppState): boolean {
  return s.trace !== null && s.model !== null && s.busy === 'idle' && s.tokens.length === s.trace.T;
}

/** h_t of the shown line and top layer, or null. */
export function stateAt(s: AppState, t: number): number[] | null {
  const z = sizes(s);
  if (!z || !traceReady(s) || t < 1 || t > s.trace!.T) return null;
  const h = s.trace!.layers[s.layer].h;
  return Array.from(h.subarray((t - 1) * z.H, t * z.H));
}

/** h_t of line b (0-based) of the batch, or null. */
export function batchStateAt(s: AppState, b: number, t: number): number[] | null {
  const z = sizes(s);
  const bt = s.batchTrace;
  if (!z || !bt || !traceReady(s) || b >= bt.n || t < 1 || t > bt.T) return null;
  const base = (b * bt.T + (t - 1)) * z.H;
  return Array.from(bt.layers[s.layer].h.subarray(base, base + z.H));
}

/** The input term (U·x_t)_j and the memory term (W·h_{t−1})_j of unit j (0-based) at step t, without biases. */
export function termsAt(s: AppState, t: number, j: number): { input: number; memory: number } | null {
  const z = sizes(s);
  if (!z || !traceReady(s) || t < 1 || t > s.trace!.T) return null;
  const L = s.trace!.layers[s.layer], i = (t - 1) * z.G * z.H + j;
  return { input: L.ih[i], memory: L.hh[i] };
}

/** The value of gate block g (PyTorch order: LSTM i, f, g, o; GRU r, z, n) of unit j at step t. */
export function gateAt(s: AppState, t: number, gate: number, j: number): number | null {
  const z = sizes(s);
  if (!z || z.G === 1 || !traceReady(s) || t < 1 || t > s.trace!.T) return null;
  return s.trace!.layers[s.layer].act[(t - 1) * z.G * z.H + gate * z.H + j];
}

/** The token the model rates most likely after step t, from `y` of the trace or of the MLP copy. */
export function predictionAt(s: AppState, t: number, which: 'rnn' | 'mlp' = 'rnn'): string | null {
  const tr = which === 'rnn' ? s.trace : s.mlpTrace;
  if (!s.model || !tr?.y || !traceReady(s) || t < 1 || t > tr.T) return null;
  const O = s.model.config.outputSize;
  const y = tr.y.subarray((t - 1) * O, t * O);
  let k = 0;
  for (let i = 1; i < O; i++) if (y[i] > y[k]) k = i;
  return s.model.vocabulary[k] ?? null;
}

/** The two parts of ‖∂L/∂h_t‖ in the backward pass: from the output at t, and from step t + 1. */
export function gradientPartsAt(s: AppState, t: number): { fromOutput: number; fromNext: number } | null {
  const bw = s.backward;
  if (!bw || s.backwardBusy || bw.T !== s.tokens.length || t < 1 || t > bw.T) return null;
  return { fromOutput: bw.steps.fromAboveNorm[t - 1], fromNext: bw.steps.fromNextNorm[t - 1] };
}

/** ‖∂L_T/∂h_1‖ and ‖∂L_T/∂h_T‖ of the lab run, once the run shown is the one for the lab's current knobs. */
export function labEnds(s: AppState): { first: number; last: number; rho: number; T: number } | null {
  const r = s.labResult, k = s.labSettings;
  if (!r || s.labPending || s.labMessage) return null;
  if (r.knobs.rho !== k.rho || r.knobs.steps !== k.steps || r.knobs.cell !== k.cell || r.knobs.nonlinearity !== k.nonlinearity) return null;
  const T = r.dhNorms.length;
  return { first: r.dhNorms[0], last: r.dhNorms[T - 1], rho: r.knobs.rho, T };
}

/** The Euclidean distance of two vectors. */
export function distance(a: readonly number[], b: readonly number[]): number {
  return Math.sqrt(a.reduce((acc, v, i) => acc + (v - b[i]) ** 2, 0));
}

/** A number for a sentence: three decimals, or scientific notation when tiny or huge. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(1) : v.toFixed(3);
}

/** A token as written in a sentence: quoted, a space shown as 'space'. */
export function quote(tok: string): string {
  return tok === ' ' ? 'a space' : tok === '\n' ? 'a new line' : `'${tok}'`;
}
