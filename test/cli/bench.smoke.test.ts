/**
 * CI's check on the engine benchmark: its smallest size runs to completion with every peer that is installed, and
 * prints a row per workload with finite numbers. No timing is asserted (CI machines are shared and noisy).
 */
import { describe, expect, it } from 'vitest';
import { formatTable, runEngineBench, SIZES } from '../bench/engine';

describe('runEngineBench({ quick: true })', () => {
  it('measures every workload of the smallest size, ours and the plain loop always, and prints the table', async () => {
    const lines: string[] = [];
    const res = await runEngineBench({ quick: true, maxRunS: 60, external: ['tfjs-cpu', 'tfjs-wasm', 'torch'], log: (s) => lines.push(s) });
    const [D, H, T] = SIZES[0];
    expect(res.rows.map((r) => `${r.cell} ${r.n} ${r.mode}`).sort()).toEqual(
      ['gru', 'lstm', 'rnn'].flatMap((c) => [1, 8].flatMap((n) => [`${c} ${n} fb`, `${c} ${n} fwd`])).sort(),
    );
    expect(Number.isFinite(res.peakGflops) && res.peakGflops > 0).toBe(true);
    for (const r of res.rows) {
      expect([r.D, r.H, r.T]).toEqual([D, H, T]);
      for (const peer of ['ours', 'plain']) {
        const c = r.results[peer];
        expect(c && 'ms' in c && Number.isFinite(c.ms) && c.ms > 0, `${peer} on ${r.cell} n=${r.n} ${r.mode}`).toBe(true);
      }
      // A peer in its own process gives a finite time, a limit it was stopped at, or why not (torch missing, out of memory).
      for (const c of Object.values(r.results)) expect('ms' in c ? Number.isFinite(c.ms) : 'overMs' in c ? c.overMs > 0 : c.skipped.length > 0).toBe(true);
    }
    expect(lines).toContain('baseline check: the plain loop and the engine agree on h, ∂L/∂W_hh and ∂L/∂x at the smallest size');
    const table = formatTable(res);
    expect(table).toHaveLength(1 + 12);
    for (const line of table.slice(1)) expect(line).toMatch(/^(RNN|LSTM|GRU) n=[18] D=32 H=64 T=100 (fwd|fwd\+BPTT)\s+[\d.]+\s+[\d.]+\s+[\d.]+/);
    expect(lines.some((l) => l.startsWith('targets'))).toBe(true);
  }, 300_000);
});
