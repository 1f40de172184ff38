/**
 * Engine benchmark (first part of `npm run bench`; alone: `npx tsx test/bench/engine.ts [--quick] [--max-run-s S]`).
 * RNN, LSTM and GRU at batch 1 and 8 over (D, H, T) = (32, 64, 100), (64, 256, 500), (128, 512, 1000), forward
 * alone and forward + BPTT, against peers measured in the same run and interleaved workload by workload: a plain
 * Float32Array loop, tfjs's CPU and WASM (SIMD) backends, PyTorch on one thread when /usr/bin/python3 has torch,
 * and the peak of a tight multiply-add loop. Prints medians, GFLOP/s and ratios (peer ms / our ms: above 1 we
 * are faster), then the issue's targets, and writes everything to .bench/engine-<time>.json.
 * A peer's run is stopped after --max-run-s (default 10 s) or 2.5× our time, and not started when its estimated
 * time (from the same peer's speed on the size before) is hopeless; ours always runs. The whole run takes about 10 minutes. --quick runs the smallest size only (for CI: it must complete).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus as cpus_ } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backpropThroughTime } from '../../src/engine/bptt';
import { initModel } from '../../src/engine/init';
import type { Batch, Model, Targets } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { measurePeak } from './peers/peak';
import { plainForward, plainForwardBackward, plainNet } from './peers/plain';
import { startPeer, type PeerProcess } from './peers/process';
import { flopsOf, timeRuns, type PeerReply, type PeerRequest, type Workload } from './peers/protocol';

/** Options of a benchmark run. */
export interface EngineBenchOptions {
  /** Only the smallest size. */
  quick: boolean;
  /** Skip a peer's run when its estimated time exceeds this many seconds. */
  maxRunS: number;
  /** Peers in separate processes to start (any of tfjs-cpu, tfjs-wasm, torch). */
  external: string[];
  /** Where lines go. */
  log: (line: string) => void;
}

/** One measurement: a median, a lower bound (the run was stopped), or why there is none. */
export type Cell = { ms: number; runs: number } | { overMs: number } | { skipped: string };

/** One row of the table. */
export interface Row extends Workload {
  mode: 'fwd' | 'fb';
  flops: number;
  /** Keyed by peer: ours, plain, tfjs-cpu, tfjs-wasm, torch. */
  results: Record<string, Cell>;
}

/** What a run produced. */
export interface EngineBenchResult {
  date: string;
  machine: string;
  /** Peak GFLOP/s of the scalar multiply-add loop (best at the start and at the end of the run). */
  peakGflops: number;
  versions: Record<string, string>;
  rows: Row[];
}

export const SIZES: readonly [number, number, number][] = [[32, 64, 100], [64, 256, 500], [128, 512, 1000]];
const EXTERNAL = ['tfjs-cpu', 'tfjs-wasm', 'torch'] as const;
const PEERS = ['ours', 'plain', ...EXTERNAL] as const;

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

/** Runs and warm-up for a run expected to take `estMs` (null: not known yet): more runs when they are cheap. */
function plan(estMs: number | null, quick: boolean): { runs: number; warmup: boolean } {
  // --quick only proves that everything runs: 3 runs of the cheap ones, 1 of the rest.
  if (quick) return estMs !== null && estMs < 300 ? { runs: 3, warmup: true } : { runs: 1, warmup: false };
  if (estMs === null || estMs < 100) return { runs: 7, warmup: true };
  if (estMs < 500) return { runs: 5, warmup: true };
  if (estMs < 2000) return { runs: 3, warmup: false };
  return { runs: 1, warmup: false };
}

/** Our engine on a workload: a one-layer model with a 1-unit identity readout, and targets that make ∂L/∂y = 1. */
function oursFor(w: Workload, net: ReturnType<typeof plainNet>): { model: Model; batch: Batch; targets: Targets } {
  const model = initModel({
    cell: w.cell, inputSize: w.D, hiddenSize: w.H, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true, bias: true,
    embeddingSize: 0, outputSize: 1, outputActivation: 'identity',
  }, { seed: 1, dtype: 'float32', vocabulary: [] });
  // The plain peer's weights, so the two can be checked against each other; the readout is v·h_t.
  const p = model.params.layers[0];
  p.weightIh.set(net.wIh); p.weightHh.set(net.wHh); p.biasIh.set(net.bIh); p.biasHh.set(net.bHh);
  model.params.outWeight!.set(net.v);
  model.params.outBias!.fill(0);
  const x = inputFor(w);
  const batch: Batch = { n: w.n, T: w.T, x, tokens: null, lengths: null, h0: null, c0: null };
  // MSE over N = n·T values has ∂L/∂y = 2(y − target)/N: target = y − N/2 makes it 1, so L's gradients are those of Σ_t v·h_t.
  const y = unroll(model, batch).y!;
  const N = w.n * w.T;
  const values = Float32Array.from(y, (v) => v - N / 2);
  return { model, batch, targets: { kind: 'values', values } };
}

