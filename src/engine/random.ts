/**
 * The seeded PRNG. Its algorithm and the order of draws are part of the model format: a seed gives the same
 * numbers everywhere and in later versions.
 *
 * - Seeding: the seed is reduced to an unsigned 32-bit integer s; four state words come from SplitMix32
 *   (x += 0x9E3779B9; z = x; z = (z ^ z>>>16)·0x85EBCA6B; z = (z ^ z>>>13)·0xC2B2AE35; z ^= z>>>16).
 * - Generator: xoshiro128** (Blackman & Vigna), one 32-bit word per call.
 * - uniform(): (word >>> 8) / 2^24 in [0, 1): 24 bits, exactly representable in float32 and float64.
 * - normal(): Box–Muller with two uniforms u1, u2: sqrt(−2·ln(1 − u1))·cos(2π·u2); one normal per two uniforms.
 */

/** A seeded generator of uniform and normal draws. */
export interface Rng {
  /** The next 32-bit unsigned word. */
  nextU32(): number;
  /** A uniform draw in [0, 1). */
  uniform(): number;
  /** A uniform draw in [lo, hi). */
  uniformIn(lo: number, hi: number): number;
  /** A standard normal draw. */
  normal(): number;
}

/** Creates the project's PRNG from a seed (any finite number; it is reduced to 32 bits). */
export function createRng(seed: number): Rng {
  let x = (Math.trunc(seed) >>> 0);
  const split = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = split(), s1 = split(), s2 = split(), s3 = split();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const rotl = (v: number, k: number) => ((v << k) | (v >>> (32 - k))) >>> 0;
  const nextU32 = () => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    s0 >>>= 0; s1 >>>= 0; s2 >>>= 0;
    return result;
  };
  const uniform = () => (nextU32() >>> 8) / 16777216;
  return {
    nextU32,
    uniform,
    uniformIn: (lo, hi) => lo + (hi - lo) * uniform(),
    normal: () => {
      const u1 = uniform(), u2 = uniform();
      return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    },
  };
}
