/**
 * Where every part of the folded neuron goes, in the drawing's own units (its viewBox): pure numbers, drawn by
 * FoldedCell. The parts are stacked so that no label shares room with another label or a line:
 *
 *        [ y box ]            output on top, V beside its arrow
 *            ↑ V
 *   ┌────────────────┐ ──╮
 *   │ title          │   │ h_{t−1}   the loop leaves the cell on the right and comes back into it, carrying the
 *   │ ▮ ▮ ▮ ▮  ▮  ▮  │   ▮           previous state (its strip sits on the loop), labelled W right of it
 *   │ i f g o  c  h  │ ◀─╯ W
 *   └────────────────┘
 *            ↑ U
 *   x_t [ x box ]
 *     (U·x_t)_j = …        the RNN's two incoming terms, under everything else
 *     (W·h_{t−1})_j = …
 *
 * Every gap is computed from the type sizes, so a larger type (projector mode) makes a taller drawing, not a
 * crowded one. Text extents use the line box of the fonts the page uses (ascent 0.93 em, descent 0.24 em) and a
 * width of 0.62 em a character, an upper bound for these short labels.
 */
export type CellKind = 'rnn' | 'lstm' | 'gru';

/** The drawing's width in its own units (the page's CSS sets its size on screen; the height follows). */
export const FOLDED_WIDTH = 380;

/** Type sizes in drawing units at scale 1. */
const BASE_FONT = { small: 15, label: 15, matrix: 18, token: 18, longToken: 15 } as const;
export type FoldedFonts = { [K in keyof typeof BASE_FONT]: number };

const ASC = 0.93, DESC = 0.24, EM_W = 0.62;

/** A strip's box and the x of its label's centre. */
export interface StripBox { x: number; y: number; width: number; height: number; labelX: number }

export interface FoldedLayout {
  width: number;
  height: number;
  font: FoldedFonts;
  cx: number;
  cell: { x: number; y: number; width: number; height: number; titleY: number };
  /** One strip per gate (PyTorch order), then the LSTM's cell state c_t, then h_t. */
  gates: StripBox[];
  c: StripBox | null;
  h: StripBox;
  /** Baseline of the labels under the strips, inside the cell. */
  stripLabelY: number;
  /** Baseline of an LSTM's cell-state line (c_t = f⊙c_{t−1} + i⊙g) under the strip labels; null for other cells. */
  cPathY: number | null;
  out: { x: number; y: number; width: number; height: number; textY: number };
  /** The V arrow (from the cell's top to the output box) and its label. */
  outArrow: { y1: number; y2: number; labelY: number };
  input: { x: number; y: number; width: number; height: number; textY: number; nameX: number };
  inArrow: { y1: number; y2: number; labelY: number };
  /** The self-loop as an SVG path, the previous state's strip on it, and the labels right of it. */
  loop: { d: string; strip: StripBox; prevLabelY: number; labelX: number; matrixLabelY: number };
  /** Where the RNN's two incoming terms are written (left edge, two baselines). */
  flow: { x: number; inputY: number; recurrentY: number };
}

const GATE_W = 16, GATE_PITCH = 24, STATE_W = 22, PAD = 12, STRIP_H = 64, LOOP_OUT = 58;

/**
 * The layout of a cell with `gates` gates (0 for an RNN) at type scale `scale` (1 on a screen, 1.3 in projector
 * mode). `flowChars` is the length of the longer incoming-term line (0 when none is shown).
 */