/** The input of a workload, [n, T, D], values in [−1, 1]. */
function inputFor(w: Workload): Float32Array {
  return Float32Array.from({ length: w.n * w.T * w.D }, (_, i) => Math.sin(i * 0.7311));
}

/** Largest |a − b| / (1e-3 + |b|) over two arrays: how far our result is from the plain peer's. */
function relGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (1e-3 + Math.abs(b[i])));
  return m;
}

/** Checks on the smallest size that the plain peer and the engine compute the same h and the same ∂L/∂W_hh. */
function checkBaseline(w: Workload, log: (s: string) => void): boolean {
  const net = plainNet(w);
  const { model, batch, targets } = oursFor(w, net);
  const x = batch.x as Float32Array;
  const tr = unroll(model, batch);
  const ours = backpropThroughTime(model, batch, tr, targets);
  const gh = relGap(tr.layers[0].h, plainForward(net, x).h);
  const pg = plainForwardBackward(net, x);
  const gw = Math.max(relGap(ours.grads.layers[0].weightHh, pg.dWhh), relGap(ours.grads.x, pg.dx));
  const ok = gh < 1e-3 && gw < 1e-2;
  if (!ok) log(`  baseline check FAILED for ${w.cell} n=${w.n}: h differs by ${gh.toExponential(1)}, gradients by ${gw.toExponential(1)}`);
  return ok;
}

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

