/** Read-outs of the state that more than one place needs (indexing into the trace; the narration). */
import type { AppState } from './types';

/** h_t of the shown layer and sample 0 at step index t (0-based: the state after consuming token t). */
export function hiddenAt(s: Pick<AppState, 'trace' | 'layer' | 'model'>, t: number): number[] | null {
  const { trace, model } = s;
  if (!trace || !model || t < 0 || t >= trace.T) return null;
  const H = model.config.hiddenSize;
  const h = trace.layers[s.layer].h;
  return Array.from(h.subarray(t * H, (t + 1) * H));
}

/** The sentence the live region reads after a step: `t = N, input 'c', ‖h‖ = x.xx`, then the most active units. */
export function narrationOf(s: Pick<AppState, 'trace' | 'layer' | 'model' | 'tokens' | 'step'>): string {
  const t = s.step;
  if (!s.trace || t === 0) return s.tokens.length ? `t = 0, before the first step: press Step forward to feed '${s.tokens[0]}'.` : 't = 0, no input yet.';
  const h = hiddenAt(s, t - 1);
  if (!h) return `t = ${t}`;
  const nrm = Math.sqrt(h.reduce((a, v) => a + v * v, 0));
  const top = h.map((v, j) => ({ v, j })).sort((a, b) => Math.abs(b.v) - Math.abs(a.v)).slice(0, 2)
    .map(({ v, j }) => `h${j + 1} = ${v.toFixed(2)}`).join(', ');
  const saturated = h.filter((v) => Math.abs(v) > 0.95).length;
  const sat = saturated ? `; ${saturated} unit${saturated > 1 ? 's' : ''} saturated (|h| > 0.95)` : '';
  return `t = ${t}, input '${s.tokens[t - 1]}', ‖h‖ = ${nrm.toFixed(2)}. Most active: ${top}${sat}.`;
}
