/**
 * The backward slice: BPTT step by step. Backward mode runs the shown input line forward and back once (in the
 * worker), then a cursor walks from t = T down to t = 1; the views draw the gradient of the steps T..t and the
 * running sums of their pieces. Its data and actions are merged into AppData / AppActions (types.ts).
 */
import type { BackwardTrace } from '../../bridge/backwardPort';
import type { EnginePort } from '../port';
import type { AppState } from '../types';
import { messageOf, type SliceArgs } from './sliceArgs';

export type { BackwardTrace } from '../../bridge/backwardPort';

/** Plain data of the backward feature. */
export interface BackwardData {
  /** Backward mode: the unrolled view, the formula panel and the backward panel show BPTT. */
  backwardOn: boolean;
  /** Backward cursor t, 1..T: steps T..t have been back-propagated and step t is the one shown; 0 without a pass. */
  backwardStep: number;
  /** The backward pass of the shown input line, or null. */
  backward: BackwardTrace | null;
  /** Whether a backward pass is running in the worker. */
  backwardBusy: boolean;
  /** Why there is no backward pass (e.g. a one-step input), or null. */
  backwardError: string | null;
}

/** Actions of the backward feature. */
export interface BackwardActions {
  /** Turns backward mode on (runs the backward pass of the shown line, cursor at t = T) or off. */
  setBackwardMode(on: boolean): Promise<void>;
  /** Runs the backward pass again if the model, the input, the line, h₀ or the layer changed since the last one. */
  refreshBackward(): Promise<void>;
  /** Moves the backward cursor to t (clamped to 1..T). */
  backwardTo(t: number): void;
  /** One step further back in time: t → t − 1. */
  backwardStepBack(): void;
  /** One step toward the end again: t → t + 1. */
  backwardStepForward(): void;
}

/** Initial backward data. */
export function initialBackwardData(): BackwardData {
  return { backwardOn: false, backwardStep: 0, backward: null, backwardBusy: false, backwardError: null };
}

/** What a backward pass depends on; a pass is current while every one of these is the same object or value. */
type Inputs = Pick<AppState, 'model' | 'input' | 'sample' | 'layer' | 'h0' | 'c0' | 'batchTrace'>;
const inputsOf = (s: AppState): Inputs => ({ model: s.model, input: s.input, sample: s.sample, layer: s.layer, h0: s.h0, c0: s.c0, batchTrace: s.batchTrace });
const same = (a: Inputs, b: Inputs) => (Object.keys(a) as (keyof Inputs)[]).every((k) => a[k] === b[k]);

/** Backward actions over the engine port. */
export function createBackwardSlice(engine: EnginePort, [set, get]: SliceArgs): BackwardActions {
  // The inputs of the pass shown (or running): a refresh with the same inputs does nothing.
  let last: Inputs | null = null;
  // Bumped by every request, so only the latest one clears the busy flag.
  let request = 0;
  const T = () => get().backward?.T ?? 0;
  return {
    async setBackwardMode(on) {
      if (!on) { set({ backwardOn: false }); return; }
      // The backward pass follows a complete forward pass: playback stops at t = T.
      get().pause();
      set({ backwardOn: true, step: get().tokens.length });
      last = null;
      await get().refreshBackward();
    },
    async refreshBackward() {
      const s = get();
      if (!s.backwardOn) return;
      const inputs = inputsOf(s);
      if (last && same(last, inputs)) return;
      last = inputs;
      if (!s.model || !s.batchTrace) {
        set({ backward: null, backwardStep: 0, backwardError: null });
        return;
      }
      const id = ++request;
      set({ backwardBusy: true });
      try {
        const r = await engine.traceBackward(s.model, s.input, { sample: s.sample, layer: s.layer, h0: s.h0, c0: s.c0 });
        if (!r || id !== request || !same(inputsOf(get()), inputs)) return;
        // Every new pass (new model, input, line, h₀ or layer) starts again where BPTT starts: at t = T.
        set({ backward: r, backwardStep: r.T, backwardError: null });
      } catch (e) {
        if (id !== request || !same(inputsOf(get()), inputs)) return;
        set({ backward: null, backwardStep: 0, backwardError: messageOf(e) });
      } finally {
        if (id === request) set({ backwardBusy: false });
      }
    },
    backwardTo(t) {
      if (T() === 0 || !Number.isFinite(t)) return;
      set({ backwardStep: Math.max(1, Math.min(T(), Math.round(t))) });
    },
    backwardStepBack() { get().backwardTo(get().backwardStep - 1); },
    backwardStepForward() { get().backwardTo(get().backwardStep + 1); },
  };
}
