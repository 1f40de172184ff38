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
 * Largest singular value of an S×S matrix by power iteration on JᵀJ, from a fixed start vector, until the
 * estimate changes by less than 1e-10 relative, or 500 iterations.
 */
export function spectralNorm(J: Float64Array, S: number): number {
  let v = new Float64Array(S).fill(1 / Math.sqrt(S));
  // A deterministic, non-symmetric start avoids being orthogonal to the top singular vector by construction.
  for (let i = 0; i < S; i++) v[i] += ((i * 7919) % 13) * 1e-3;
  let sigma = 0;
  const u = new Float64Array(S);
  for (let it = 0; it < 500; it++) {
    for (let i = 0; i < S; i++) { let s = 0; for (let k = 0; k < S; k++) s += J[i * S + k] * v[k]; u[i] = s; }
    const w = new Float64Array(S);
    for (let k = 0; k < S; k++) { let s = 0; for (let i = 0; i < S; i++) s += J[i * S + k] * u[i]; w[k] = s; }
    let nw = 0;
    for (let k = 0; k < S; k++) nw += w[k] * w[k];
    nw = Math.sqrt(nw);
    if (nw === 0) return 0;
    const next = Math.sqrt(nw);
    for (let k = 0; k < S; k++) w[k] /= nw;
    v = w;
    if (Math.abs(next - sigma) <= 1e-10 * next) return next;
    sigma = next;
  }
  return sigma;
}

/** ‖J_t‖₂ of layer l for every (b, t), [n, T] row-major; 0 past a sequence's end. */
export function stepJacobianNorms(model: Model, trace: Trace, l: number): Float64Array {
  const { n, T, lengths } = trace;
  const S = model.config.cell === 'lstm' ? 2 * model.config.hiddenSize : model.config.hiddenSize;
  const out = new Float64Array(n * T);
  for (let b = 0; b < n; b++) for (let t = 0; t < lengths[b]; t++) out[b * T + t] = spectralNorm(stepJacobian(model, trace, l, b, t), S);
  return out;
}
