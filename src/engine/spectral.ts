/**
 * Eigenvalues of a real, non-symmetric square matrix, its spectral radius ρ(A) = max |λ_i|, and rescaling a
 * recurrent weight so that each gate's H×H block has a chosen spectral radius.
 *
 * Method (the EISPACK / Numerical Recipes path, in doubles): balance by powers of 2 (exact: no rounding),
 * reduce to upper Hessenberg form by Householder reflections (orthogonal, so backward stable), then Francis
 * double-shift QR iteration with deflation on the Hessenberg matrix, which finds complex pairs in real arithmetic.
 *
 * Accuracy: the method is backward stable, so each computed λ is an exact eigenvalue of A + E with
 * ‖E‖ ≈ 1e-16·‖A‖; a simple eigenvalue then moves by about 1e-16·‖A‖·κ(λ) (κ its condition number). On the
 * numpy fixtures (random, PyTorch-initialised, orthogonal, non-normal and badly scaled matrices up to 64×64) every
 * eigenvalue is within 1.1e-15·max(1, ‖A‖_F) of numpy.linalg.eigvals and ρ within 3.3e-15 relative; the tests
 * hold it to 1e-13. Defective eigenvalues (Jordan blocks) are only accurate to about
 * (1e-16)^(1/k) for a block of size k, for every method.
 */
import { EngineError } from './errors';
import type { Arr } from './types';

/** The eigenvalues of a matrix: λ_k = re[k] + i·im[k]; complex pairs are adjacent, positive imaginary part first. */
export interface Eigenvalues {
  /** Real parts, [n]. */
  re: Float64Array;
  /** Imaginary parts, [n]. */
  im: Float64Array;
}

/** Iterations of QR allowed per eigenvalue before giving up (LAPACK allows 30 per eigenvalue as well). */
const MAX_ITS = 60;

/** The eigenvalues of the n×n row-major matrix A (not modified). Throws an EngineError on non-finite input. */
export function eigenvalues(A: ArrayLike<number>, n: number): Eigenvalues {
  if (!Number.isInteger(n) || n < 0 || A.length < n * n) throw new EngineError(`eigenvalues: A must hold ${n}×${n} numbers.`);
  // 1-based copy a[i][j] = a[i·(n+1) + j], so the loops below read as the published algorithm.
  const N = n + 1;
  const a = new Float64Array(N * N);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const v = A[i * n + j];
    if (!Number.isFinite(v)) throw new EngineError(`The matrix holds a non-finite value (${v}) at row ${i + 1}, column ${j + 1}.`);
    a[(i + 1) * N + j + 1] = v;
  }
  balance(a, n);
  hessenberg(a, n);
  return hqr(a, n);
}

/** ρ(A) = max |λ_i| of the n×n row-major matrix A (0 for n = 0). */
export function spectralRadius(A: ArrayLike<number>, n: number): number {
  const { re, im } = eigenvalues(A, n);
  let r = 0;
  for (let k = 0; k < n; k++) r = Math.max(r, Math.hypot(re[k], im[k]));
  return r;
}

/** The spectral radius of each H×H gate block of W_hh [G·H, H], in PyTorch's gate order. */
export function blockSpectralRadii(W: ArrayLike<number>, H: number): number[] {
  if (!(H >= 1) || W.length % (H * H) !== 0) throw new EngineError(`W_hh must be [G·${H}, ${H}]; it holds ${W.length} numbers.`);
  const G = W.length / (H * H);
  const out: number[] = [];
  for (let g = 0; g < G; g++) out.push(spectralRadius(Array.prototype.slice.call(W, g * H * H, (g + 1) * H * H) as number[], H));
  return out;
}

export { SPECTRAL_RADIUS_RANGE } from './gates';

/**
 * A copy of W_hh [G·H, H] (G = 1 RNN, 3 GRU, 4 LSTM) with every H×H gate block scaled by ρ / ρ(block), so that each
 * block's spectral radius is `rho`. Since ρ(c·B) = |c|·ρ(B), one scalar per block does it: eigenvectors and the
 * angles of the eigenvalues are kept. The copy has W's dtype; float32 storage moves ρ by about 1e-7 relative.
 * Throws an EngineError when rho is not a positive finite number, or a block has spectral radius 0 (a zero or
 * nilpotent block has no eigenvalue to scale).
 */
