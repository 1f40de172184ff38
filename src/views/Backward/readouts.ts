/** Read-outs of a backward pass for one step: indexing into the engine's arrays, no arithmetic. */
import type { BackwardTrace } from '../../store/slices/backwardSlice';

/** Everything drawn for column t (1-based) of a backward pass of one line. */
export interface BackwardColumn {
  /** The step, 1-based. */
  t: number;
  /** Whether y_t has a target (false at the last step). */
  hasTarget: boolean;
  /** The target as written (next token or value), or null. */
  target: string | null;
  /** ‖∂L/∂o_t‖, the gradient entering at the output (= ‖Δc_t‖). */
  dOut: number;
  /** ‖∂L/∂h_t‖ from above (Vᵀ·∂L/∂o_t on the top layer). */
  fromAbove: number;
  /** ‖∂L/∂h_t‖ from step t + 1. */
  fromNext: number;
  /** ‖∂L/∂h_t‖, total. */
  dh: number;
  /** ‖∂L/∂c_t‖ (LSTM), else null. */
  dc: number | null;
  /** ‖what step t sends back to h_{t−1}‖ (∂L/∂h_0 at t = 1). */
  back: number;
  /** ‖J_t‖₂. */
  jacobian: number;
  /** ‖ΔU_t‖, ‖ΔW_t‖, ‖ΔV_t‖: this step's pieces of the gradients. */
  piece: { input: number; recurrent: number; output: number };
  /** ‖Σ_{s≥t} ΔU_s‖ … : the running sums after this step. */
  partial: { input: number; recurrent: number; output: number };
}

/** The column of step t (1-based) of a one-line backward pass. */
export function backwardColumn(bw: BackwardTrace, t: number): BackwardColumn {
  const i = t - 1;
  const s = bw.steps;
  return {
    t, hasTarget: bw.targets[i] !== null, target: bw.targets[i] ?? null,
    dOut: s.norms.outBias[i], fromAbove: s.fromAboveNorm[i], fromNext: s.fromNextNorm[i], dh: s.dhNorm[i],
    dc: s.dcNorm ? s.dcNorm[i] : null,
    back: t === 1 ? s.dh0Norm[0] : s.fromNextNorm[i - 1],
    jacobian: bw.jacobianNorms[i],
    piece: { input: s.norms.weightIh[i], recurrent: s.norms.weightHh[i], output: s.norms.outWeight[i] },
    partial: { input: s.partialNorms.weightIh[i], recurrent: s.partialNorms.weightHh[i], output: s.partialNorms.outWeight[i] },
  };
}

/** Every magnitude the unrolled view encodes, for one shared scale. */
export function drawnMagnitudes(bw: BackwardTrace): Float64Array[] {
  const s = bw.steps;
  return [s.norms.outBias, s.fromAboveNorm, s.fromNextNorm, s.dh0Norm, s.dhNorm, s.norms.weightIh, s.norms.weightHh, s.norms.outWeight];
}
