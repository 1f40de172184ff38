/**
 * The debug slice: breakpoints ("Run to breakpoint" stops at the first step that meets one and says why), a pinned
 * hidden state to compare with other steps, hand edits of single weights (undoable), the units plotted over t,
 * units ranked by likeness to the selected one, and a diff of the current run with another input or a trace file.
 */
import type { BreakHit, Condition } from '../../engine/breakpoints';
import type { RankBy, UnitMatch } from '../../engine/similarity';
import type { Model, Trace } from '../../engine/types';
import type { EnginePort } from '../port';
import { messageOf, type SliceArgs } from './sliceArgs';

/** Units ranked by likeness to one unit. */
export interface SimilarUnits {
  /** The unit they were compared with, 0-based. */
  unit: number;
  /** Layer. */
  layer: number;
  /** The range of steps, 1-based, inclusive. */
  from: number;
  to: number;
  /** What each trace was correlated with. */
  by: RankBy;
  /** Every other unit, most alike first. */
  matches: UnitMatch[];
}

/** The other run of a diff: hidden states of one layer of one sample. */
export interface DiffTarget {
  /** Where it came from, in words ("input “abc”", "file trace.json, sample 1"). */
  source: string;
  /** Layer it is compared with. */
  layer: number;
  /** Valid steps. */
  T: number;
  /** Units. */
  H: number;
  /** h, row-major [T, H]. */
  h: Float64Array;
  /** Tokens of each step, when known. */
  tokens: string[] | null;
}

/** A hidden state kept for comparison. */
export interface PinnedState {
  /** Step it was taken at (1-based), 0 for h_0. */
  step: number;
  /** Layer. */
  layer: number;
  /** Sample. */
  sample: number;
  /** h at that step, [H]. */
  values: Float32Array;
}

/** Plain data of the debug feature. */
export interface DebugData {
  /** Breakpoint conditions, checked in order. */
  breakpoints: Condition[];
  /** Where the last run stopped, or null. */
  breakHit: BreakHit | null;
  /** The last run's outcome in words ("Stopped at …" / "No breakpoint…"), or null. */
  breakMessage: string | null;
  /** The pinned state, or null. */
  pinned: PinnedState | null;
  /** Units drawn in the unit plot; null follows the selected unit. */
  plotUnits: number[] | null;
  /** The last "Find units like this", or null. */
  similar: SimilarUnits | null;
  /** The run compared with the current one, or null. */
  diffTarget: DiffTarget | null;
  /** Why the last diff request failed (a bad file, another hidden size), or null. */
  diffError: string | null;
  /** ε of "first step where they diverge by more than ε". */
  diffEpsilon: number;
}

/** Actions of the debug feature. */
export interface DebugActions {
  /** Adds a breakpoint condition. */
  addBreakpoint(c: Condition): void;
  /** Removes breakpoint k. */
  removeBreakpoint(k: number): void;
  /** Steps to the first step after the current one that meets a condition, selects its unit and says why. */
  runToBreakpoint(): Promise<void>;
  /** Pins the current hidden state (of the shown layer and sample) for comparison. */
  pinState(): void;
  /** Forgets the pinned state. */
  unpin(): void;
  /**
   * Sets one weight of the shown layer by hand (an undoable model change) and re-traces. With `continuing` (the
   * second and later values of one drag) the change joins the previous edit of the same weight: one Undo undoes
   * the whole drag.
   */
  editWeight(tensor: 'weightIh' | 'weightHh' | 'biasIh' | 'outWeight' | 'outBias', index: number, value: number, continuing?: boolean): Promise<void>;
  /** Chooses the units of the unit plot (null: the selected unit). */
  setPlotUnits(units: number[] | null): void;
  /** Ranks the other units of the shown layer by likeness to the selected unit; from..to are 1-based steps. */
  findSimilarUnits(from: number, to: number, by: RankBy): Promise<void>;
  /** Traces `text` with the same model and h_0 and compares it with the current run. */
  compareWithInput(text: string): Promise<void>;
  /** Reads a trace JSON file (the app's or the trace command's) and compares it with the current run. */
  compareWithFile(text: string, name: string): Promise<void>;
  /** Forgets the compared run. */
  clearDiff(): void;
  /** Sets ε of the divergence search (finite, ≥ 0). */
  setDiffEpsilon(epsilon: number): void;
}

/** Initial debug data. */
export function initialDebugData(): DebugData {
  return {
    breakpoints: [{ kind: 'saturation', unit: null, threshold: 0.95 }], breakHit: null, breakMessage: null, pinned: null,
    plotUnits: null, similar: null, diffTarget: null, diffError: null, diffEpsilon: 0.01,
  };
}

/** The shown layer's h of the current (single-sample) trace over its valid steps, [T, H], and T. */
export function currentStates(trace: Trace | null, layer: number, T: number): { h: Float32Array | Float64Array; T: number; H: number } | null {
  const lt = trace?.layers[layer];
  if (!trace || !lt) return null;
  const H = lt.h.length / Math.max(1, trace.n * trace.T);
  const steps = Math.min(T, trace.T);
  return { h: lt.h.subarray(0, steps * H), T: steps, H };
}

/** A copy of a model with one entry changed; arrays not touched are shared (models are never mutated). */
function withWeight(model: Model, layer: number, tensor: 'weightIh' | 'weightHh' | 'biasIh' | 'outWeight' | 'outBias', index: number, value: number): Model {
  const p = model.params;
  if (tensor === 'outWeight' || tensor === 'outBias') {
    const a = p[tensor]!.slice();
    a[index] = value;
    return { ...model, params: { ...p, [tensor]: a } };
  }
  const layers = p.layers.map((l, i) => {
    if (i !== layer) return l;
    const a = l[tensor].slice();
    a[index] = value;
    return { ...l, [tensor]: a };
  });
  return { ...model, params: { ...p, layers } };
}