/** Runs the benchmark; returns the result (also printed through opts.log). */
export async function runEngineBench(opts: EngineBenchOptions): Promise<EngineBenchResult> {
  const { log, quick } = opts;
  const t0 = performance.now();
  const versions: Record<string, string> = { node: process.version };
  const peers = new Map<string, PeerProcess>();
  const here = dirname(fileURLToPath(import.meta.url));
  // tfjs peers run as `node --import tsx …`: one process, so stopping it stops the work (tsx's CLI would fork a child).
  const tsxLoader = import.meta.resolve('tsx');
  for (const name of opts.external) {
    try {
      const p = name === 'torch'
        ? await startPeer('/usr/bin/python3', [join(here, 'peers/torch_peer.py')])
        : await startPeer(process.execPath, ['--import', tsxLoader, join(here, 'peers/tfjs.ts'), name === 'tfjs-cpu' ? 'cpu' : 'wasm']);
      peers.set(name, p);
      versions[name] = p.version ?? '?';
    } catch (e) {
      log(`${name}: not measured (${(e as Error).message.slice(0, 200)})`);
    }
  }
  let peak = measurePeak();
  log(`scalar multiply-add peak (4 rows × 2 sums): ${peak.toFixed(2)} GFLOP/s`);

  const sizes = quick ? SIZES.slice(0, 1) : SIZES;
  let baselineOk = true;
  const rows: Row[] = [];
  // GFLOP/s each peer reached last, per (cell, n, mode), to estimate the next size's time.
  const speed = new Map<string, number>();
  for (const [D, H, T] of sizes) {
    for (const n of [1, 8]) {
      for (const cell of ['rnn', 'lstm', 'gru'] as const) {
        const w: Workload = { cell, D, H, T, n };
        if (D === SIZES[0][0] && !checkBaseline(w, log)) baselineOk = false;
        const net = plainNet(w);
        const ours = oursFor(w, net);
        const x = ours.batch.x as Float32Array;
        for (const mode of ['fwd', 'fb'] as const) {
          const flops = flopsOf(w, mode);
          const row: Row = { ...w, mode, flops, results: {} };
          for (const peer of PEERS) {
            if (peer !== 'ours' && peer !== 'plain' && !peers.has(peer)) continue;
            const key = `${peer} ${cell} ${n} ${mode}`;
            const gf = speed.get(key);
            const est = gf ? flops / gf / 1e6 : null;
            // Hopeless runs are not started. A peer in its own process is stopped at the limit, so it is tried up to an
            // estimate of 6× the limit (FLOPs overestimate peers whose time is mostly a fixed cost per step, and tfjs-wasm
            // may run out of memory early); the plain loop in this process cannot be stopped, and scales with FLOPs.
            const limit = opts.maxRunS * 1000 * (peer === 'plain' ? 1 : 6);
            if (peer !== 'ours' && est !== null && est > limit) {
              row.results[peer] = { skipped: `est. ${(est / 1000).toFixed(0)} s` };
              continue;
            }
            const once = async (req: PeerRequest): Promise<PeerReply> => {
              if (peer === 'ours') {
                const { model, batch, targets } = ours;
                return { ms: timeRuns(req, mode === 'fwd' ? () => unroll(model, batch) : () => backpropThroughTime(model, batch, unroll(model, batch), targets)) };
              }
              if (peer === 'plain') return { ms: timeRuns(req, mode === 'fwd' ? () => plainForward(net, x) : () => plainForwardBackward(net, x)) };
              // Stopped after --max-run-s per run, or 2.5× our time if longer: enough to tell a peer slower than us.
              const o = row.results.ours;
              const perRun = Math.max(opts.maxRunS * 1000, o && 'ms' in o ? 2.5 * o.ms : 0);
              // A stopped series bounds one run from below by the limit per run.
              const count = req.runs + (req.warmup ? 1 : 0);
              const r = await peers.get(peer)!.ask(req, perRun * count);
              return 'overMs' in r ? { overMs: r.overMs / count } : r;
            };
            // Without an estimate, one probe run (which also warms up) sets the number of runs; a slow probe is the measurement.
            let reply: PeerReply;
            if (est === null) {
              const probe = await once({ ...w, mode, runs: 1, warmup: false });
              const p = 'ms' in probe ? plan(probe.ms[0], quick) : null;
              reply = !p || p.runs === 1 ? probe : await once({ ...w, mode, runs: p.runs, warmup: false });
            } else {
              reply = await once({ ...w, mode, ...plan(est, quick) });
            }
            if ('error' in reply) { row.results[peer] = { skipped: reply.error }; continue; }
            if ('overMs' in reply) { row.results[peer] = { overMs: reply.overMs }; speed.set(key, flops / reply.overMs / 1e6); continue; }
            const ms = median(reply.ms);
            row.results[peer] = { ms, runs: reply.ms.length };
            speed.set(key, flops / ms / 1e6);
          }
          rows.push(row);
          log(formatRow(row, peak));
        }
      }
    }
  }
  log(baselineOk ? 'baseline check: the plain loop and the engine agree on h, ∂L/∂W_hh and ∂L/∂x at the smallest size' : 'baseline check FAILED (see above)');
  peak = Math.max(peak, measurePeak());
  for (const p of peers.values()) p.close();
  log(`scalar peak at the end of the run: best ${peak.toFixed(2)} GFLOP/s; whole run ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const result: EngineBenchResult = { date: new Date().toISOString(), machine: machineLine(), peakGflops: peak, versions, rows };
  log('');
  for (const line of formatTable(result)) log(line);
  log('');
  for (const line of targetLines(result)) log(line);
  return result;
}

/** CPU model and core count, for the JSON. */
function machineLine(): string {
  const cpus = cpus_();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, Node ${process.version}`;
}

const label = (r: Row) => `${r.cell.toUpperCase()} n=${r.n} D=${r.D} H=${r.H} T=${r.T} ${r.mode === 'fwd' ? 'fwd' : 'fwd+BPTT'}`;
const cellText = (c: Cell | undefined, ours: number | null) => {
  if (!c) return '—';
  if ('overMs' in c) return ours ? `>${fmtMs(c.overMs)} ×>${(c.overMs / ours).toFixed(0)}` : `>${fmtMs(c.overMs)}`;
  if ('skipped' in c) return `(${c.skipped.length > 28 ? `${c.skipped.slice(0, 27)}…` : c.skipped})`;
  return ours ? `${fmtMs(c.ms)} ×${(c.ms / ours).toFixed(1)}` : fmtMs(c.ms);
};

/** One line per row as it is measured. */
function formatRow(r: Row, peak: number): string {
  const o = r.results.ours;
  const ours = o && 'ms' in o ? o.ms : null;
  const gf = ours ? r.flops / ours / 1e6 : NaN;
  const rest = PEERS.slice(1).filter((p) => r.results[p]).map((p) => `${p} ${cellText(r.results[p], ours)}`).join('  ');
  return `${label(r)}: ours ${ours === null ? '—' : fmtMs(ours)} ms, ${gf.toFixed(2)} GFLOP/s (${(gf / peak).toFixed(2)}× peak)  ${rest}`;
}

/** The whole table: medians in ms, our GFLOP/s and fraction of the scalar peak, and peer ms ×(peer / ours). */
export function formatTable(res: EngineBenchResult): string[] {
  const head = ['workload', 'ours ms', 'GFLOP/s', '×peak', ...PEERS.slice(1).map((p) => `${p} ms ×ratio`)];
  const lines = res.rows.map((r) => {
    const o = r.results.ours;
    const ours = o && 'ms' in o ? o.ms : null;
    const gf = ours ? r.flops / ours / 1e6 : NaN;
    return [label(r), ours === null ? '—' : fmtMs(ours), gf.toFixed(2), (gf / res.peakGflops).toFixed(2), ...PEERS.slice(1).map((p) => cellText(r.results[p], ours))];
  });
  const all = [head, ...lines];
  const widths = head.map((_, c) => Math.max(...all.map((l) => l[c].length)));
  return all.map((l) => l.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  '));
}

/** The issue's targets, each with the rows that meet it, miss it, or could not be compared. */
export function targetLines(res: EngineBenchResult): string[] {
  const msOf = (r: Row, p: string) => { const c = r.results[p]; return c && 'ms' in c ? c.ms : null; };
  // A stopped run's limit is a lower bound on the peer's time: it decides a target only when it already meets it.
  const atLeastMs = (r: Row, p: string) => { const c = r.results[p]; return c && 'overMs' in c ? c.overMs : null; };
  const check = (name: string, rows: Row[], ratio: (r: Row) => number | { atLeast: number } | null, goal: number) => {
    const met: string[] = [], missed: string[] = [];
    let none = 0;
    for (const r of rows) {
      const v = ratio(r);
      if (v === null) none++;
      else if (typeof v === 'number') (v >= goal ? met : missed).push(`${label(r)} ${v.toFixed(2)}`);
      else if (v.atLeast >= goal) met.push(`${label(r)} >${v.atLeast.toFixed(1)}`);
      else none++;
    }
    return [`${name}: ${met.length} met, ${missed.length} missed, ${none} not compared${missed.length ? `; missed: ${missed.join('; ')}` : ''}`];
  };
  const fb = res.rows.filter((r) => r.mode === 'fb');
  const speedup = (p: string) => (r: Row) => {
    const a = msOf(r, 'ours'), b = msOf(r, p), lb = atLeastMs(r, p);
    return a && b ? b / a : a && lb ? { atLeast: lb / a } : null;
  };
  const ofPeak = (r: Row) => { const a = msOf(r, 'ours'); return a ? r.flops / a / 1e6 / res.peakGflops : null; };
  return [
    'targets (ratio = peer ms / our ms, or our GFLOP/s / scalar peak):',
    ...check('  fwd+BPTT ≥ 10× tfjs-cpu', fb, speedup('tfjs-cpu'), 10),
    ...check('  fwd+BPTT ≥ 3× tfjs-wasm', fb, speedup('tfjs-wasm'), 3),
    ...check('  fwd ≥ 2× tfjs-wasm at (64, 256, 500)', res.rows.filter((r) => r.mode === 'fwd' && r.H === 256), speedup('tfjs-wasm'), 2),
    ...check('  ≥ 0.8× scalar peak at H ≥ 256', res.rows.filter((r) => r.H >= 256), ofPeak, 0.8),
    ...check('  moonshot: as fast as PyTorch (1 thread) at batch 1', res.rows.filter((r) => r.n === 1), speedup('torch'), 1),
  ];
}

/** Parses the command line: --quick (or BENCH_QUICK=1), --max-run-s S, --peers a,b (default: all). */
export function parseBenchArgs(argv: readonly string[], env: Record<string, string | undefined>): EngineBenchOptions {
  const opts: EngineBenchOptions = { quick: env.BENCH_QUICK === '1', maxRunS: 10, external: [...EXTERNAL], log: (s) => console.log(s) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--max-run-s') {
      const v = Number(argv[++i]);
      if (!(v > 0)) throw new Error('--max-run-s needs a positive number of seconds');
      opts.maxRunS = v;
    } else if (a === '--peers') {
      const list = (argv[++i] ?? '').split(',').filter(Boolean);
      const bad = list.filter((p) => !(EXTERNAL as readonly string[]).includes(p));
      if (bad.length) throw new Error(`unknown peer ${bad.join(', ')}: the peers are ${EXTERNAL.join(', ')}`);
      opts.external = list;
    } else throw new Error(`unknown option ${a}: use --quick, --max-run-s S, --peers ${EXTERNAL.join(',')}`);
  }
  return opts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const opts = parseBenchArgs(process.argv.slice(2), process.env);
  const result = await runEngineBench(opts);
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../../.bench');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const file = join(dir, `engine-${result.date.replace(/[:.]/g, '-')}${opts.quick ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 1)}\n`);
  console.log(`written: ${file}`);
}
