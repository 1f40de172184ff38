/**
 * PyTorch's GRU cell, gate blocks in the order r, z, n:
 *   r = σ(W_ir·x + b_ir + W_hr·h + b_hr), z = σ(W_iz·x + b_iz + W_hz·h + b_hz)
 *   n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn))          (reset after, PyTorch)
 *   n = tanh(W_in·x + b_in + W_hn·(r ⊙ h) + b_hn)          (reset before, Keras reset_after = false)
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
 */
import { matTvecAcc, matvec, sigmoid } from '../tensor';
import type { Cell } from './cell';
import { backwardStep } from './step';

export const gruCell: Cell = {
  gates: 3,
  hasCellState: false,
  sharedDeltas: false,
  recurrentRows: (H, resetAfter) => (resetAfter ? 3 * H : 2 * H),
  forward(s) {
    const { p, H, tr, gOff, sOff, hPrev, hPrevOff } = s;
    const { ih, hh, pre, act, h } = tr;
    const bIh = p.biasIh, bHh = p.biasHh;
    // r and z: σ(W_i·x + b_i + W_h·h + b_h), with both products already in the trace (see Cell.forward).
    for (let k = 0; k < 2 * H; k++) {
      const a = ih[gOff + k] + bIh[k] + hh[gOff + k] + bHh[k];
      pre[gOff + k] = a;
      act[gOff + k] = sigmoid(a);
    }
    const nOff = gOff + 2 * H;
    if (s.resetAfter) {
      for (let j = 0; j < H; j++) {
        const r = act[gOff + j];
        pre[nOff + j] = ih[nOff + j] + bIh[2 * H + j] + r * (hh[nOff + j] + bHh[2 * H + j]);
      }
    } else {
      // W_hn·(r ⊙ h_{t-1}): r ⊙ h_{t-1} goes through h_t's row, free until h_t is written below.
      for (let j = 0; j < H; j++) h[sOff + j] = act[gOff + j] * hPrev[hPrevOff + j];
      matvec(p.weightHh, 2 * H, H, H, h, sOff, hh, nOff);
      for (let j = 0; j < H; j++) {
        pre[nOff + j] = ih[nOff + j] + bIh[2 * H + j] + hh[nOff + j] + bHh[2 * H + j];
      }
    }
    for (let j = 0; j < H; j++) {
      const n = Math.tanh(pre[nOff + j]);
      act[nOff + j] = n;
      const z = act[gOff + H + j];
      h[sOff + j] = (1 - z) * n + z * hPrev[hPrevOff + j];
    }
  },
  deltas(s, d) {
    const { p, H, tr, gOff, sOff, hPrev, hPrevOff } = s;
    const act = tr.act;
    const nOff = gOff + 2 * H;
    const { dh, dI: dgi, dIOff: io, dHh: dgh, dHhOff: ho, dhPrev, dhPrevOff } = d;
    for (let j = 0; j < H; j++) {
      const r = act[gOff + j], z = act[gOff + H + j], n = act[nOff + j];
      const dhj = dh[sOff + j];
      const hp = hPrev[hPrevOff + j];
      // h = (1 − z)·n + z·h_{t-1}: ∂h/∂n = 1 − z, ∂h/∂z = h_{t-1} − n, ∂h/∂h_{t-1} = z
      const dan = dhj * (1 - z) * (1 - n * n);
      dgi[io + H + j] = dhj * (hp - n) * z * (1 - z);
      dgi[io + 2 * H + j] = dan;
      dgh[ho + H + j] = dgi[io + H + j];
      if (dhPrev) dhPrev[dhPrevOff + j] += dhj * z;
      if (s.resetAfter) {
        // ∂n_pre/∂r = W_hn·h + b_hn
        const ghn = tr.hh[nOff + j] + p.biasHh[2 * H + j];
        dgi[io + j] = dan * ghn * r * (1 - r);
        dgh[ho + j] = dgi[io + j];
        dgh[ho + 2 * H + j] = dan * r;
      } else {
        dgh[ho + 2 * H + j] = dan;
        d.rh[d.rhOff + j] = r * hp;
      }
    }
    if (!s.resetAfter) {
      // n_pre contains W_hn·(r ⊙ h): ∂L/∂(r ⊙ h) = W_hnᵀ·∂L/∂n_pre, then split into r and h_{t-1}.
      const drh = d.scratch;
      drh.fill(0, 0, H);
      matTvecAcc(p.weightHh, 2 * H, H, H, dgh, ho + 2 * H, drh, 0);
      for (let j = 0; j < H; j++) {
        const r = act[gOff + j];
        dgi[io + j] = drh[j] * hPrev[hPrevOff + j] * r * (1 - r);
        dgh[ho + j] = dgi[io + j];
        if (dhPrev) dhPrev[dhPrevOff + j] += drh[j] * r;
      }
    }
  },
  backward(s, g) {
    backwardStep(gruCell, s, g);
  },
  jacobian(s) {
    const { p, H, tr, gOff, hPrev, hPrevOff } = s;
    const W = p.weightHh;
    const nOff = gOff + 2 * H;
    const J = new Float64Array(H * H);
    for (let i = 0; i < H; i++) {
      const r = tr.act[gOff + i], z = tr.act[gOff + H + i], n = tr.act[nOff + i];
      const hp = hPrev[hPrevOff + i];
      const wz = (hp - n) * z * (1 - z);
      const dn = (1 - z) * (1 - n * n);
      for (let k = 0; k < H; k++) {
        let v = wz * W[(H + i) * H + k];
        if (s.resetAfter) {
          // ∂n_pre/∂h = diag(r) W_hn + diag((W_hn·h + b_hn)·r') W_hr
          const ghn = tr.hh[nOff + i] + p.biasHh[2 * H + i];
          v += dn * (r * W[(2 * H + i) * H + k] + ghn * r * (1 - r) * W[i * H + k]);
        } else {
          // ∂n_pre/∂h = W_hn diag(r) + W_hn diag(h ⊙ r') W_hr
          let acc = 0;
          for (let m = 0; m < H; m++) {
            const rm = tr.act[gOff + m];
            const wnm = W[(2 * H + i) * H + m];
            acc += wnm * (m === k ? rm : 0) + wnm * hPrev[hPrevOff + m] * rm * (1 - rm) * W[m * H + k];
          }
          v += dn * acc;
        }
        J[i * H + k] = v + (i === k ? z : 0);
      }
    }
    return J;
  },
};
