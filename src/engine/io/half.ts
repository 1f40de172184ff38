/**
 * Decoding of the 16-bit float formats a safetensors file may hold. Both widen exactly to float32.
 */

/**
 * IEEE 754 binary16 (1 sign, 5 exponent, 10 mantissa bits) to a number.
 * Normal: (−1)^s · 2^(e−15) · (1 + m/1024); subnormal (e = 0): (−1)^s · 2^−14 · m/1024; e = 31: ±Infinity or NaN.
 */
export function decodeF16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >>> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m === 0 ? sign * Infinity : NaN;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

// One shared 4-byte scratch: bfloat16 is the top half of a float32, so widening is a 16-bit shift.
const scratch = new DataView(new ArrayBuffer(4));

/** bfloat16 (the upper 16 bits of a float32) to a number. */
export function decodeBF16(bits: number): number {
  scratch.setUint32(0, (bits & 0xffff) << 16);
  return scratch.getFloat32(0);
}
