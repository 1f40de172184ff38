/** Model settings: cell type, hidden size, activation σ, output activation and seed. */
import { useState } from 'react';
import type { CellKind, Nonlinearity, OutputActivation } from '../../engine/types';
import { useAppStore } from '../../store/useAppStore';

/** The model panel; every change rebuilds and retrains the model in the worker. */
export function ModelPanel() {
  const settings = useAppStore((s) => s.settings);
  const setSettings = useAppStore((s) => s.setSettings);
  const busy = useAppStore((s) => s.busy);
  const loss = useAppStore((s) => s.trainLoss);
  const corpus = useAppStore((s) => s.corpus);
  const [hidden, setHidden] = useState(String(settings.hiddenSize));
  const [seed, setSeed] = useState(String(settings.seed));
  const commitSeed = () => {
    const v = Number(seed);
    if (Number.isInteger(v) && v >= 0 && v <= 4294967295 && v !== settings.seed) void setSettings({ seed: v });
    else setSeed(String(settings.seed));
  };
  const commitHidden = () => {
    const v = Number(hidden);
    if (Number.isInteger(v) && v >= 1 && v <= 64 && v !== settings.hiddenSize) void setSettings({ hiddenSize: v });
    else setHidden(String(settings.hiddenSize));
  };
  return (
    <fieldset className="model-panel">
      <legend>Model</legend>
      <label>Cell type
        <select aria-label="Cell type" value={settings.cell} onChange={(e) => void setSettings({ cell: e.currentTarget.value as CellKind })}>
          <option value="rnn">RNN</option><option value="lstm">LSTM</option><option value="gru">GRU</option>
        </select>
      </label>
      <label>Hidden size
        <input
          aria-label="Hidden size" type="number" min={1} max={64} value={hidden}
          onChange={(e) => setHidden(e.currentTarget.value)} onBlur={commitHidden}
          onKeyDown={(e) => { if (e.key === 'Enter') commitHidden(); }}
        />
      </label>
      <label>Layers
        <select aria-label="Layers" value={settings.numLayers} onChange={(e) => void setSettings({ numLayers: Number(e.currentTarget.value) })}>
          {[1, 2, 3].map((l) => <option key={l} value={l}>{l}</option>)}
        </select>
      </label>
      <label>Seed
        <input aria-label="Seed" type="number" min={0} max={4294967295} value={seed}
          onChange={(e) => setSeed(e.currentTarget.value)} onBlur={commitSeed}
          onKeyDown={(e) => { if (e.key === 'Enter') commitSeed(); }} />
      </label>
      <label>Activation
        <select aria-label="Activation" value={settings.nonlinearity} disabled={settings.cell !== 'rnn'}
          onChange={(e) => void setSettings({ nonlinearity: e.currentTarget.value as Nonlinearity })}>
          <option value="tanh">tanh</option><option value="sigmoid">sigmoid</option><option value="relu">ReLU</option><option value="identity">identity</option>
        </select>
      </label>
      <label>Output activation
        <select aria-label="Output activation" value={settings.outputActivation}
          onChange={(e) => void setSettings({ outputActivation: e.currentTarget.value as OutputActivation })}>
          <option value="softmax">softmax</option><option value="sigmoid">sigmoid</option><option value="tanh">tanh</option><option value="identity">identity</option>
        </select>
      </label>
      <p className="note" aria-live="off">
        {busy === 'training' ? 'Training in the worker…' : loss !== null ? `Trained to predict the next character of “${corpus}” (loss ${loss.toFixed(3)}).` : ''}
      </p>
    </fieldset>
  );
}
