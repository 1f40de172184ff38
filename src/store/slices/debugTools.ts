/**
 * The debugger's computations on the main thread: the run diff of the shown layer, and the engine helpers the debug
 * actions call (breakpoints, unit similarity, trace files). Loaded with the debug panel or on first use.
 */
import { diffStates, firstDivergence, type Divergence, type StateDiff } from '../../engine/diff';
import type { Trace } from '../../engine/types';
import { currentStates, type DiffTarget } from './debugSlice';

export { findBreakpoint } from '../../engine/breakpoints';
export { parseTraceJson } from '../../engine/io/traceImport';
export { rankSimilarUnits } from '../../engine/similarity';

/** Δh = other − current of the shown layer, or null when there is nothing to compare. */
export function runDiffOf(trace: Trace | null, layer: number, T: number, target: DiffTarget | null): StateDiff | null {
  const cur = currentStates(trace, layer, T);
  // A comparison made before the model changed its hidden size no longer lines up.
  if (!cur || !target || target.layer !== layer || target.H !== cur.H) return null;
  return diffStates(cur.h, cur.T, target.h, target.T, target.H);
}

/** The diff and the first step where it exceeds ε, or null when there is nothing to compare. */
export function runDiffSummary(trace: Trace | null, layer: number, T: number, target: DiffTarget | null, epsilon: number): { diff: StateDiff; divergence: Divergence | null } | null {
  const diff = runDiffOf(trace, layer, T, target);
  return diff && { diff, divergence: firstDivergence(diff, epsilon) };
}

