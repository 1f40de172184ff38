/**
 * The engine calls of the gradient lab, as the store sees them (merged into EnginePort). Sweeps go on a channel of
 * their own, so a newer knob setting makes an older reply stale and the store never shows it; the comparison's
 * progress callback is proxied here, and its token is kept for `cancelComparison`.
 */
import { proxy } from 'comlink';
import type { LabKnobs } from '../engine/lab';
import type { Model } from '../engine/types';
import type { LabCompareProgress, LabCompareReply, LabSweepReply } from '../worker/labApi';
import { unwrapOutcome as unwrap, type EngineClient } from './engineClient';

export type { LabCompareProgress, LabCompareReply, LabCompareSide, LabSweepReply } from '../worker/labApi';

/** What the lab feature asks of the engine. Superseded replies are null; failures reject with a readable message. */
export interface LabPort {
  /** Runs the lab on a copy of `model` for one setting of the knobs. */
  labSweep(model: Model, knobs: LabKnobs, clipNorm: number): Promise<LabSweepReply | null>;
  /** Trains an RNN and an LSTM on the delayed echo; `options` shorten it (tests). */
  labCompare(onProgress: (p: LabCompareProgress) => void, options?: { steps?: number; delay?: number }): Promise<LabCompareReply | null>;
  /** Stops the running comparison at its next step (it then resolves with `cancelled: true`). */
  labCancelCompare(): Promise<void>;
}


/** The lab port over an engine client. */
export function createLabPort(client: EngineClient): LabPort {
  let nextToken = 1;
  let running: number | null = null;
  return {
    async labSweep(model, knobs, clipNorm) {
      return unwrap(await client.invoke('call:lab-sweep', 'labSweep', { model, knobs, clipNorm }).result);
    },
    async labCompare(onProgress, options = {}) {
      // A comparison already running is superseded: stop spending worker time on it.
      if (running !== null) await client.invoke('call:lab-cancel', 'labCancel', running).result;
      const token = nextToken++;
      running = token;
      // proxy() marks the function in place, so a fresh one is wrapped per run; the worker releases it at the end.
      const forward = proxy((p: LabCompareProgress) => { if (running === token) onProgress(p); });
      try {
        return unwrap(await client.invoke('call:lab-compare', 'labCompare', { token, ...options }, forward).result);
      } finally {
        if (running === token) running = null;
      }
    },
    async labCancelCompare() {
      if (running !== null) await client.invoke('call:lab-cancel', 'labCancel', running).result;
    },
  };
}
