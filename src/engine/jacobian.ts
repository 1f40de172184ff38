/**
 * Step Jacobians J_t = ∂(h_t, c_t)/∂(h_{t-1}, c_{t-1}) (c only for LSTM) and their spectral norms ‖J_t‖₂
 * (largest singular value), the quantity whose products decide whether gradients vanish or explode.
 */
import { cellOf } from './cells';
import type { Model, Trace } from './types';
import { siteOf } from './unroll';

/** The dense step Jacobian of layer l at (b, t): S×S row-major, S = H (2H for LSTM: h block first, then c). */
export function stepJacobian(model: Model, trace: Trace, l: number, b: number, t: number): Float64Array {
  return cellOf(model.config.cell).jacobian(siteOf(model, l, trace.layers[l], trace.T, b, t));
}

/**
 * Largest singular value of an S×S row-major matrix: σ₁ = √λ_max(JᵀJ). JᵀJ is reduced to a tridiagonal matrix by
 * Householder reflections, whose largest eigenvalue Sturm-sequence bisection then finds to the last bits. Unlike
 * power iteration this does not depend on the gap between σ₁ and σ₂: power iteration stalled between them and
 * returned σ₂ when σ₂ = 0.999·σ₁, which is common for LSTMs with forget gates near 1.
 */
export function spectralNorm(J: Float64Array, S: number): number {
  // Squaring would underflow or overflow far from 1, so work with J / max|J_ij| and scale σ₁ back.
  let scale = 0;
  for (let i = 0; i < S * S; i++) scale = Math.max(scale, Math.abs(J[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  const M = J.map((v) => v / scale);
  // A = MᵀM, accumulated row by row of M: A_ij = Σ_k M_ki·M_kj.
  const A = new Float64Array(S * S);
  for (let k = 0; k < S; k++) {
    const row = k * S;
    for (let i = 0; i < S; i++) {
      const a = M[row + i];
      if (a === 0) continue;
      for (let j = i; j < S; j++) A[i * S + j] += a * M[row + j];
    }
  }
  for (let i = 0; i < S; i++) for (let j = 0; j < i; j++) A[i * S + j] = A[j * S + i];
  const { d, e } = tridiagonalize(A, S);
  return scale * Math.sqrt(largestEigenvalue(d, e, S));
}

/**
 * Householder reduction of a symmetric S×S matrix (overwritten) to tridiagonal form with the same eigenvalues
 * (Golub & Van Loan, Algorithm 8.3.1). Returns the diagonal d and the off-diagonal e (e_i couples i and i + 1).
 */
function tridiagonalize(A: Float64Array, S: number): { d: Float64Array; e: Float64Array } {
  const d = new Float64Array(S), e = new Float64Array(Math.max(S - 1, 0));
  const v = new Float64Array(S), w = new Float64Array(S);
  for (let k = 0; k < S - 2; k++) {
    // Reflect x = A[k+1.., k] onto r·e₁, r = −sign(x₀)·‖x‖ so that v₀ = x₀ − r never cancels.
    let norm2 = 0;
    for (let i = k + 1; i < S; i++) norm2 += A[i * S + k] * A[i * S + k];
    if (norm2 === 0) continue;
    const x0 = A[(k + 1) * S + k];
    const r = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    let vv = 0;
    for (let i = k + 1; i < S; i++) { v[i] = A[i * S + k] - (i === k + 1 ? r : 0); vv += v[i] * v[i]; }
    const beta = 2 / vv;
    // p = β·A'·v on the trailing block, w = p − (β·pᵀv/2)·v, then A' ← A' − v·wᵀ − w·vᵀ = P·A'·P.
    let pv = 0;
    for (let i = k + 1; i < S; i++) {
      let s = 0;
      for (let j = k + 1; j < S; j++) s += A[i * S + j] * v[j];
      w[i] = beta * s;
      pv += w[i] * v[i];
    }
    const K = (beta * pv) / 2;
    for (let i = k + 1; i < S; i++) w[i] -= K * v[i];
    for (let i = k + 1; i < S; i++) for (let j = k + 1; j < S; j++) A[i * S + j] -= v[i] * w[j] + w[i] * v[j];
    A[(k + 1) * S + k] = r;
  }
  for (let i = 0; i < S; i++) d[i] = A[i * S + i];
  for (let i = 0; i < S - 1; i++) e[i] = A[(i + 1) * S + i];
  return { d, e };
}

/** How many eigenvalues of the tridiagonal (d, e) lie below x: the negative pivots of the LDLᵀ of T − x·I. */
function countBelow(d: Float64Array, e: Float64Array, S: number, x: number, pivmin: number): number {
  let count = 0, q = 1;
  for (let i = 0; i < S; i++) {
    q = d[i] - x - (i > 0 ? (e[i - 1] * e[i - 1]) / q : 0);
    // A zero pivot is nudged below zero, as LAPACK's dstebz does, so the count stays exact.
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) count++;
  }
  return count;
}

/** λ_max of a symmetric tridiagonal matrix by bisection between max(d) and the Gershgorin bound. */
function largestEigenvalue(d: Float64Array, e: Float64Array, S: number): number {
  let lo = -Infinity, hi = -Infinity, e2max = 0;
  for (let i = 0; i < S; i++) {
    const off = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < S - 1 ? Math.abs(e[i]) : 0);
    lo = Math.max(lo, d[i]);
    hi = Math.max(hi, d[i] + off);
    if (i < S - 1) e2max = Math.max(e2max, e[i] * e[i]);
  }
  const pivmin = Number.MIN_VALUE * Math.max(1, e2max);
  // Invariant: λ_max ∈ [lo, hi]. Halving until the midpoint equals an end leaves adjacent doubles.
  for (let it = 0; it < 2100; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (countBelow(d, e, S, mid, pivmin) === S) hi = mid;
    else lo = mid;
  }
  return Math.max(0, 0.5 * (lo + hi));
}

/** ‖J_t‖₂ of layer l for every (b, t), [n, T] row-major; 0 past a sequence's end. */
export function stepJacobianNorms(model: Model, trace: Trace, l: number): Float64Array {
  const { n, T, lengths } = trace;
  const S = model.config.cell === 'lstm' ? 2 * model.config.hiddenSize : model.config.hiddenSize;
  const out = new Float64Array(n * T);
  for (let b = 0; b < n; b++) for (let t = 0; t < lengths[b]; t++) out[b * T + t] = spectralNorm(stepJacobian(model, trace, l, b, t), S);
  return out;
}
