/** Cell lookup by kind. */
import type { CellKind } from '../types';
import type { Cell } from './cell';
import { gruCell } from './gru';
import { lstmCell } from './lstm';
import { rnnCell } from './rnn';

export type { Cell, StepDeltas, StepGrads, StepSite } from './cell';

/** The cell implementation of a kind. */
export function cellOf(kind: CellKind): Cell {
  return kind === 'lstm' ? lstmCell : kind === 'gru' ? gruCell : rnnCell;
}

/** Gate blocks in PyTorch's order; an RNN has none (its single block is h itself). */
export const GATE_NAMES: Readonly<Record<CellKind, readonly string[]>> = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] };

/** G: gate blocks per kind (RNN 1, GRU 3, LSTM 4). */
export function gatesOf(kind: CellKind): number {
  return cellOf(kind).gates;
}
