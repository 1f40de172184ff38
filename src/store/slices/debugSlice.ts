/**
 * The debug slice: breakpoints ("Run to breakpoint" stops at the first step that meets one and says why), a pinned
 * hidden state to compare with other steps, and hand edits of single weights (undoable).
 */
import { findBreakpoint, type BreakHit, type Condition } from '../../engine/breakpoints';
import type { Model } from '../../engine/types';
import type { SliceArgs } from './sliceArgs';

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
}

/** Actions of the debug feature. */
export interface DebugActions {
  /** Adds a breakpoint condition. */
  addBreakpoint(c: Condition): void;
  /** Removes breakpoint k. */
  removeBreakpoint(k: number): void;
  /** Steps to the first step after the current one that meets a condition, selects its unit and says why. */
  runToBreakpoint(): void;
  /** Pins the current hidden state (of the shown layer and sample) for comparison. */
  pinState(): void;
  /** Forgets the pinned state. */
  unpin(): void;
  /** Sets one weight of the shown layer by hand (an undoable model change) and re-traces. */
  editWeight(tensor: 'weightIh' | 'weightHh' | 'biasIh' | 'outWeight' | 'outBias', index: number, value: number): Promise<void>;
}

/** Initial debug data. */
export function initialDebugData(): DebugData {
  return { breakpoints: [{ kind: 'saturation', unit: null, threshold: 0.95 }], breakHit: null, breakMessage: null, pinned: null };
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

/** Debug actions. */
export function createDebugSlice([set, get]: SliceArgs): DebugActions {
  return {
    addBreakpoint(c) { set({ breakpoints: [...get().breakpoints, c] }); },
    removeBreakpoint(k) { set({ breakpoints: get().breakpoints.filter((_, i) => i !== k), breakHit: null, breakMessage: null }); },
    runToBreakpoint() {
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
    async editWeight(tensor, index, value) {
      const { model, layer, settings } = get();
      if (!model || !Number.isFinite(value)) return;
      await get().commitModel(withWeight(model, layer, tensor, index, value), settings, `edit ${tensor}[${index}]`, null);
    },
  };
}
