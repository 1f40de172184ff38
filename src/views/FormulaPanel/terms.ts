/** The term-by-term read-out of one unit at one step, straight from the trace (no recomputation). */
import { GATE_NAMES } from '../../engine/gates';
import type { Model, Trace } from '../../engine/types';

/** One line of the formula panel. */
export interface TermLine {
  /** Gate or quantity name (e.g. 'h', 'i', 'f'). */
  name: string;
  /** (input weight · x_t)_j. */
  input: number;
  /** (recurrent weight · h_{t−1})_j. */
  recurrent: number;
  /** b_ih + b_hh of this row. */
  bias: number;
  /** Pre-activation. */
  pre: number;
  /** Value after the nonlinearity. */
  value: number;
}

/** Gate names by cell. */
export const GATES: Record<string, readonly string[]> = { rnn: ['h'], lstm: GATE_NAMES.lstm, gru: GATE_NAMES.gru };

/** Lines for unit j at 0-based step t of layer l, sample 0. */
export function termLines(model: Model, trace: Trace, l: number, t: number, j: number): TermLine[] {
  const H = model.config.hiddenSize;
  const names = GATES[model.config.cell];
  const G = names.length;
  const tr = trace.layers[l];
  const p = model.params.layers[l];
  const o = t * G * H;
  return names.map((name, g) => {
    const k = g * H + j;
    return { name, input: tr.ih[o + k], recurrent: tr.hh[o + k], bias: p.biasIh[k] + p.biasHh[k], pre: tr.pre[o + k], value: tr.act[o + k] };
  });
}