export function rescaleSpectralRadius<A extends Arr>(W: A, H: number, rho: number): A {
  if (!(rho > 0) || !Number.isFinite(rho)) throw new EngineError(`The spectral radius must be a positive number; got ${rho}.`);
  const radii = blockSpectralRadii(W, H);
  const out = W.slice() as A;
  radii.forEach((r, g) => {
    let norm = 0;
    for (let k = g * H * H; k < (g + 1) * H * H; k++) norm = Math.max(norm, Math.abs(W[k]));
    // Rounding leaves a nilpotent block with eigenvalues of size ε^(1/H)·‖B‖ at most; below 1e-12·‖B‖ it is 0.
    if (!(r > 1e-12 * norm) || norm === 0) {
      throw new EngineError(`Gate block ${g + 1} of W_hh has spectral radius 0, so no scaling can give it radius ${rho}.`);
    }
    const s = rho / r;
    for (let k = g * H * H; k < (g + 1) * H * H; k++) out[k] = W[k] * s;
  });
  return out;
}

/**
 * Balancing (Parlett & Reinsch; NR `balanc`): D⁻¹·A·D with D a diagonal of powers of 2 chosen so that each row
 * and its column have similar norms. Powers of 2 make it exact, and it shrinks ‖A‖ and so the eigenvalue error.
 */
function balance(a: Float64Array, n: number): void {
  const N = n + 1, RADIX = 2, SQRDX = 4;
  let done = false;
  while (!done) {
    done = true;
    for (let i = 1; i <= n; i++) {
      let r = 0, c = 0;
      for (let j = 1; j <= n; j++) if (j !== i) { c += Math.abs(a[j * N + i]); r += Math.abs(a[i * N + j]); }
      if (c === 0 || r === 0) continue;
      let g = r / RADIX, f = 1;
      const s = c + r;
      while (c < g) { f *= RADIX; c *= SQRDX; }
      g = r * RADIX;
      while (c > g) { f /= RADIX; c /= SQRDX; }
      if ((c + r) / f < 0.95 * s) {
        done = false;
        const gi = 1 / f;
        for (let j = 1; j <= n; j++) a[i * N + j] *= gi;
        for (let j = 1; j <= n; j++) a[j * N + i] *= f;
      }
    }
  }
}

/** Householder reduction to upper Hessenberg form, in place: P·A·P with P = I − β·v·vᵀ, column by column. */
function hessenberg(a: Float64Array, n: number): void {
  const N = n + 1;
  const v = new Float64Array(N);
  for (let k = 1; k <= n - 2; k++) {
    let norm2 = 0;
    for (let i = k + 1; i <= n; i++) norm2 += a[i * N + k] ** 2;
    if (norm2 === 0) continue;
    const x0 = a[(k + 1) * N + k];
    // α = −sign(x₀)·‖x‖, so v₀ = x₀ − α adds two numbers of the same sign and never cancels.
    const alpha = x0 > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    let vv = 0;
    for (let i = k + 1; i <= n; i++) { v[i] = a[i * N + k] - (i === k + 1 ? alpha : 0); vv += v[i] * v[i]; }
    const beta = 2 / vv;
    // A ← P·A on rows k+1..n (columns k..n), then A ← A·P on columns k+1..n (every row).
    for (let j = k; j <= n; j++) {
      let s = 0;
      for (let i = k + 1; i <= n; i++) s += v[i] * a[i * N + j];
      s *= beta;
      for (let i = k + 1; i <= n; i++) a[i * N + j] -= s * v[i];
    }
    for (let i = 1; i <= n; i++) {
      let s = 0;
      for (let j = k + 1; j <= n; j++) s += a[i * N + j] * v[j];
      s *= beta;
      for (let j = k + 1; j <= n; j++) a[i * N + j] -= s * v[j];
    }
    a[(k + 1) * N + k] = alpha;
    for (let i = k + 2; i <= n; i++) a[i * N + k] = 0;
  }
}

/**
 * Francis double-shift QR on an upper Hessenberg matrix (NR `hqr`, after EISPACK hqr): a small subdiagonal entry
 * splits the problem, a trailing 1×1 block gives a real eigenvalue and a 2×2 block a real or complex pair.
 */
