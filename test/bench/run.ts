/**
 * `npm run bench`, after the engine table of engine.ts: speed and size goals, each printed as a ratio against a
 * peer measured in the same run or against its budget. Not a test: numbers vary by machine; budgets are for this project's 2-core CI machine.
 */
import { MessageChannel } from 'node:worker_threads';
import { backpropThroughTime } from '../../src/engine/bptt';
import { initModel } from '../../src/engine/init';
import { createRng } from '../../src/engine/random';
import type { Batch, CellKind, Model, Targets } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';

/** Median wall time of fn over `runs` runs after one warm-up, in ms. */
function time(fn: () => void, runs = 7): number {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) { const t0 = performance.now(); fn(); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}

const rows: string[][] = [['benchmark', 'measured', 'peer or budget', 'ratio', 'verdict']];
function report(name: string, measured: number, against: number, unit: string, peerName: string, lowerIsBetter = true) {
  const ratio = measured / against;
  const ok = lowerIsBetter ? ratio <= 1 : ratio >= 1;
  rows.push([name, `${measured.toFixed(2)} ${unit}`, `${peerName} ${against.toFixed(2)} ${unit}`, ratio.toFixed(2), ok ? 'ok' : 'OVER']);
}

function textBatch(m: Model, T: number, seed = 3): { batch: Batch; targets: Targets } {
  const rng = createRng(seed);
  const D = m.config.inputSize;
  const x = new Float32Array(T * D);
  for (let t = 0; t < T; t++) x[t * D + Math.floor(rng.uniform() * D)] = 1;
  const classes = Int32Array.from({ length: T }, () => Math.floor(rng.uniform() * m.config.outputSize));
  return { batch: { n: 1, T, x, tokens: null, lengths: null, h0: null, c0: null }, targets: { kind: 'classes', classes } };
}

function model(cell: CellKind, H: number, D = 32, dtype: 'float32' | 'float64' = 'float32'): Model {
  return initModel({ cell, inputSize: D, hiddenSize: H, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: D, outputActivation: 'softmax' }, { seed: 1, dtype, vocabulary: [] });
}

/** The peer: a plain nested-array Elman RNN forward (the way small JS RNN demos are written). */
function naiveRnnForward(m: Model, x: Float32Array, T: number): number[][] {
  const { hiddenSize: H, inputSize: D } = m.config;
  const p = m.params.layers[0];
  const U = Array.from({ length: H }, (_, i) => Array.from(p.weightIh.subarray(i * D, (i + 1) * D)));
  const W = Array.from({ length: H }, (_, i) => Array.from(p.weightHh.subarray(i * H, (i + 1) * H)));
  const b = Array.from({ length: H }, (_, i) => p.biasIh[i] + p.biasHh[i]);
  let h = new Array(H).fill(0);
  const out: number[][] = [];
  for (let t = 0; t < T; t++) {
    const xt = Array.from(x.subarray(t * D, (t + 1) * D));
    h = U.map((row, i) => Math.tanh(row.reduce((s, u, j) => s + u * xt[j], 0) + W[i].reduce((s, w, j) => s + w * h[j], 0) + b[i]));
    out.push(h);
  }
  return out;
}

// 1. Forward pass against the naive peer (RNN, T = 2000, H = 64).
{
  const m = model('rnn', 64);
  const { batch } = textBatch(m, 2000);
  const ours = time(() => unroll(m, batch));
  const peer = time(() => naiveRnnForward(m, batch.x as Float32Array, 2000));
  report('RNN forward, T=2000 H=64 (full trace)', ours, peer, 'ms', 'naive nested arrays');
}

// 2. Forward + BPTT of an LSTM against a budget.
{
  const m = model('lstm', 64);
  const { batch, targets } = textBatch(m, 1000);
  const ms = time(() => backpropThroughTime(m, batch, unroll(m, batch), targets), 5);
  // Budget: at least 6 training steps per second on a 1000-character text in the worker.
  report('LSTM forward+BPTT, T=1000 H=64', ms, 150, 'ms', 'budget');
}

// 3. Float32 storage against float64 storage (the dtype choice): time of GRU forward+BPTT.
{
  const m32 = model('gru', 48), m64 = model('gru', 48, 32, 'float64');
  const { batch, targets } = textBatch(m32, 800);
  const b64 = { ...batch, x: Float64Array.from(batch.x!) };
  const t32 = time(() => backpropThroughTime(m32, batch, unroll(m32, batch), targets), 5);
  const t64 = time(() => backpropThroughTime(m64, b64, unroll(m64, b64), targets), 5);
  report('GRU forward+BPTT T=800 H=48, float32 storage', t32, t64 * 1.25, 'ms', 'float64 ×1.25');
}

// 4. Moving a trace to the main thread: transfer against structured-clone copy (MessageChannel, LSTM T=20000 H=64).
{
  const m = model('lstm', 64);
  const { batch } = textBatch(m, 20000);
  const tr = unroll(m, batch);
  const arrays = [tr.layers[0].ih, tr.layers[0].hh, tr.layers[0].pre, tr.layers[0].act, tr.layers[0].h, tr.layers[0].c!];
  const bytes = arrays.reduce((s, a) => s + a.byteLength, 0);
  const send = async (transfer: boolean) => {
    const { port1, port2 } = new MessageChannel();
    const copies = arrays.map((a) => a.slice());
    const t0 = performance.now();
    const got = new Promise((r) => port2.once('message', r));
    port1.postMessage(copies, transfer ? copies.map((a) => a.buffer as ArrayBuffer) : []);
    await got;
    const dt = performance.now() - t0;
    port1.close(); port2.close();
    return dt;
  };
  const med = async (transfer: boolean) => { const ts = []; for (let i = 0; i < 5; i++) ts.push(await send(transfer)); ts.sort((a, b) => a - b); return ts[2]; };
  const tTransfer = await med(true), tCopy = await med(false);
  report(`trace to main thread, ${(bytes / 1e6).toFixed(0)} MB`, tTransfer, tCopy, 'ms', 'structured clone');
}

// 5. Memory of the largest allowed trace (n·T·H = 4 million, LSTM, float32) against the 500 MB budget.
{
  const nTH = 4_000_000;
  // Per (b, t): ih, hh, pre, act at 4H each, plus h and c at H each, 4 bytes per value.
  const bytes = nTH * (4 * 4 + 2) * 4;
  report('largest LSTM trace (n·T·H = 4M), float32', bytes / 1e6, 500, 'MB', 'budget');
}

const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((v, c) => v.padEnd(widths[c])).join('  '));
