/**
 * The lab slice: the knobs of the vanishing/exploding gradient lab, its last good run, and the RNN-versus-LSTM
 * comparison. Knob changes are debounced before they reach the worker (a slider sends a value per pixel), and a
 * reply to an older setting is dropped. A run whose state or gradient is NaN or infinite is not shown: the plots
 * keep the last finite run and `labMessage` says what happened.
 */
import { LAB_LIMITS } from '../../engine/gates';
import type { CellKind, Nonlinearity } from '../../engine/types';
import type { EnginePort } from '../port';
import type { LabCompareProgress, LabCompareReply, LabSweepReply } from '../../bridge/labPort';
import { messageOf, type SliceArgs } from './sliceArgs';

export { ECHO_COMPARISON } from '../../engine/echo';
export { LAB_LIMITS } from '../../engine/gates';
export type { LabCompareProgress, LabCompareReply, LabCompareSide, LabSweepReply } from '../../bridge/labPort';

/** The lab's knobs as the user sets them. */
export interface LabSettings {
  /** Cell kind of the copy. */
  cell: CellKind;
  /** σ of an RNN copy. */
  nonlinearity: Nonlinearity;
  /** ρ of every gate block of W_hh, LAB_LIMITS.rho. */
  rho: number;
  /** T, LAB_LIMITS.steps. */
  steps: number;
  /** Whether the gradient is clipped to LAB_CLIP_NORM (clip_grad_norm_). */
  clip: boolean;
}

/** clip_grad_norm_'s max norm in the lab. */
export const LAB_CLIP_NORM = 1;
/** Milliseconds a knob must rest before its setting is computed. */
export const LAB_DEBOUNCE_MS = 120;

/** The comparison's state. */
export interface LabComparison {
  /** idle: never run; running; done; cancelled (the previous result, if any, is kept); error. */
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  /** The latest progress report while running. */
  progress: LabCompareProgress | null;
  /** The latest complete result. */
  result: LabCompareReply | null;
  /** The failure, when status is error. */
  error: string | null;
}

/** Plain data of the lab feature. */
export interface LabData {
  /** The knobs. */
  labSettings: LabSettings;
  /** The last run whose numbers are all finite, or null before the first. */
  labResult: LabSweepReply | null;
  /** True while a setting waits for the worker (or the debounce). */
  labPending: boolean;
  /** Why the latest setting is not shown (a NaN/Inf run or an engine error), or null. */
  labMessage: string | null;
  /** RNN versus LSTM on the delayed echo. */
  labComparison: LabComparison;
}

/** Actions of the lab feature. */
export interface LabActions {
  /** Changes knobs and schedules a run. Refuses out-of-range values, returning the reason (null when accepted). */
  setLabSettings(patch: Partial<LabSettings>): string | null;
  /** Runs the current setting now on a copy of the current model. */
  runLabSweep(): Promise<void>;
  /** Trains the RNN and the LSTM on the delayed echo (options shorten it in tests). */
  runComparison(options?: { steps?: number; delay?: number }): Promise<void>;
  /** Stops the running comparison. */
  cancelComparison(): Promise<void>;
}

/** Initial lab data. */
export function initialLabData(): LabData {
  return {
    labSettings: { cell: 'rnn', nonlinearity: 'tanh', rho: 1, steps: 100, clip: false },
    labResult: null, labPending: false, labMessage: null,
    labComparison: { status: 'idle', progress: null, result: null, error: null },
  };
}

/** Why a knob value is refused, or null when it is accepted. */
export function refuseLabSetting(patch: Partial<LabSettings>): string | null {
  const { rho, steps } = LAB_LIMITS;
  if (patch.rho !== undefined && !(patch.rho >= rho.min && patch.rho <= rho.max)) return `The spectral radius must be between ${rho.min} and ${rho.max}.`;
  if (patch.steps !== undefined && !(Number.isInteger(patch.steps) && patch.steps >= steps.min && patch.steps <= steps.max)) {
    return `The sequence length must be a whole number from ${steps.min} to ${steps.max}.`;
  }
  if (patch.cell !== undefined && !['rnn', 'lstm', 'gru'].includes(patch.cell)) return `Unknown cell type ${patch.cell}.`;
  if (patch.nonlinearity !== undefined && !['tanh', 'relu', 'sigmoid', 'identity'].includes(patch.nonlinearity)) return `Unknown activation ${patch.nonlinearity}.`;
  return null;
}

/** The message for a run that overflowed. */
function nonFiniteMessage(r: LabSweepReply): string {
  const what = r.nonFinite!.what === 'state' ? 'the hidden state h_t' : 'the gradient ∂L_T/∂h_t';
  return `At step ${r.nonFinite!.step}, ${what} overflowed to Infinity or NaN (ρ = ${r.knobs.rho}, T = ${r.knobs.steps}). `
    + 'The plots keep the last finite run; lower ρ or the sequence length, or use a saturating activation.';
}

/** Lab actions over the engine port; the debounce timer and the request counter live in this closure. */
export function createLabSlice(engine: EnginePort, [set, get]: SliceArgs): LabActions {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let latest = 0;
  return {
    setLabSettings(patch) {
      const refused = refuseLabSetting(patch);
      if (refused) return refused;
      set({ labSettings: { ...get().labSettings, ...patch }, labPending: true });
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => { timer = null; void get().runLabSweep(); }, LAB_DEBOUNCE_MS);
      return null;
    },
    async runLabSweep() {
      const { model, labSettings: s, settings } = get();
      if (!model) return;
      const id = ++latest;
      set({ labPending: true });
      try {
        const knobs = { cell: s.cell, nonlinearity: s.nonlinearity, rho: s.rho, steps: s.steps, seed: settings.seed };
        const reply = await engine.labSweep(model, knobs, LAB_CLIP_NORM);
        // A newer setting was asked for meanwhile: its reply decides what is shown.
        if (!reply || id !== latest) return;
        if (reply.nonFinite) set({ labMessage: nonFiniteMessage(reply), labPending: false });
        else set({ labResult: reply, labMessage: null, labPending: false });
      } catch (e) {
        if (id === latest) set({ labMessage: messageOf(e), labPending: false });
      }
    },
    async runComparison(options) {
      const previous = get().labComparison;
      set({ labComparison: { ...previous, status: 'running', progress: null, error: null } });
      try {
        const reply = await engine.labCompare((p) => set({ labComparison: { ...get().labComparison, progress: p } }), options);
        if (!reply) return;
        if (reply.cancelled) set({ labComparison: { ...get().labComparison, status: 'cancelled', progress: null } });
        else set({ labComparison: { status: 'done', progress: null, result: reply, error: null } });
      } catch (e) {
        set({ labComparison: { ...get().labComparison, status: 'error', progress: null, error: messageOf(e) } });
      }
    },
    async cancelComparison() {
      await engine.labCancelCompare();
    },
  };
}
