/**
 * A peer running in its own process and answering requests line by line (protocol.ts). Lines that are not JSON
 * (tfjs prints a banner) are skipped. A peer that exits (after running out of memory) is started again on the
 * next request.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { PeerReply, PeerRequest } from './protocol';

/** A started peer: `ask` sends one request and waits for its reply. */
export interface PeerProcess {
  /** What the peer printed when ready (its version), or null before the first start. */
  version: string | null;
  /**
   * Sends a request; resolves with the reply, or an error reply when the process fails, exits, or takes longer
   * than `timeoutMs` (then it is stopped, and started again by the next request).
   */
  ask(req: PeerRequest, timeoutMs?: number): Promise<PeerReply>;
  /** Ends the process. */
  close(): void;
}

/** Starts `command args` as a peer; resolves once it printed {"ready": …}, rejects if it exits first or in 60 s. */
export async function startPeer(command: string, args: string[]): Promise<PeerProcess> {
  let child: ChildProcessWithoutNullStreams | null = null;
  let waiting: ((v: Record<string, unknown> | null) => void) | null = null;
  let stderr = '';
  const peer: PeerProcess = { version: null, ask, close };

  function next(): Promise<Record<string, unknown> | null> {
    return new Promise((resolve) => { waiting = resolve; });
  }
  function deliver(v: Record<string, unknown> | null) {
    const w = waiting;
    waiting = null;
    w?.(v);
  }
  async function start(): Promise<void> {
    stderr = '';
    const c = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child = c;
    let buf = '';
    c.stdout.setEncoding('utf8');
    c.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        try { deliver(JSON.parse(line) as Record<string, unknown>); } catch { /* not a reply */ }
      }
    });
    c.stderr.setEncoding('utf8');
    c.stderr.on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-2000); });
    c.on('exit', () => { if (child === c) child = null; deliver(null); });
    const timer = setTimeout(() => c.kill(), 60_000);
    const ready = await next();
    clearTimeout(timer);
    if (!ready || typeof ready.ready !== 'string') {
      c.kill();
      throw new Error(`${command} ${args.join(' ')} did not start: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no output'}`);
    }
    peer.version = ready.ready;
  }
  async function ask(req: PeerRequest, timeoutMs = Infinity): Promise<PeerReply> {
    if (!child) {
      try { await start(); } catch (e) { return { error: (e as Error).message }; }
    }
    const reply = next();
    const c = child!;
    c.stdin.write(`${JSON.stringify(req)}\n`);
    let timedOut = false;
    const timer = Number.isFinite(timeoutMs) ? setTimeout(() => { timedOut = true; c.kill(); }, timeoutMs) : null;
    const got = await reply;
    if (timer) clearTimeout(timer);
    if (timedOut) return { overMs: timeoutMs };
    if (!got) return { error: `the peer process exited${stderr ? `: ${stderr.trim().split('\n').slice(-1)[0].slice(0, 160)}` : ''}` };
    if (Array.isArray(got.ms)) return { ms: got.ms as number[] };
    return { error: String(got.error ?? 'no reply') };
  }
  function close() {
    child?.stdin.end();
    child?.kill();
    child = null;
  }
  await start();
  return peer;
}
