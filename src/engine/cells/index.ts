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

export { GATE_NAMES } from '../gates';

/** G: gate blocks per kind (RNN 1, GRU 3, LSTM 4). */
export function gatesOf(kind: CellKind): number {
  return cellOf(kind).gates;
}
