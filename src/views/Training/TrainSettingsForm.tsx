/** Optimizer and run settings: optimizer, learning rate, momentum, clipping, truncation, steps and seed. */
import { useCallback } from 'react';
import type { TrainSettings } from '../../store/slices/trainSlice';
import { useAppStore } from '../../store/useAppStore';
import { NumberField } from './NumberField';

/** The settings fieldset; `onValidity(key, invalid)` tells the panel which fields hold a refused value. */
export function TrainSettingsForm({ disabled, onValidity }: { disabled: boolean; onValidity(key: string, invalid: boolean): void }) {
  const t = useAppStore((s) => s.trainSettings);
  const setTrainSettings = useAppStore((s) => s.setTrainSettings);
  const commit = useCallback(<K extends keyof TrainSettings>(key: K) => (v: TrainSettings[K]) => setTrainSettings({ [key]: v }), [setTrainSettings]);
  const validity = (key: string) => (invalid: boolean) => onValidity(key, invalid);
  return (
    <fieldset className="training-settings" disabled={disabled}>
      <legend>Optimizer</legend>
      <div className="training-field">
        <label htmlFor="training-optimizer">Optimizer</label>
        <select id="training-optimizer" value={t.optimizer} onChange={(e) => setTrainSettings({ optimizer: e.currentTarget.value as TrainSettings['optimizer'] })}>
          <option value="adam">Adam</option>
          <option value="sgd">SGD with momentum</option>
        </select>
      </div>
      <NumberField label="Learning rate" value={t.lr} onCommit={commit('lr')} onValidity={validity('lr')} min={0} />
      {t.optimizer === 'sgd' && <NumberField label="Momentum" value={t.momentum} onCommit={commit('momentum')} onValidity={validity('momentum')} min={0} max={0.99} step={0.05} />}
      <NumberField label="Gradient clipping" hint="max norm, 0 = off" value={t.clipNorm} onCommit={commit('clipNorm')} onValidity={validity('clipNorm')} min={0} />
      <NumberField label="Truncation window" hint="steps, 0 = full BPTT" value={t.truncation} onCommit={commit('truncation')} onValidity={validity('truncation')} min={0} step={1} />
      <NumberField label="Training steps" value={t.steps} onCommit={commit('steps')} onValidity={validity('steps')} min={1} step={1} />
      <NumberField label="Training seed" value={t.seed} onCommit={commit('seed')} onValidity={validity('seed')} min={0} step={1} />
    </fieldset>
  );
}
