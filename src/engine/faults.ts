/**
 * Numerical faults: the first NaN or ±Infinity in a forward trace, in the gradients of a backward pass, or in a
 * model's weights, named by quantity, step and unit so a user can find it ("h at t = 12, unit 3 is NaN").
 *
 * "First" follows the order of computation. Forward: step by step (t = 1..T), and within a step layer by layer,
 * each quantity in the order its equation uses it (x, W_ih·x, W_hh·h, pre-activation, gates, c, h), then the output
 * layer (logits, y). Backward: the loss, then ∂L/∂h and ∂L/∂c from t = T down to 1 (top layer first, since BPTT
 * starts there), then the parameter gradients. A non-finite value spreads to everything computed from it, so the
 * first one is where to look.
 *
 * Steps and units are written 1-based, as the views label them (t = 1..T, units h1..hH); the fields hold them
 * 1-based too, so a message and a marked cell always agree.
 */
import { GATE_NAMES } from './gates';
import { namedGrads, namedParams } from './named';
import type { Arr, Gradients, Model, Trace } from './types';

/** Where a non-finite value was found. */
export interface NumericFault {
  /** The quantity, as the views write it: 'x', 'W_ih·x', 'W_hh·h', 'pre-activation', 'gate f', 'c', 'h', 'logits', 'y', '∂L/∂h', '∂L/∂c', 'the loss', or a parameter's state_dict name (its gradient: '∂L/∂rnn.weight_hh_l0'). */
  quantity: string;
  /** Step t, 1..T; 0 for the initial state; null when the quantity has no step (the loss, a weight). */
  step: number | null;
  /** Unit (or component, or flat index of a weight), 1-based; null for the loss. */
  unit: number | null;
  /** Layer l, 1-based, when the model has more than one; else null. */
  layer: number | null;
  /** Sample (input line), 1-based, when the batch has more than one; else null. */
  sample: number | null;
  /** The value itself: NaN, Infinity or -Infinity. */
  value: number;
}

