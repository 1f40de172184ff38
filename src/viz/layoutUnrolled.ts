/**
 * Layout of the unrolled network: column 0 holds h_0, column t (1..T) holds x_t → h_t → y_t, and arrows
 * h_{t−1} → h_t join the columns. Pure: positions only, drawn by React.
 */

/** A node of the unrolled graph. */
export interface UnrolledNode {
  /** Stable key, e.g. 'h3'. */
  id: string;
  /** Which quantity. */
  kind: 'x' | 'h' | 'y' | 'h0';
  /** Step (0 for h_0). */
  t: number;
  /** Centre x. */
  cx: number;
  /** Centre y. */
  cy: number;
  /** State relative to the cursor. */
  phase: 'past' | 'current' | 'future';
}

/** An edge, carrying one of the shared matrices. */
export interface UnrolledEdge {
  /** Stable key. */
  id: string;
  /** Matrix role: input (U), recurrent (W) or output (V). */
  role: 'input' | 'recurrent' | 'output';
  /** Step of the edge's head. */
  t: number;
  /** Start and end points. */
  x1: number; y1: number; x2: number; y2: number;
  /** State relative to the cursor. */
  phase: 'past' | 'current' | 'future';
}

/** Geometry constants of the layout. */
export interface UnrolledGeometry {
  /** Distance between columns. */
  colWidth: number;
  /** Left margin before column 0. */
  left: number;
  /** Row centres of y, h and x. */
  rowY: number; rowH: number; rowX: number;
  /** Half-size of a node box. */
  half: { x: number; h: number; y: number };
  /** Total width and height. */
  width: number; height: number;
}

/** Default geometry for T steps. */
export function unrolledGeometry(T: number): UnrolledGeometry {
  const colWidth = 96, left = 64;
  return {
    colWidth, left, rowY: 44, rowH: 150, rowX: 262,
    half: { x: 18, h: 30, y: 18 },
    width: left + colWidth * (T + 0.5), height: 312,
  };
}

/** The step whose column is nearest to `x` (drawing units), between `min` and T: for scrubbing by touch or drag. */
export function columnAt(x: number, g: UnrolledGeometry, T: number, min = 0): number {
  const t = Math.round((x - g.left) / g.colWidth);
  return Math.max(min, Math.min(T, Number.isFinite(t) ? t : min));
}

/** The phase of step t when `step` steps have been consumed. */
export function phaseOf(t: number, step: number): 'past' | 'current' | 'future' {
  return t < step ? 'past' : t === step ? 'current' : 'future';
}

/** The nodes and edges of column t (1..T: x_t, h_t, y_t and the edges into them; 0: h_0 alone), in the given phase. */
export function layoutColumn(t: number, phase: UnrolledNode['phase'], g: UnrolledGeometry): { nodes: UnrolledNode[]; edges: UnrolledEdge[] } {
  const cx = g.left + t * g.colWidth;
  if (t === 0) return { nodes: [{ id: 'h0', kind: 'h0', t: 0, cx, cy: g.rowH, phase }], edges: [] };
  return {
    nodes: [
      { id: `x${t}`, kind: 'x', t, cx, cy: g.rowX, phase },
      { id: `h${t}`, kind: 'h', t, cx, cy: g.rowH, phase },
      { id: `y${t}`, kind: 'y', t, cx, cy: g.rowY, phase },
    ],
    edges: [
      { id: `U${t}`, role: 'input', t, x1: cx, y1: g.rowX - g.half.x, x2: cx, y2: g.rowH + g.half.h, phase },
      { id: `V${t}`, role: 'output', t, x1: cx, y1: g.rowH - g.half.h, x2: cx, y2: g.rowY + g.half.y, phase },
      { id: `W${t}`, role: 'recurrent', t, x1: cx - g.colWidth + 14, y1: g.rowH, x2: cx - 14, y2: g.rowH, phase },
    ],
  };
}

/**
 * The columns a viewport shows: from the first to the last column any part of which lies in [x0, x0 + width)
 * (drawing units), widened by `margin` columns on each side, within 0..T.
 */
export function visibleColumns(x0: number, width: number, g: UnrolledGeometry, T: number, margin = 2): { from: number; to: number } {
  const from = Math.floor((x0 - g.left) / g.colWidth - 0.5) - margin;
  const to = Math.ceil((x0 + width - g.left) / g.colWidth + 0.5) + margin;
  return { from: Math.max(0, Math.min(T, from)), to: Math.max(0, Math.min(T, to)) };
}

/** Nodes and edges for T steps with the cursor at `step`. */
export function layoutUnrolled(T: number, step: number, g: UnrolledGeometry = unrolledGeometry(T)): { nodes: UnrolledNode[]; edges: UnrolledEdge[] } {
  const nodes: UnrolledNode[] = [], edges: UnrolledEdge[] = [];
  for (let t = 0; t <= T; t++) {
    const c = layoutColumn(t, t === 0 ? (step === 0 ? 'current' : 'past') : phaseOf(t, step), g);
    nodes.push(...c.nodes);
    edges.push(...c.edges);
  }
  return { nodes, edges };
}
