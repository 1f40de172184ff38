/**
 * One complete backward step of one sample, built from a cell's deltas: what the gradient lab and the
 * contribution breakdown need step by step. backpropThroughTime does the same sums in blocked products instead.
 */
import { matTvecAcc, outerAcc } from '../tensor';
import type { Cell, StepGrads, StepSite } from './cell';

/** Back-propagates step (b, t) of `cell` into the sinks of `g` (see Cell.backward). */
export function backwardStep(cell: Cell, s: StepSite, g: StepGrads): void {
  const { p, H, D, tr, xOff } = s;
  const GH = cell.gates * H;
  const R = cell.recurrentRows(H, s.resetAfter);
  const sc = g.scratch;
  // scratch: [0, GH) δ input side; [GH, 2GH) δ hidden side; [2GH, 2GH + H) r ⊙ h_{t-1}; then the cell's own scratch
  const dHhOff = GH, rhOff = 2 * GH;
  cell.deltas(s, {
    dh: g.dh, dc: g.dc, dhPrev: g.dhPrev, dhPrevOff: g.dhPrevOff, dcPrev: g.dcPrev, dcPrevOff: g.dcPrevOff,
    dI: sc, dIOff: 0, dHh: sc, dHhOff, rh: sc, rhOff, scratch: sc.subarray(2 * GH + H),
  });
  if (cell.sharedDeltas) sc.copyWithin(dHhOff, 0, GH);
  // ∂L/∂W_ih += δ ⊗ x_t ; ∂L/∂W_hh += δ_hh ⊗ h_{t-1} (GRU reset before: its n block ⊗ (r ⊙ h_{t-1}))
  outerAcc(g.dp.weightIh, 0, GH, D, sc, 0, tr.input, xOff);
  outerAcc(g.dp.weightHh, 0, R, H, sc, dHhOff, s.hPrev, s.hPrevOff);
  if (R < GH) outerAcc(g.dp.weightHh, R, GH - R, H, sc, dHhOff + R, sc, rhOff);
  if (g.bias) for (let k = 0; k < GH; k++) { g.dp.biasIh[k] += sc[k]; g.dp.biasHh[k] += sc[dHhOff + k]; }
  // ∂L/∂x_t = W_ihᵀ·δ ; ∂L/∂h_{t-1} += W_hh[0, R)ᵀ·δ_hh[0, R)
  matTvecAcc(p.weightIh, 0, GH, D, sc, 0, g.dx, xOff);
  matTvecAcc(p.weightHh, 0, R, H, sc, dHhOff, g.dhPrev, g.dhPrevOff);
}