/** Index of the first non-finite entry of a[from..to), or −1. */
function firstBad(a: ArrayLike<number>, from = 0, to = a.length): number {
  for (let i = from; i < to; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

/** A fault record; `layers` and `n` decide whether the layer and sample are worth naming. */
function fault(quantity: string, value: number, step: number | null, unit: number | null, layer: number, L: number, sample: number, n: number): NumericFault {
  return { quantity, value, step, unit, layer: L > 1 ? layer + 1 : null, sample: n > 1 ? sample + 1 : null };
}

/**
 * The first non-finite value of a forward trace, or null when every value is finite. Only valid steps of each sample
 * are read (past a sequence's end the engine stores zeros).
 * @example describeFault(findTraceFault(trace)!) // 'h at t = 12, unit 3 is NaN'
 */
export function findTraceFault(trace: Trace): NumericFault | null {
  const { n, T, layers } = trace;
  const L = layers.length;
  for (let b = 0; b < n; b++) {
    const len = trace.lengths[b];
    // The initial states come first: a non-finite h0 or c0 spoils every step.
    for (let l = 0; l < L; l++) {
      const lt = layers[l];
      const H = lt.h0.length / n;
      for (const [name, a] of [['h', lt.h0], ['c', lt.c0]] as const) {
        if (!a) continue;
        const i = firstBad(a, b * H, (b + 1) * H);
        if (i >= 0) return fault(name, a[i], 0, i - b * H + 1, l, L, b, n);
      }
    }
    for (let t = 0; t < len; t++) {
      for (let l = 0; l < L; l++) {
        const lt = layers[l];
        const H = lt.h0.length / n;
        const GH = lt.pre.length / (n * T);
        const G = GH / H;
        const D = lt.input.length / (n * T);
        const gates = G > 1 ? GATE_NAMES[G === 4 ? 'lstm' : 'gru'] : [];
        const row = b * T + t;
        // The input of an upper layer is the h of the layer below, already read: only layer 0's x is new.
        const parts: [string, Arr | null, number, boolean][] = [
          ['x', l === 0 ? lt.input : null, D, false], ['W_ih·x', lt.ih, GH, true], ['W_hh·h', lt.hh, GH, true],
          ['pre-activation', lt.pre, GH, true], ['gate', G > 1 ? lt.act : null, GH, true], ['c', lt.c, H, false], ['h', lt.h, H, false],
        ];
        for (const [name, a, width, gated] of parts) {
          if (!a) continue;
          const i = firstBad(a, row * width, (row + 1) * width);
          if (i < 0) continue;
          const k = i - row * width;
          // Gate-stacked quantities ([G·H]) name the gate block when there is more than one.
          const label = gated && G > 1 ? (name === 'gate' ? `gate ${gates[Math.floor(k / H)]}` : `${name} of gate ${gates[Math.floor(k / H)]}`) : name;
          return fault(label, a[i], t + 1, gated ? (k % H) + 1 : k + 1, l, L, b, n);
        }
      }
      for (const [name, a] of [['logits', trace.logits], ['y', trace.y]] as const) {
        if (!a) continue;
        const O = a.length / (n * T);
        const row = b * T + t;
        const i = firstBad(a, row * O, (row + 1) * O);
        if (i >= 0) return fault(name, a[i], t + 1, i - row * O + 1, 0, 1, b, n);
      }
    }
  }
  return null;
}

/**
 * The first non-finite value of a backward pass, or null: the loss, then ∂L/∂h (and ∂L/∂c) from the last step back,
 * then each parameter's gradient in state_dict order.
 * @example describeFault(findGradientFault(model, loss, grads, lengths)!) // '∂L/∂h at t = 4, unit 1 is Infinity'
 */
export function findGradientFault(model: Model, loss: number, grads: Gradients, lengths: Int32Array): NumericFault | null {
  if (!Number.isFinite(loss)) return { quantity: 'the loss', value: loss, step: null, unit: null, layer: null, sample: null };
  const L = grads.dh.length, H = model.config.hiddenSize, n = lengths.length;
  const T = L > 0 ? grads.dh[0].length / (n * H) : 0;
  for (let b = 0; b < n; b++) {
    for (let t = lengths[b] - 1; t >= 0; t--) {
      for (let l = L - 1; l >= 0; l--) {
        for (const [name, a] of [['∂L/∂h', grads.dh[l]], ['∂L/∂c', grads.dc?.[l] ?? null]] as const) {
          if (!a) continue;
          const row = b * T + t;
          const i = firstBad(a, row * H, (row + 1) * H);
          if (i >= 0) return fault(name, a[i], t + 1, i - row * H + 1, l, L, b, n);
        }
      }
    }
  }
  for (const g of namedGrads(model, grads)) {
    const i = firstBad(g.data);
    if (i >= 0) return { quantity: `∂L/∂${g.name}`, value: g.data[i], step: null, unit: i + 1, layer: null, sample: null };
  }
  return null;
}

/** The first non-finite weight of a model (state_dict order), or null. */
export function findWeightFault(model: Model): NumericFault | null {
  for (const p of namedParams(model)) {
    const i = firstBad(p.data);
    if (i >= 0) return { quantity: p.name, value: p.data[i], step: null, unit: i + 1, layer: null, sample: null };
  }
  return null;
}

/** A readable name of a non-finite value: 'NaN', 'Infinity' or '−Infinity'. */
function valueName(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '−Infinity';
}

/**
 * One sentence naming a fault, e.g. 'h at t = 12, unit 3 is NaN', '∂L/∂h at t = 4, unit 1 of layer 2 is Infinity',
 * 'the loss is NaN', 'entry 7 of ∂L/∂rnn.weight_hh_l0 is −Infinity'.
 */
export function describeFault(f: NumericFault): string {
  const v = valueName(f.value);
  if (f.step === null) return f.unit === null ? `${f.quantity} is ${v}` : `entry ${f.unit} of ${f.quantity} is ${v}`;
  const where = f.step === 0 ? `the initial ${f.quantity}₀` : `${f.quantity} at t = ${f.step}`;
  const unit = f.unit === null ? '' : `, ${f.quantity === 'x' ? 'component' : 'unit'} ${f.unit}`;
  const layer = f.layer === null ? '' : ` of layer ${f.layer}`;
  const sample = f.sample === null ? '' : ` (line ${f.sample})`;
  return `${where}${unit}${layer}${sample} is ${v}`;
}

