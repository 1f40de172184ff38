import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/engine/random';
import { blockSpectralRadii, eigenvalues, rescaleSpectralRadius, spectralRadius } from '../../src/engine/spectral';

interface EigCase { name: string; n: number; A: number[]; re: number[]; im: number[]; rho: number }
interface RescaleCase { H: number; G: number; rho: number; W: number[]; radii: number[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/lab/eigvals.json', import.meta.url), 'utf8')) as {
  tolerance: { atol: number }; cases: EigCase[]; rescale: RescaleCase[];
};

/** The largest distance between two eigenvalue multisets after greedy nearest matching. */
function mismatch(a: { re: ArrayLike<number>; im: ArrayLike<number> }, b: { re: ArrayLike<number>; im: ArrayLike<number> }): number {
  const left = Array.from(b.re, (re, k) => [re, b.im[k]] as const);
  let worst = 0;
  for (let k = 0; k < a.re.length; k++) {
    let best = -1, dist = Infinity;
    left.forEach(([re, im], j) => { const d = Math.hypot(a.re[k] - re, a.im[k] - im); if (d < dist) { dist = d; best = j; } });
    left.splice(best, 1);
    worst = Math.max(worst, dist);
  }
  return worst;
}

const frob = (A: ArrayLike<number>) => Math.sqrt(Array.from(A).reduce((s, v) => s + v * v, 0));

/** Q·diag-blocks·Q⁻¹ for a random well-conditioned Q: a dense matrix with chosen eigenvalues (pairs as 2×2 blocks). */
function withEigenvalues(blocks: ({ re: number } | { re: number; im: number })[], seed: number): { A: Float64Array; n: number } {
  const n = blocks.reduce((s, b) => s + ('im' in b ? 2 : 1), 0);
  const B = new Float64Array(n * n);
  let k = 0;
  for (const b of blocks) {
    if ('im' in b) {
      B[k * n + k] = b.re; B[k * n + k + 1] = -b.im; B[(k + 1) * n + k] = b.im; B[(k + 1) * n + k + 1] = b.re;
      k += 2;
    } else { B[k * n + k] = b.re; k += 1; }
  }
  // Q = I + 0.3·N is invertible and well conditioned; its inverse by Gauss–Jordan.
  const rng = createRng(seed);
  const Q = Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0) + 0.3 * rng.normal() / Math.sqrt(n));
  const M = Float64Array.from(Q), Qi = Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]) > Math.abs(M[piv * n + c])) piv = r;
    for (let j = 0; j < n; j++) { [M[c * n + j], M[piv * n + j]] = [M[piv * n + j], M[c * n + j]]; [Qi[c * n + j], Qi[piv * n + j]] = [Qi[piv * n + j], Qi[c * n + j]]; }
    const d = M[c * n + c];
    for (let j = 0; j < n; j++) { M[c * n + j] /= d; Qi[c * n + j] /= d; }
    for (let r = 0; r < n; r++) if (r !== c) {
      const f = M[r * n + c];
      for (let j = 0; j < n; j++) { M[r * n + j] -= f * M[c * n + j]; Qi[r * n + j] -= f * Qi[c * n + j]; }
    }
  }
  const mul = (X: Float64Array, Y: Float64Array) => {
    const Z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) for (let j = 0; j < n; j++) Z[i * n + j] += X[i * n + l] * Y[l * n + j];
    return Z;
  };
  return { A: mul(mul(Q, B), Qi), n };
}

