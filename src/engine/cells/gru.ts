/**
 * PyTorch's GRU cell, gate blocks in the order r, z, n:
 *   r = σ(W_ir·x + b_ir + W_hr·h + b_hr), z = σ(W_iz·x + b_iz + W_hz·h + b_hz)
 *   n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn))          (reset after, PyTorch)
 *   n = tanh(W_in·x + b_in + W_hn·(r ⊙ h) + b_hn)          (reset before, Keras reset_after = false)
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
 */
import { matTvecAcc, matvec, outerAcc, sigmoid } from '../tensor';
import type { Cell } from './cell';

export const gruCell: Cell = {
  gates: 3,
  hasCellState: false,
  forward(s) {
    const { p, H, D, tr, gOff, sOff, hPrev, hPrevOff } = s;
    matvec(p.weightIh, 0, 3 * H, D, tr.input, s.xOff, tr.ih, gOff);
    matvec(p.weightHh, 0, 2 * H, H, hPrev, hPrevOff, tr.hh, gOff);
    for (let k = 0; k < 2 * H; k++) {
      const a = tr.ih[gOff + k] + p.biasIh[k] + tr.hh[gOff + k] + p.biasHh[k];
      tr.pre[gOff + k] = a;
      tr.act[gOff + k] = sigmoid(a);
    }
    const nOff = gOff + 2 * H;
    if (s.resetAfter) {
      matvec(p.weightHh, 2 * H, H, H, hPrev, hPrevOff, tr.hh, nOff);
      for (let j = 0; j < H; j++) {
        const r = tr.act[gOff + j];
        tr.pre[nOff + j] = tr.ih[nOff + j] + p.biasIh[2 * H + j] + r * (tr.hh[nOff + j] + p.biasHh[2 * H + j]);
      }
    } else {
      const rh = new Float64Array(H);
      for (let j = 0; j < H; j++) rh[j] = tr.act[gOff + j] * hPrev[hPrevOff + j];
      matvec(p.weightHh, 2 * H, H, H, rh, 0, tr.hh, nOff);
      for (let j = 0; j < H; j++) {
        tr.pre[nOff + j] = tr.ih[nOff + j] + p.biasIh[2 * H + j] + tr.hh[nOff + j] + p.biasHh[2 * H + j];
      }
    }
    for (let j = 0; j < H; j++) {
      const n = Math.tanh(tr.pre[nOff + j]);
      tr.act[nOff + j] = n;
      const z = tr.act[gOff + H + j];
      tr.h[sOff + j] = (1 - z) * n + z * hPrev[hPrevOff + j];
    }
  },
  backward(s, g) {
    const { p, H, D, tr, gOff, sOff, hPrev, hPrevOff } = s;
    const nOff = gOff + 2 * H;
    // scratch: [0, 3H) ∂L/∂(input-side pre-activations); [3H, 6H) ∂L/∂(hidden-side terms); [6H, 7H) r ⊙ h
    const dgi = g.scratch;
    const dgh = g.scratch.subarray(3 * H, 6 * H);
    const rh = g.scratch.subarray(6 * H, 7 * H);
    for (let j = 0; j < H; j++) {
      const r = tr.act[gOff + j], z = tr.act[gOff + H + j], n = tr.act[nOff + j];
      const dh = g.dh[sOff + j];
      const hp = hPrev[hPrevOff + j];
      // h = (1 − z)·n + z·h_{t-1}: ∂h/∂n = 1 − z, ∂h/∂z = h_{t-1} − n, ∂h/∂h_{t-1} = z
      const dan = dh * (1 - z) * (1 - n * n);
      dgi[H + j] = dh * (hp - n) * z * (1 - z);
      dgi[2 * H + j] = dan;
      g.dhPrev[g.dhPrevOff + j] += dh * z;
      if (s.resetAfter) {
        // ∂n_pre/∂r = W_hn·h + b_hn
        const ghn = tr.hh[nOff + j] + p.biasHh[2 * H + j];
        dgi[j] = dan * ghn * r * (1 - r);
        dgh[2 * H + j] = dan * r;
      } else {
        dgh[2 * H + j] = dan;
        rh[j] = r * hp;
      }
    }
    if (!s.resetAfter) {
      // n_pre contains W_hn·(r ⊙ h): ∂L/∂(r ⊙ h) = W_hnᵀ·∂L/∂n_pre, then split into r and h_{t-1}.
      const drh = new Float64Array(H);
      for (let k = 0; k < H; k++) {
        let acc = 0;
        for (let i = 0; i < H; i++) acc += p.weightHh[(2 * H + i) * H + k] * dgh[2 * H + i];
        drh[k] = acc;
      }
      for (let j = 0; j < H; j++) {
        const r = tr.act[gOff + j];
        dgi[j] = drh[j] * hPrev[hPrevOff + j] * r * (1 - r);
        g.dhPrev[g.dhPrevOff + j] += drh[j] * r;
      }
    }
    for (let k = 0; k < 2 * H; k++) dgh[k] = dgi[k];
    outerAcc(g.dp.weightIh, 0, 3 * H, D, dgi, 0, tr.input, s.xOff);
    outerAcc(g.dp.weightHh, 0, 2 * H, H, dgh, 0, hPrev, hPrevOff);
    if (s.resetAfter) outerAcc(g.dp.weightHh, 2 * H, H, H, dgh, 2 * H, hPrev, hPrevOff);
    else outerAcc(g.dp.weightHh, 2 * H, H, H, dgh, 2 * H, rh, 0);
    if (g.bias) for (let k = 0; k < 3 * H; k++) { g.dp.biasIh[k] += dgi[k]; g.dp.biasHh[k] += dgh[k]; }
    matTvecAcc(p.weightIh, 0, 3 * H, D, dgi, 0, g.dx, s.xOff);
    matTvecAcc(p.weightHh, 0, 2 * H, H, dgh, 0, g.dhPrev, g.dhPrevOff);
    if (s.resetAfter) matTvecAcc(p.weightHh, 2 * H, H, H, dgh, 2 * H, g.dhPrev, g.dhPrevOff);
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
