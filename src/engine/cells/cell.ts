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

/**
 * Where one backward step writes its deltas (the gradients of the pre-activations the weights see) and its
 * elementwise share of ∂L/∂(h, c)_{t-1}. The matrix parts (W_hhᵀ·δ into ∂L/∂h_{t-1}, and every weight gradient)
 * are left to the caller, which can then do them for many steps or samples at once.
 */
export interface StepDeltas {
  /** ∂L/∂h_t (total), read at the site's `sOff`. */
  dh: Arr;
  /** ∂L/∂c_t (LSTM): holds the part from c_{t+1}; the cell writes the total back. */
  dc: Arr | null;
  /** ∂L/∂h_{t-1}, receiving the elementwise share (GRU: z ⊙ ∂L/∂h_t), or null when the state is detached here. */
  dhPrev: Arr | null;
  /** Offset of ∂L/∂h_{t-1}. */
  dhPrevOff: number;
  /** ∂L/∂c_{t-1} (LSTM), or null when detached. */
  dcPrev: Arr | null;
  /** Offset of ∂L/∂c_{t-1}. */
  dcPrevOff: number;
  /** δ of the input side: G·H values at dIOff, the gradient W_ih and b_ih see. */
  dI: Arr;
  /** Offset of δ in dI. */
  dIOff: number;
  /** δ of the hidden side: G·H values at dHhOff, what W_hh and b_hh see; not written when the cell's sharedDeltas. */
  dHh: Arr;
  /** Offset in dHh. */
  dHhOff: number;
  /** GRU with reset before: r ⊙ h_{t-1}, the vector W_hn multiplies, H values at rhOff (written). Else unused. */
  rh: Arr;
  /** Offset in rh. */
  rhOff: number;
  /** Scratch of at least H doubles. */
  scratch: Float64Array;
}

/** One recurrent cell kind. */
export interface Cell {
  /** G: gate blocks in W_ih and W_hh. */
  gates: number;
  /** Whether the state includes a cell state c. */
  hasCellState: boolean;
  /** Whether the hidden side's δ equals the input side's (RNN, LSTM): then `deltas` writes dI only. */
  sharedDeltas: boolean;
  /**
   * R: the leading rows of W_hh that multiply h_{t-1} itself. The caller computes hh[0, R) = W_hh[0, R)·h_{t-1}
   * before `forward`, and adds W_hh[0, R)ᵀ·δ_hh[0, R) to ∂L/∂h_{t-1} after `deltas`. R = G·H except for a GRU with
   * reset before, whose n block multiplies r ⊙ h_{t-1} (R = 2H).
   */
  recurrentRows(H: number, resetAfter: boolean): number;
  /**
   * Computes step (b, t) and writes pre, act, h (and c), and hh past R. Expects tr.ih at gOff to hold W_ih·x_t and
   * tr.hh[gOff, gOff + R) to hold W_hh[0, R)·h_{t-1}.
   */
  forward(s: StepSite): void;
  /** Writes the deltas of step (b, t) and the elementwise share of ∂L/∂(h, c)_{t-1}, given ∂L/∂h_t (and c) in `d`. */
  deltas(s: StepSite, d: StepDeltas): void;
  /** Back-propagates step (b, t) completely (deltas, weight gradients, ∂L/∂x_t, ∂L/∂(h, c)_{t-1}), given ∂L/∂h_t (and ∂L/∂c_t) in `g`. */
  backward(s: StepSite, g: StepGrads): void;
  /**
   * The step Jacobian ∂(h_t, c_t)/∂(h_{t-1}, c_{t-1}) as a dense S×S row-major matrix (S = H, or 2H for LSTM,
   * rows and columns ordered h then c).
   */
  jacobian(s: StepSite): Float64Array;
}
