/**
 * The baseline peer: RNN, LSTM and GRU (PyTorch's equations, reset after) written the plain way, one
 * Float32Array per quantity and one running sum per dot product, with no blocking. Forward keeps what the
 * backward pass needs; forward + BPTT back-propagates L = Σ_t v·h_t to every weight, bias and input, the same
 * work as the engine's backpropThroughTime (whose FLOPs the table counts as 3× the forward).
 */
import type { Workload } from './protocol';

/** Weights of one layer in PyTorch's layout, biases already summed (b = b_ih + b_hh), and the readout v. */
export interface PlainNet {
  w: Workload;
  G: number;
  wIh: Float32Array; wHh: Float32Array; bIh: Float32Array; bHh: Float32Array; v: Float32Array;
}

/** Random weights in ±1/√H, as PyTorch initialises them, from a small LCG (the values do not matter here). */
export function plainNet(w: Workload, seed = 7): PlainNet {
  const G = w.cell === 'lstm' ? 4 : w.cell === 'gru' ? 3 : 1;
  let s = seed >>> 0;
  const k = 1 / Math.sqrt(w.H);
  const fill = (len: number) => Float32Array.from({ length: len }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return (s / 2 ** 32 * 2 - 1) * k; });
  return { w, G, wIh: fill(G * w.H * w.D), wHh: fill(G * w.H * w.H), bIh: fill(G * w.H), bHh: fill(G * w.H), v: fill(w.H) };
}

/** Everything a forward pass keeps: gate values [n, T, G·H], W_hn·h + b_hn (GRU) [n, T, H], c and h [n, T, H]. */
export interface PlainTrace { act: Float32Array; hn: Float32Array; c: Float32Array; h: Float32Array }

const sig = (a: number) => 1 / (1 + Math.exp(-a));

/** Runs the layer over x [n, T, D]. */
export function plainForward(net: PlainNet, x: Float32Array): PlainTrace {
  const { w: { cell, D, H, T, n }, G, wIh, wHh, bIh, bHh } = net;
  const GH = G * H;
  const act = new Float32Array(n * T * GH), hn = new Float32Array(cell === 'gru' ? n * T * H : 0);
  const c = new Float32Array(cell === 'lstm' ? n * T * H : 0), h = new Float32Array(n * T * H);
  const zero = new Float32Array(H);
  for (let b = 0; b < n; b++) {
    for (let t = 0; t < T; t++) {
      const xo = (b * T + t) * D, go = (b * T + t) * GH, so = (b * T + t) * H;
      const hp = t === 0 ? zero : h, ho = t === 0 ? 0 : so - H;
      for (let i = 0; i < GH; i++) {
        let si = bIh[i];
        for (let k = 0; k < D; k++) si += wIh[i * D + k] * x[xo + k];
        let sh = bHh[i];
        for (let k = 0; k < H; k++) sh += wHh[i * H + k] * hp[ho + k];
        if (cell === 'gru' && i >= 2 * H) { act[go + i] = si; hn[so + i - 2 * H] = sh; } else act[go + i] = si + sh;
      }
      for (let j = 0; j < H; j++) {
        if (cell === 'rnn') {
          h[so + j] = act[go + j] = Math.tanh(act[go + j]);
        } else if (cell === 'lstm') {
          const ig = sig(act[go + j]), fg = sig(act[go + H + j]), gg = Math.tanh(act[go + 2 * H + j]), og = sig(act[go + 3 * H + j]);
          act[go + j] = ig; act[go + H + j] = fg; act[go + 2 * H + j] = gg; act[go + 3 * H + j] = og;
          const cp = t === 0 ? 0 : c[so - H + j];
          c[so + j] = fg * cp + ig * gg;
          h[so + j] = og * Math.tanh(c[so + j]);
        } else {
          const r = sig(act[go + j]), z = sig(act[go + H + j]);
          const nn = Math.tanh(act[go + 2 * H + j] + r * hn[so + j]);
          act[go + j] = r; act[go + H + j] = z; act[go + 2 * H + j] = nn;
          h[so + j] = (1 - z) * nn + z * (t === 0 ? 0 : h[so - H + j]);
        }
      }
    }
  }
  return { act, hn, c, h };
}

