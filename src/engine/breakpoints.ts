/**
 * Watches and breakpoints over a trace: conditions on the hidden state, the gates and the outputs, checked step by
 * step. Pure: reads a (single-sample) trace, returns where and why a condition first holds.
 */
import { GATE_NAMES } from './gates';
import type { CellKind, Model, Trace } from './types';

/** A condition that stops "Run to breakpoint". */
export type Condition =
  /** |h_j| > threshold for unit j (or any unit when unit is null): saturation. */
  | { kind: 'saturation'; unit: number | null; threshold: number }
  /** The mean of gate `gate` (index into the cell's gate order) over units is below lo or above hi. */
  | { kind: 'gateMean'; gate: number; lo: number; hi: number }
  /** Any NaN or ±Infinity in h, c or y. */
  | { kind: 'nonFinite' }
  /** ‖h_t − h_{t−1}‖ < epsilon: the state has reached a fixed point. */
  | { kind: 'fixedPoint'; epsilon: number };

/** Where a condition first held. */
export interface BreakHit {
  /** The step, 1-based (the state after consuming token `step`). */
  step: number;
  /** Index of the condition in the list. */
  condition: number;
  /** The unit involved, when one is (0-based). */
  unit: number | null;
  /** Why it stopped, in words with the numbers. */
  reason: string;
}


/** Checks every condition at 0-based step t of layer l; the first that holds, or null. */
function check(model: Model, trace: Trace, l: number, t: number, conditions: readonly Condition[]): Omit<BreakHit, 'step'> | null {
  const H = model.config.hiddenSize;
  const lt = trace.layers[l];
  const h = lt.h.subarray(t * H, (t + 1) * H);
  for (let k = 0; k < conditions.length; k++) {
    const c = conditions[k];
    if (c.kind === 'saturation') {
      for (let j = 0; j < H; j++) {
        if (c.unit !== null && j !== c.unit) continue;
        if (Math.abs(h[j]) > c.threshold) return { condition: k, unit: j, reason: `|h${j + 1}| = ${Math.abs(h[j]).toFixed(3)} > ${c.threshold} (saturation)` };
      }
    } else if (c.kind === 'gateMean') {
      const names = GATE_NAMES[model.config.cell];
      if (model.config.cell === 'rnn' || c.gate >= names.length) continue;
      const G = names.length;
      let sum = 0;
      for (let j = 0; j < H; j++) sum += lt.act[t * G * H + c.gate * H + j];
      const mean = sum / H;
      if (mean < c.lo || mean > c.hi) return { condition: k, unit: null, reason: `mean of gate ${names[c.gate]} = ${mean.toFixed(3)} is ${mean < c.lo ? `below ${c.lo}` : `above ${c.hi}`}` };
    } else if (c.kind === 'nonFinite') {
      const arrays: [string, ArrayLike<number> | null, number][] = [['h', h, H], ['c', lt.c && lt.c.subarray(t * H, (t + 1) * H), H]];
      const O = model.config.outputSize;
      if (trace.y && O) arrays.push(['y', trace.y.subarray(t * O, (t + 1) * O), O]);
      for (const [name, a, n] of arrays) {
        if (!a) continue;
        for (let j = 0; j < n; j++) if (!Number.isFinite(a[j])) return { condition: k, unit: name === 'y' ? null : j, reason: `${name}${j + 1} is ${a[j]} (not a finite number)` };
      }
    } else if (c.kind === 'fixedPoint' && t > 0) {
      let d = 0;
      for (let j = 0; j < H; j++) d += (h[j] - lt.h[(t - 1) * H + j]) ** 2;
      d = Math.sqrt(d);
      if (d < c.epsilon) return { condition: k, unit: null, reason: `‖h${t + 1} − h${t}‖ = ${d.toExponential(2)} < ${c.epsilon} (a fixed point)` };
    }
  }
  return null;
}

/**
 * The first step after `fromStep` (1-based steps; 0 searches from the start) where a condition holds, in layer l.
 * @returns the hit, or null when no step of the trace meets any condition.
 */
export function findBreakpoint(model: Model, trace: Trace, l: number, conditions: readonly Condition[], fromStep: number): BreakHit | null {
  for (let t = Math.max(0, fromStep); t < trace.T; t++) {
    const hit = check(model, trace, l, t, conditions);
    if (hit) return { step: t + 1, ...hit };
  }
  return null;
}

/** A condition in words, for the list of breakpoints. */
export function describeCondition(c: Condition, cell: string): string {
  switch (c.kind) {
    case 'saturation': return `${c.unit === null ? 'any |h_j|' : `|h${c.unit + 1}|`} > ${c.threshold}`;
    case 'gateMean': return `mean of gate ${GATE_NAMES[cell as CellKind]?.[c.gate] ?? c.gate} < ${c.lo} or > ${c.hi}`;
    case 'nonFinite': return 'any NaN or Infinity in h, c or y';
    case 'fixedPoint': return `‖h_t − h_{t−1}‖ < ${c.epsilon}`;
  }
}
