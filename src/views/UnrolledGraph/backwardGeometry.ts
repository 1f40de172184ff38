/** Room the backward pass takes around the unrolled network (no drawing code: the page's first chunk needs these). */
import type { UnrolledGeometry } from '../../viz/layoutUnrolled';

/** Room above the y row for the entering gradients. */
export const BACKWARD_TOP = 46;
/** Room below the x row for the row of ‖∂L/∂h_t‖ values and the three accumulator lanes. */
export const BACKWARD_LANES = 118;
/** Room right of the last column for its labels and the lanes' arrow heads. */
export const BACKWARD_RIGHT = 64;
/** The matrices whose pieces are collected, in lane order. */
export const LANES = ['input', 'recurrent', 'output'] as const;

/** The baseline of the row of ‖∂L/∂h_t‖ values, one centred under each column (no line runs through it). */
export function normRowY(g: UnrolledGeometry): number {
  return g.height + 16;
}

/** The y of lane k, in the graph's coordinates. */
export function laneY(g: UnrolledGeometry, k: number): number {
  return g.height + 40 + k * 24;
}