/** The debugger's engine helpers (breakpoints, similarity, trace files, diffs) load when first used. */
const tools = () => import('./debugTools');

/** Debug actions. */
export function createDebugSlice([set, get]: SliceArgs, engine?: EnginePort): DebugActions {
  return {
    setPlotUnits(units) { set({ plotUnits: units && [...new Set(units)].sort((a, b) => a - b) }); },
    async findSimilarUnits(from, to, by) {
      const { rankSimilarUnits } = await tools();
      const { model, trace, layer, tokens, selectedUnit } = get();
      const cur = currentStates(trace, layer, tokens.length);
      if (!model || !cur || cur.T === 0) return;
      const H = model.config.hiddenSize;
      const lo = Math.max(1, Math.min(from, to)), hi = Math.min(cur.T, Math.max(from, to));
      set({ similar: { unit: selectedUnit, layer, from: lo, to: hi, by, matches: rankSimilarUnits(cur.h, cur.T, H, selectedUnit, lo, hi, by) } });
    },
    async compareWithInput(text) {
      const { model, layer, h0, c0 } = get();
      if (!model || !engine) return;
      const line = text.split('\n').find((l) => l.trim().length > 0) ?? '';
      if (!line) { set({ diffError: 'Type a second input to compare with.' }); return; }
      try {
        const r = await engine.traceText(model, line, { h0, c0 });
        if (!r || get().model !== model) return;
        const H = model.config.hiddenSize;
        const T = r.trace.lengths[0];
        const h = Float64Array.from(r.trace.layers[layer].h.subarray(0, T * H));
        set({ diffTarget: { source: `input “${line}”`, layer, T, H, h, tokens: r.tokens[0] ?? null }, diffError: null });
      } catch (e) {
        set({ diffError: messageOf(e) });
      }
    },
    async compareWithFile(text, name) {
      const { parseTraceJson } = await tools();
      const { model, layer, sample } = get();
      if (!model) return;
      try {
        const t = parseTraceJson(text);
        const { hiddenSize: H, numLayers: L } = model.config;
        if (t.H !== H) throw new Error(`its hidden size is H = ${t.H}; the model's is H = ${H}.`);
        if (t.allLayers && t.layers.length !== L) throw new Error(`it has ${t.layers.length} layers in "h_layers"; the model has ${L}.`);
        if (!t.allLayers && layer !== L - 1) throw new Error(`it holds the top layer only ("h"); show layer ${L} to compare with it.`);
        const b = Math.min(sample, t.n - 1);
        const data = t.allLayers ? t.layers[layer] : t.layers[0];
        const T = t.lengths[b];
        const h = data.slice(b * t.T * H, (b * t.T + T) * H);
        set({ diffTarget: { source: `file ${name}, sample ${b + 1}`, layer, T, H, h, tokens: t.tokens?.[b]?.slice(0, T) ?? null }, diffError: null });
      } catch (e) {
        set({ diffError: `${name}: ${messageOf(e)}` });
      }
    },
    clearDiff() { set({ diffTarget: null, diffError: null }); },
    setDiffEpsilon(epsilon) { if (Number.isFinite(epsilon) && epsilon >= 0) set({ diffEpsilon: epsilon }); },
    addBreakpoint(c) { set({ breakpoints: [...get().breakpoints, c] }); },
    removeBreakpoint(k) { set({ breakpoints: get().breakpoints.filter((_, i) => i !== k), breakHit: null, breakMessage: null }); },
    async runToBreakpoint() {
      const { findBreakpoint } = await tools();
      const { model, trace, layer, step, breakpoints } = get();
      if (!model || !trace) return;
      if (breakpoints.length === 0) { set({ breakHit: null, breakMessage: 'Add a breakpoint first.' }); return; }
      get().pause();
      const hit = findBreakpoint(model, trace, layer, breakpoints, step);
      if (!hit) {
        set({ breakHit: null, breakMessage: `No breakpoint is met after step ${step}: ran to the end.` });
        get().stepTo(trace.T);
        return;
      }
      get().stepTo(hit.step);
      if (hit.unit !== null) get().selectUnit(hit.unit);
      set({ breakHit: hit, breakMessage: `Stopped at t = ${hit.step}: ${hit.reason}.` });
    },
    pinState() {
      const { model, trace, layer, step, sample } = get();
      if (!model || !trace) return;
      const H = model.config.hiddenSize;
      const lt = trace.layers[layer];
      const values = Float32Array.from(step === 0 ? lt.h0.subarray(0, H) : lt.h.subarray((step - 1) * H, step * H));
      set({ pinned: { step, layer, sample, values } });
    },
    unpin() { set({ pinned: null }); },
    async editWeight(tensor, index, value, continuing = false) {
      const { model, layer, settings, undoStack } = get();
      if (!model || !Number.isFinite(value)) return;
      const label = `edit ${tensor}[${index}]`;
      // The entry on top already holds the model from before the drag: keep it rather than push each step of it.
      const join = continuing && undoStack.at(-1)?.label === label;
      await get().commitModel(withWeight(model, layer, tensor, index, value), settings, label, null);
      if (join && get().undoStack.at(-2) === undoStack.at(-1)) set({ undoStack: get().undoStack.slice(0, -1) });
    },
  };
}
