/**
 * The practical ceiling of scalar JS on this machine: a tight multiply-add loop over 4 rows of a matrix with 2
 * running sums per row (even and odd columns), the loop the issue measured at 3.3–3.4 GFLOP/s. The matrix (64 KB)
 * stays in L1/L2, so memory does not limit it.
 */
function peakLoop(W: Float32Array, x: Float32Array, out: Float32Array, rows: number, cols: number): void {
  for (let i = 0; i < rows; i += 4) {
    const b0 = i * cols, b1 = b0 + cols, b2 = b1 + cols, b3 = b2 + cols;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (let j = 0; j < cols; j += 2) {
      const x0 = x[j], x1 = x[j + 1];
      s0 += W[b0 + j] * x0; t0 += W[b0 + j + 1] * x1;
      s1 += W[b1 + j] * x0; t1 += W[b1 + j + 1] * x1;
      s2 += W[b2 + j] * x0; t2 += W[b2 + j + 1] * x1;
      s3 += W[b3 + j] * x0; t3 += W[b3 + j + 1] * x1;
    }
    out[i] = s0 + t0; out[i + 1] = s1 + t1; out[i + 2] = s2 + t2; out[i + 3] = s3 + t3;
  }
}

/** GFLOP/s of the loop: the best of `trials` trials of about 50 ms each. */
export function measurePeak(trials = 7): number {
  const rows = 128, cols = 128;
  const W = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i));
  const x = Float32Array.from({ length: cols }, (_, i) => Math.cos(i));
  const out = new Float32Array(rows);
  const reps = 1500;
  let best = 0;
  for (let k = 0; k < trials + 2; k++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) { peakLoop(W, x, out, rows, cols); x[r & 127] += out[r & 127] * 1e-9; }
    const ms = performance.now() - t0;
    if (k >= 2) best = Math.max(best, (2 * rows * cols * reps) / ms / 1e6);
  }
  return best;
}
