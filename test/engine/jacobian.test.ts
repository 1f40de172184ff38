import { describe, expect, it } from 'vitest';
import { spectralNorm } from '../../src/engine/jacobian';
import { createRng, type Rng } from '../../src/engine/random';

/** A random S×S orthogonal matrix (Gram–Schmidt, twice, of normal draws), as rows. */
function orthogonal(S: number, rng: Rng): number[][] {
  const m = Array.from({ length: S }, () => Array.from({ length: S }, () => rng.normal()));
  for (let v = 0; v < S; v++) {
    for (let pass = 0; pass < 2; pass++) for (let u = 0; u < v; u++) {
      const d = m[v].reduce((s, x, k) => s + x * m[u][k], 0);
      m[v] = m[v].map((x, k) => x - d * m[u][k]);
    }
    const n = Math.hypot(...m[v]);
    m[v] = m[v].map((x) => x / n);
  }
  return m;
}

/** U·diag(s)·Vᵀ, row-major: a matrix whose singular values are s by construction. */
function withSingularValues(s: number[], rng: Rng): Float64Array {
  const S = s.length, U = orthogonal(S, rng), V = orthogonal(S, rng);
  const J = new Float64Array(S * S);
  for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) {
    let a = 0;
    for (let k = 0; k < S; k++) a += U[k][i] * s[k] * V[k][j];
    J[i * S + j] = a;
  }
  return J;
}

describe('spectralNorm(J, S)', () => {
  it('gives |a| for a 1×1 matrix, max |d_i| for a diagonal one and 0 for zero', () => {
    expect(spectralNorm(Float64Array.of(-3), 1)).toBe(3);
    expect(spectralNorm(Float64Array.of(0.5, 0, 0, 0, -2, 0, 0, 0, 1.5), 3)).toBeCloseTo(2, 14);
    expect(spectralNorm(new Float64Array(16), 4)).toBe(0);
  });

  it('finds σ₁ to 1e-14 whatever the gap to σ₂, down to equal singular values', () => {
    // Power iteration returned σ₂ here for gaps of 1e-3 and below; the result must not depend on the gap.
    const rng = createRng(8);
    const bad: string[] = [];
    for (const S of [2, 3, 8, 24]) for (const gap of [1e-2, 1e-3, 1e-5, 1e-7, 0]) for (let rep = 0; rep < 5; rep++) {
      const s = Array.from({ length: S }, (_, i) => (i === 0 ? 1 : i === 1 ? 1 - gap : 0.9 * rng.uniform()));
      const sigma = spectralNorm(withSingularValues(s, rng), S);
      if (!(Math.abs(sigma - 1) < 1e-14)) bad.push(`S = ${S}, gap ${gap}: σ₁ = ${sigma}, expected 1`);
    }
    expect(bad).toEqual([]);
  });

  it('scales: ‖c·J‖₂ = |c|·‖J‖₂ for tiny and huge c', () => {
    const rng = createRng(9);
    const J = withSingularValues([3, 2, 1, 0.5], rng);
    for (const c of [1e-150, -1e-20, 1e20, 1e150]) {
      const cJ = J.map((v) => v * c);
      expect(spectralNorm(cJ, 4) / Math.abs(c)).toBeCloseTo(3, 12);
    }
  });
});