/** Gradients of L = Σ_t v·h_t: weights, summed bias, and the input. */
export interface PlainGrads { dWih: Float32Array; dWhh: Float32Array; dbIh: Float32Array; dbHh: Float32Array; dx: Float32Array }

/** Forward, then back-propagation through time of L = Σ_t v·h_t. */
export function plainForwardBackward(net: PlainNet, x: Float32Array): PlainGrads {
  const { w: { cell, D, H, T, n }, G, wIh, wHh, v } = net;
  const GH = G * H;
  const tr = plainForward(net, x);
  const { act, hn, c, h } = tr;
  const g: PlainGrads = { dWih: new Float32Array(GH * D), dWhh: new Float32Array(GH * H), dbIh: new Float32Array(GH), dbHh: new Float32Array(GH), dx: new Float32Array(n * T * D) };
  const dI = new Float32Array(GH), dHh = new Float32Array(GH);
  const dhNext = new Float32Array(H), dcNext = new Float32Array(H), dh = new Float32Array(H);
  const zero = new Float32Array(H);
  for (let b = 0; b < n; b++) {
    dhNext.fill(0); dcNext.fill(0);
    for (let t = T - 1; t >= 0; t--) {
      const xo = (b * T + t) * D, go = (b * T + t) * GH, so = (b * T + t) * H;
      const hp = t === 0 ? zero : h, ho = t === 0 ? 0 : so - H;
      for (let j = 0; j < H; j++) dh[j] = v[j] + dhNext[j];
      dhNext.fill(0);
      for (let j = 0; j < H; j++) {
        if (cell === 'rnn') {
          dI[j] = dHh[j] = dh[j] * (1 - act[go + j] * act[go + j]);
        } else if (cell === 'lstm') {
          const ig = act[go + j], fg = act[go + H + j], gg = act[go + 2 * H + j], og = act[go + 3 * H + j];
          const tc = Math.tanh(c[so + j]);
          const dc = dcNext[j] + dh[j] * og * (1 - tc * tc);
          const cp = t === 0 ? 0 : c[so - H + j];
          dI[j] = dc * gg * ig * (1 - ig);
          dI[H + j] = dc * cp * fg * (1 - fg);
          dI[2 * H + j] = dc * ig * (1 - gg * gg);
          dI[3 * H + j] = dh[j] * tc * og * (1 - og);
          for (let q = 0; q < 4; q++) dHh[q * H + j] = dI[q * H + j];
          dcNext[j] = dc * fg;
        } else {
          const r = act[go + j], z = act[go + H + j], nn = act[go + 2 * H + j];
          const dn = dh[j] * (1 - z) * (1 - nn * nn);
          dI[j] = dHh[j] = dn * hn[so + j] * r * (1 - r);
          dI[H + j] = dHh[H + j] = dh[j] * (hp[ho + j] - nn) * z * (1 - z);
          dI[2 * H + j] = dn;
          dHh[2 * H + j] = dn * r;
          dhNext[j] += dh[j] * z;
        }
      }
      for (let i = 0; i < GH; i++) {
        const di = dI[i], dhh = dHh[i];
        g.dbIh[i] += di; g.dbHh[i] += dhh;
        for (let k = 0; k < D; k++) { g.dWih[i * D + k] += di * x[xo + k]; g.dx[xo + k] += wIh[i * D + k] * di; }
        for (let k = 0; k < H; k++) { g.dWhh[i * H + k] += dhh * hp[ho + k]; dhNext[k] += wHh[i * H + k] * dhh; }
      }
    }
  }
  return g;
}
