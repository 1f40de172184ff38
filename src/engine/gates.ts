/**
 * Plain facts about the cells, the labs' limits and the vocabulary: data with no code behind it, so the page can
 * import them without the engine's kernels (which run in the worker).
 */
import type { CellKind } from './types';

/** Gate blocks in PyTorch's order; an RNN has none (its single block is h itself). */
export const GATE_NAMES: Readonly<Record<CellKind, readonly string[]>> = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] };

/** G: gate blocks per kind (RNN 1, GRU 3, LSTM 4): the rows of W_ih and W_hh are G·H. */
export function gateCount(kind: CellKind): number {
  return kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
}

/** The default vocabulary of a new text model: lower-case a–z, space and . , ! ? ' */
export const DEFAULT_VOCABULARY: readonly string[] = [...'abcdefghijklmnopqrstuvwxyz', ' ', '.', ',', '!', '?', "'"];

/** PyTorch's ignore_index: a class target equal to it contributes nothing. */
export const IGNORE_INDEX = -100;

/** The range of spectral radii the app lets a user choose. */
export const SPECTRAL_RADIUS_RANGE = { min: 0.1, max: 3 } as const;

/** Accepted knob ranges of the gradient lab; anything outside is refused with a message. */
export const LAB_LIMITS = { rho: SPECTRAL_RADIUS_RANGE, steps: { min: 2, max: 1000 } } as const;