export function foldedLayout(kind: CellKind, gates: number, scale = 1, flowChars = 0): FoldedLayout {
  const font = Object.fromEntries(Object.entries(BASE_FONT).map(([k, v]) => [k, Math.round(v * scale * 10) / 10])) as FoldedFonts;
  const { small, matrix, label } = font;
  const states = kind === 'lstm' ? 2 : 1;
  // A state's label ("h12", bold) is as wide as 3.2 characters; states sit that far apart at least.
  const statePitch = Math.max(34, Math.ceil(3.2 * EM_W * small) + 8);
  const width = kind === 'rnn' ? 124 : PAD + gates * GATE_PITCH + 6 + STATE_W + (states - 1) * statePitch + PAD;
  // Right of the loop: "h12" in small type or "Whh" in matrix type, whichever is wider.
  const rightLabels = Math.max(3.2 * EM_W * small, 3.2 * EM_W * matrix);
  const composition = width + LOOP_OUT + 12 + rightLabels;
  const left = Math.max(8, (FOLDED_WIDTH - composition) / 2);
  const cx = left + width / 2, right = left + width;

  const outH = Math.round(label * 1.2 + 16);
  const out = { x: cx - 52, y: 8, width: 104, height: outH, textY: 8 + outH / 2 + label * 0.35 };
  const gap = Math.round(matrix * (ASC + DESC) + 28);
  const top = out.y + outH + gap;
  const titleY = top + 8 + small * ASC;
  const stripY = titleY + small * DESC + 8;
  const stripLabelY = stripY + STRIP_H + 5 + small * ASC;
  // An LSTM adds a line under the strip labels: how c_t is made from c_{t−1}, the cell-state path.
  const cPathY = kind === 'lstm' ? stripLabelY + small * (DESC + ASC) + 6 : null;
  const height = Math.round((cPathY ?? stripLabelY) + small * DESC + 8 - top);
  const cy = top + height / 2;
  const bottom = top + height;

  const gateBoxes: StripBox[] = Array.from({ length: gates }, (_, i) => {
    const x = left + PAD + i * GATE_PITCH;
    return { x, y: stripY, width: GATE_W, height: STRIP_H, labelX: x + GATE_W / 2 };
  });
  const stateBox = (k: number): StripBox => {
    const x = right - PAD - STATE_W - (states - 1 - k) * statePitch;
    return { x, y: stripY, width: STATE_W, height: STRIP_H, labelX: x + STATE_W / 2 };
  };
  // The RNN's h strip is centred in its cell.
  const h: StripBox = kind === 'rnn' ? { x: cx - STATE_W / 2, y: stripY, width: STATE_W, height: STRIP_H, labelX: cx } : stateBox(states - 1);

  const inH = Math.round(font.token * 1.2 + 14);
  const input = { x: cx - 26, y: bottom + gap, width: 52, height: inH, textY: bottom + gap + inH / 2 + font.token * 0.35, nameX: cx - 34 };
  const line = small * (ASC + DESC) + 4;
  const flowTop = input.y + inH + 6;
  const flowWidth = flowChars * EM_W * small;
  const flow = { x: Math.max(8, Math.min(cx - flowWidth / 2, FOLDED_WIDTH - 8 - flowWidth)), inputY: flowTop + small * ASC, recurrentY: flowTop + line + small * ASC };
  const end = flowChars > 0 ? flowTop + 2 * line + 6 : input.y + inH + 8;

  // The loop leaves at the cell's upper right and comes back at its lower right.
  const X = right + LOOP_OUT, r = 16, dy = Math.min(38, height / 2 - 14);
  const d = `M ${right} ${cy - dy} L ${X - r} ${cy - dy} Q ${X} ${cy - dy} ${X} ${cy - dy + r} L ${X} ${cy + dy - r} Q ${X} ${cy + dy} ${X - r} ${cy + dy} L ${right + 3} ${cy + dy}`;
  const prevLabelY = cy - 6;
  const matrixLabelY = prevLabelY + small * DESC + 3 + matrix * ASC;
  return {
    width: FOLDED_WIDTH, height: Math.ceil(end), font, cx,
    cell: { x: left, y: top, width, height, titleY },
    gates: gateBoxes,
    c: kind === 'lstm' ? stateBox(0) : null,
    h,
    stripLabelY,
    cPathY,
    out,
    outArrow: { y1: top, y2: out.y + outH + 2, labelY: (top + out.y + outH) / 2 + matrix * 0.35 },
    input,
    inArrow: { y1: input.y, y2: bottom + 2, labelY: (bottom + input.y) / 2 + matrix * 0.35 },
    loop: { d, strip: { x: X - 7, y: cy - 24, width: 14, height: 48, labelX: X + 12 }, prevLabelY, labelX: X + 12, matrixLabelY },
    flow,
  };
}
