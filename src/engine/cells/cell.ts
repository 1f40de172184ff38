/**
 * The contract every recurrent cell implements: one forward step and one backward step of one sample,
 * reading and writing the layer trace in place. Offsets index the flat [n, T, ·] trace arrays.
 */
import type { Arr, LayerParams, LayerTrace, Nonlinearity } from '../types';

/** Where one (sample, step) lives, and its neighbours. */
export interface StepSite {
  /** Parameters of the layer. */
  p: LayerParams;
  /** H. */
  H: number;
  /** D_l: input width of the layer. */
  D: number;
  /** The layer trace being filled (forward) or read (backward). */
  tr: LayerTrace;
  /** Offset of x_t in tr.input: ((b·T) + t)·D. */
  xOff: number;
  /** Array holding h_{t-1}: tr.h for t > 0, tr.h0 for t = 0. */
  hPrev: Arr;
  /** Offset of h_{t-1} in hPrev. */
  hPrevOff: number;
  /** Array holding c_{t-1} (LSTM). */
  cPrev: Arr | null;
  /** Offset of c_{t-1} in cPrev. */
  cPrevOff: number;
  /** Offset of step (b, t) in the gate arrays: ((b·T) + t)·G·H. */
  gOff: number;
  /** Offset of step (b, t) in the state arrays: ((b·T) + t)·H. */
  sOff: number;
  /** σ of an RNN cell. */
  nonlinearity: Nonlinearity;
  /** GRU variant. */
  resetAfter: boolean;
}

/** Gradient sinks of one backward step; every one is accumulated into. */
export interface StepGrads {
  /** ∂L/∂h_t (total), read at `sOff` of the layer's [n, T, H] array. */
  dh: Arr;
  /** ∂L/∂c_t (total, LSTM), same layout. */
  dc: Arr | null;
  /** ∂L/∂h_{t-1} receives the recurrent part here, at `dhPrevOff`. */
  dhPrev: Arr;
  /** Offset of ∂L/∂h_{t-1}. */
  dhPrevOff: number;
  /** ∂L/∂c_{t-1} (LSTM). */
  dcPrev: Arr | null;
  /** Offset of ∂L/∂c_{t-1}. */
  dcPrevOff: number;
  /** ∂L/∂x_t, [n, T, D], at xOff. */
  dx: Arr;
  /** Parameter gradients of the layer. */
  dp: LayerParams;
  /** Whether bias gradients are accumulated. */
  bias: boolean;
  /** Scratch of at least 4·G·H doubles. */
  scratch: Float64Array;
}

/** One recurrent cell kind. */
export interface Cell {
  /** G: gate blocks in W_ih and W_hh. */
  gates: number;
  /** Whether the state includes a cell state c. */
  hasCellState: boolean;
  /** Computes step (b, t) and writes ih, hh, pre, act, h (and c). */
  forward(s: StepSite): void;
  /** Back-propagates step (b, t), given ∂L/∂h_t (and ∂L/∂c_t) in `g`. */
  backward(s: StepSite, g: StepGrads): void;
  /**
   * The step Jacobian ∂(h_t, c_t)/∂(h_{t-1}, c_{t-1}) as a dense S×S row-major matrix (S = H, or 2H for LSTM,
   * rows and columns ordered h then c).
   */
  jacobian(s: StepSite): Float64Array;
}