describe('eigenvalues(A, n)', () => {
  it('matches numpy.linalg.eigvals on every fixture matrix within atol·max(1, ‖A‖_F)', () => {
    const bad: string[] = [];
    for (const c of fixture.cases) {
      const got = eigenvalues(c.A, c.n);
      const err = mismatch(got, c);
      const tol = fixture.tolerance.atol * Math.max(1, frob(c.A));
      if (!(err <= tol)) bad.push(`${c.name}: off by ${err.toExponential(2)} > ${tol.toExponential(2)}`);
      const rho = spectralRadius(c.A, c.n);
      if (!(Math.abs(rho - c.rho) <= tol)) bad.push(`${c.name}: ρ = ${rho}, numpy ${c.rho}`);
    }
    expect(bad).toEqual([]);
  });

  it('finds a rotation by θ scaled by r as the pair r·e^{±iθ}', () => {
    for (const [r, th] of [[1, 0.3], [1.3, 0.7], [0.2, 2.9], [2.5, Math.PI / 2]]) {
      const { re, im } = eigenvalues([r * Math.cos(th), -r * Math.sin(th), r * Math.sin(th), r * Math.cos(th)], 2);
      expect(re[0]).toBeCloseTo(r * Math.cos(th), 14);
      expect(re[1]).toBeCloseTo(r * Math.cos(th), 14);
      expect(Math.max(im[0], im[1])).toBeCloseTo(r * Math.sin(th), 14);
      expect(im[0] + im[1]).toBeCloseTo(0, 14);
    }
  });

  it('gives the n-th roots of unity for a cyclic permutation', () => {
    for (const n of [3, 5, 8]) {
      const P = new Float64Array(n * n);
      for (let i = 0; i < n; i++) P[i * n + ((i + 1) % n)] = 1;
      const expected = { re: Array.from({ length: n }, (_, k) => Math.cos((2 * Math.PI * k) / n)), im: Array.from({ length: n }, (_, k) => Math.sin((2 * Math.PI * k) / n)) };
      expect(mismatch(eigenvalues(P, n), expected)).toBeLessThan(1e-13);
    }
  });

  it('recovers chosen real eigenvalues and complex pairs of a dense similar matrix', () => {
    const blocks: ({ re: number } | { re: number; im: number })[] = [{ re: 2.5 }, { re: -1.5 }, { re: 0.3, im: 1.1 }, { re: -0.7, im: 0.2 }, { re: 0 }, { re: 1e-3, im: 2 }];
    const { A, n } = withEigenvalues(blocks, 11);
    const expected = { re: [] as number[], im: [] as number[] };
    for (const b of blocks) {
      if ('im' in b) { expected.re.push(b.re, b.re); expected.im.push(b.im, -b.im); } else { expected.re.push(b.re); expected.im.push(0); }
    }
    expect(mismatch(eigenvalues(A, n), expected)).toBeLessThan(1e-12);
    expect(spectralRadius(A, n)).toBeCloseTo(2.5, 12);
  });

  it('reads the diagonal of a triangular matrix and handles 0×0, 1×1 and zero matrices', () => {
    const T = [4, 1, 2, 0, -3, 5, 0, 0, 0.5];
    expect(mismatch(eigenvalues(T, 3), { re: [4, -3, 0.5], im: [0, 0, 0] })).toBeLessThan(1e-14);
    expect(eigenvalues([], 0).re.length).toBe(0);
    expect(spectralRadius([-7], 1)).toBe(7);
    expect(spectralRadius(new Float64Array(16), 4)).toBe(0);
  });

  it('refuses non-finite entries with a message naming the place', () => {
    expect(() => eigenvalues([1, 2, Number.NaN, 4], 2)).toThrow(/row 2, column 1/);
  });
});

describe('rescaleSpectralRadius(W, H, rho)', () => {
  it('gives every gate block of the numpy fixtures spectral radius ρ within 1e-12 relative', () => {
    for (const c of fixture.rescale) {
      expect(blockSpectralRadii(c.W, c.H).map((r, g) => Math.abs(r - c.radii[g]) / c.radii[g]).every((e) => e < 1e-12)).toBe(true);
      const out = rescaleSpectralRadius(Float64Array.from(c.W), c.H, c.rho);
      for (const r of blockSpectralRadii(out, c.H)) expect(Math.abs(r - c.rho) / c.rho).toBeLessThan(1e-12);
      // One scalar per block: the block is scaled by exactly ρ/ρ(block).
      expect(out[0] / c.W[0]).toBeCloseTo(c.rho / c.radii[0], 12);
    }
  });

  it('holds for every ρ of the slider and a float32 W within 1e-6 relative', () => {
    const rng = createRng(5);
    const H = 16;
    const W = Float32Array.from({ length: 4 * H * H }, () => rng.uniformIn(-0.25, 0.25));
    for (const rho of [0.1, 0.5, 0.99, 1, 1.01, 2, 3]) {
      const out = rescaleSpectralRadius(W, H, rho);
      expect(out).toBeInstanceOf(Float32Array);
      for (const r of blockSpectralRadii(out, H)) expect(Math.abs(r - rho) / rho).toBeLessThan(1e-6);
    }
    expect(W[0]).not.toBe(rescaleSpectralRadius(W, H, 3)[0]);
  });

  it('refuses ρ ≤ 0, non-finite ρ and a block with spectral radius 0', () => {
    const W = Float64Array.of(0.5, 0.1, 0.2, 0.3);
    for (const rho of [0, -1, Number.NaN, Infinity]) expect(() => rescaleSpectralRadius(W, 2, rho)).toThrow(/positive number/);
    expect(() => rescaleSpectralRadius(Float64Array.of(0, 1, 0, 0), 2, 1)).toThrow(/spectral radius 0/);
    expect(() => rescaleSpectralRadius(Float64Array.of(1, 2, 3), 2, 1)).toThrow(/W_hh must be/);
  });
});