function hqr(a: Float64Array, n: number): Eigenvalues {
  const N = n + 1;
  const at = (i: number, j: number) => a[i * N + j];
  const wr = new Float64Array(N), wi = new Float64Array(N);
  let anorm = 0;
  for (let i = 1; i <= n; i++) for (let j = Math.max(i - 1, 1); j <= n; j++) anorm += Math.abs(at(i, j));
  let nn = n, t = 0;
  let p = 0, q = 0, r = 0, s = 0, w = 0, x = 0, y = 0, z = 0;
  while (nn >= 1) {
    let its = 0, l = 1;
    do {
      // Look for a negligible subdiagonal element a[l][l−1], from the bottom up.
      for (l = nn; l >= 2; l--) {
        s = Math.abs(at(l - 1, l - 1)) + Math.abs(at(l, l));
        if (s === 0) s = anorm;
        if (Math.abs(at(l, l - 1)) + s === s) { a[l * N + l - 1] = 0; break; }
      }
      x = at(nn, nn);
      if (l === nn) {
        // One root found.
        wr[nn] = x + t; wi[nn] = 0; nn--;
      } else {
        y = at(nn - 1, nn - 1);
        w = at(nn, nn - 1) * at(nn - 1, nn);
        if (l === nn - 1) {
          // Two roots: the eigenvalues of the trailing 2×2 block.
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + (p >= 0 ? Math.abs(z) : -Math.abs(z));
            wr[nn - 1] = wr[nn] = x + z;
            if (z !== 0) wr[nn] = x - w / z;
            wi[nn - 1] = wi[nn] = 0;
          } else {
            wr[nn - 1] = wr[nn] = x + p;
            wi[nn - 1] = z; wi[nn] = -z;
          }
          nn -= 2;
        } else {
          if (its === MAX_ITS) throw new EngineError('The eigenvalue iteration did not converge.');
          if (its === 10 || its === 20 || its === 40) {
            // Exceptional shift, to break a cycle.
            t += x;
            for (let i = 1; i <= nn; i++) a[i * N + i] -= x;
            s = Math.abs(at(nn, nn - 1)) + Math.abs(at(nn - 1, nn - 2));
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          its++;
          // Form the shift and look for two consecutive small subdiagonal elements.
          let m = nn - 2;
          for (; m >= l; m--) {
            z = at(m, m);
            r = x - z;
            s = y - z;
            p = (r * s - w) / at(m + 1, m) + at(m, m + 1);
            q = at(m + 1, m + 1) - z - r - s;
            r = at(m + 2, m + 1);
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s; q /= s; r /= s;
            if (m === l) break;
            const u = Math.abs(at(m, m - 1)) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(at(m - 1, m - 1)) + Math.abs(z) + Math.abs(at(m + 1, m + 1)));
            if (u + v === v) break;
          }
          for (let i = m + 2; i <= nn; i++) {
            a[i * N + i - 2] = 0;
            if (i !== m + 2) a[i * N + i - 3] = 0;
          }
          // The double QR step on rows l..nn and columns m..nn, chasing the bulge down.
          for (let k = m; k <= nn - 1; k++) {
            if (k !== m) {
              p = at(k, k - 1);
              q = at(k + 1, k - 1);
              r = k !== nn - 1 ? at(k + 2, k - 1) : 0;
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) { p /= x; q /= x; r /= x; }
            }
            const root = Math.sqrt(p * p + q * q + r * r);
            s = p >= 0 ? root : -root;
            if (s === 0) continue;
            if (k === m) {
              if (l !== m) a[k * N + k - 1] = -at(k, k - 1);
            } else {
              a[k * N + k - 1] = -s * x;
            }
            p += s;
            x = p / s; y = q / s; z = r / s;
            q /= p; r /= p;
            for (let j = k; j <= nn; j++) {
              p = at(k, j) + q * at(k + 1, j);
              if (k !== nn - 1) { p += r * at(k + 2, j); a[(k + 2) * N + j] -= p * z; }
              a[(k + 1) * N + j] -= p * y;
              a[k * N + j] -= p * x;
            }
            const mmin = nn < k + 3 ? nn : k + 3;
            for (let i = l; i <= mmin; i++) {
              p = x * at(i, k) + y * at(i, k + 1);
              if (k !== nn - 1) { p += z * at(i, k + 2); a[i * N + k + 2] -= p * r; }
              a[i * N + k + 1] -= p * q;
              a[i * N + k] -= p;
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  return { re: wr.slice(1), im: wi.slice(1) };
}
