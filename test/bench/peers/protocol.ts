/**
 * The line protocol between the engine benchmark and a peer process (tfjs-cpu, tfjs-wasm, PyTorch): one JSON
 * request per line on stdin, one JSON reply per line on stdout. A peer that runs out of memory replies with an
 * error and may exit; the benchmark starts it again for the next workload.
 */
import type { CellKind } from '../../../src/engine/types';

/** One workload: a one-layer recurrent network over an [n, T, D] input, read out by L = Σ_t v·h_t. */
export interface Workload {
  /** Cell kind. */
  cell: CellKind;
  /** D: input size. */
  D: number;
  /** H: hidden size. */
  H: number;
  /** T: steps. */
  T: number;
  /** n: batch. */
  n: number;
}

/** What a peer is asked to time. */
export interface PeerRequest extends Workload {
  /** 'fwd': the forward pass over all steps; 'fb': forward and back-propagation of L to every weight. */
  mode: 'fwd' | 'fb';
  /** Timed runs; a warm-up run precedes them when `warmup`. */
  runs: number;
  /** Whether to run once untimed first. */
  warmup: boolean;
}

/** A peer's answer: the wall time of each timed run in ms, why it could not run, or that it was stopped after `overMs`. */
export type PeerReply = { ms: number[] } | { error: string } | { overMs: number };

/** FLOPs of a workload as the issue counts them: 2·T·G·H·(D + H)·n forward, 3× that for forward + BPTT. */
export function flopsOf(w: Workload, mode: 'fwd' | 'fb'): number {
  const G = w.cell === 'lstm' ? 4 : w.cell === 'gru' ? 3 : 1;
  const fwd = 2 * w.T * G * w.H * (w.D + w.H) * w.n;
  return mode === 'fwd' ? fwd : 3 * fwd;
}

/** Times `fn` per the request: wall times of the timed runs, in ms. */
export function timeRuns(req: PeerRequest, fn: () => void): number[] {
  if (req.warmup) fn();
  const ms: number[] = [];
  for (let i = 0; i < req.runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** Serves requests from stdin until it closes, answering each with `handle`'s reply on one line. */
export async function serve(handle: (req: PeerRequest) => Promise<PeerReply> | PeerReply): Promise<void> {
  let buf = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) {
    buf += chunk as string;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.trim()) continue;
      let reply: PeerReply;
      try {
        reply = await handle(JSON.parse(line) as PeerRequest);
      } catch (e) {
        reply = { error: e instanceof Error ? e.message : String(e) };
      }
      process.stdout.write(`${JSON.stringify(reply)}\n`);
    }
  }
}
