/**
 * The lab's knobs: spectral radius (slider), cell, nonlinearity, sequence length and clipping. Every control has
 * a name and works from the keyboard; a value out of range is refused here, with the reason beside the control,
 * and never reaches the engine.
 */
import { useState } from 'react';
import type { CellKind, Nonlinearity } from '../../engine/types';
import { LAB_LIMITS } from '../../store/slices/labSlice';
import { useAppStore } from '../../store/useAppStore';
import { Subscripted } from '../Subscripted';

const CELLS: { value: CellKind; label: string }[] = [{ value: 'rnn', label: 'RNN' }, { value: 'lstm', label: 'LSTM' }, { value: 'gru', label: 'GRU' }];
const ACTIVATIONS: { value: Nonlinearity; label: string }[] = [
  { value: 'tanh', label: 'tanh' }, { value: 'relu', label: 'ReLU' }, { value: 'sigmoid', label: 'sigmoid' }, { value: 'identity', label: 'identity' },
];

/** The knobs of the lab. */
export function LabControls() {
  const settings = useAppStore((s) => s.labSettings);
  const setLabSettings = useAppStore((s) => s.setLabSettings);
  const modelCell = useAppStore((s) => s.model?.config.cell ?? null);
  // A refused length stays in the box as typed (a draft), with the reason, so it can be corrected in place.
  const [draft, setDraft] = useState<string | null>(null);
  const [stepsError, setStepsError] = useState<string | null>(null);
  const { rho, steps } = LAB_LIMITS;

  const commitSteps = (text: string) => {
    const refused = text.trim() === '' ? `Give a sequence length from ${steps.min} to ${steps.max}.` : setLabSettings({ steps: Number(text) });
    setDraft(refused ? text : null);
    setStepsError(refused);
  };

  return (
    <div className="lab-controls">
      <div className="lab-control">
        <label htmlFor="lab-rho">Spectral radius</label>
        <input id="lab-rho" type="range" min={rho.min} max={rho.max} step={0.05} value={settings.rho}
          aria-valuetext={`ρ = ${settings.rho.toFixed(2)}`}
          onChange={(e) => { setLabSettings({ rho: Math.round(Number(e.target.value) * 100) / 100 }); }} />
        <output htmlFor="lab-rho" aria-hidden="true">ρ = {settings.rho.toFixed(2)}</output>
      </div>
      <div className="lab-control">
        <label htmlFor="lab-cell">Cell of the copy</label>
        <select id="lab-cell" value={settings.cell} onChange={(e) => setLabSettings({ cell: e.target.value as CellKind })}>
          {CELLS.map((c) => <option key={c.value} value={c.value}>{c.label}{c.value === modelCell ? ' (your model)' : ''}</option>)}
        </select>
      </div>
      <div className="lab-control">
        <label htmlFor="lab-sigma">Nonlinearity σ of the copy</label>
        <select id="lab-sigma" value={settings.nonlinearity} disabled={settings.cell !== 'rnn'} aria-describedby="lab-sigma-note"
          onChange={(e) => setLabSettings({ nonlinearity: e.target.value as Nonlinearity })}>
          {ACTIVATIONS.map((a) => <option key={a.value} value={a.value}>{a.label}</option>)}
        </select>
        <span id="lab-sigma-note" className="note">{settings.cell === 'rnn' ? <Subscripted text="h_t = σ(W_ih·x_t + W_hh·h_{t−1} + b)" /> : 'LSTM and GRU use their own gates'}</span>
      </div>
      <div className="lab-control">
        <label htmlFor="lab-steps">Length T of the sequence</label>
        <input id="lab-steps" type="number" min={steps.min} max={steps.max} step={1} value={draft ?? String(settings.steps)}
          aria-invalid={stepsError ? true : undefined} aria-describedby={stepsError ? 'lab-steps-error' : undefined}
          onChange={(e) => commitSteps(e.target.value)} />
        {stepsError && <span id="lab-steps-error" className="lab-invalid">{stepsError}</span>}
      </div>
      <div className="lab-control lab-check">
        <input id="lab-clip" type="checkbox" checked={settings.clip} onChange={(e) => setLabSettings({ clip: e.target.checked })} />
        <label htmlFor="lab-clip">Gradient clipping (max norm 1)</label>
      </div>
    </div>
  );
}
