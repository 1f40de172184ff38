/** Model settings: cell type, hidden size, layers, seed, activation σ and output activation; Undo and Redo. */
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { InitScheme } from '../../engine/init';
import type { CellKind, Nonlinearity, OutputActivation } from '../../engine/types';
import { describeChange, selectCanRedo, selectCanUndo, selectRedoLabel, selectUndoLabel } from '../../store/history';
import type { ModelSettings } from '../../store/types';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore';
import { ConfirmDialog } from './ConfirmDialog';

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
/** The undo and redo keys as this platform writes them. */
const KEYS = MAC ? { undo: '⌘Z', redo: '⇧⌘Z' } : { undo: 'Ctrl+Z', redo: 'Ctrl+Shift+Z' };

/** A settings change waiting for the user's answer, and the control it came from. */
interface Pending {
  patch: Partial<ModelSettings>;
  from: HTMLElement | null;
}

/**
 * The model panel. Every settings change rebuilds and retrains the model, replacing the trained weights, so once
 * a model exists each change asks first; Undo brings the previous model back exactly.
 */
export function ModelPanel() {
  const settings = useAppStore((s) => s.settings);
  const setSettings = useAppStore((s) => s.setSettings);
  const hasModel = useAppStore((s) => s.model !== null);
  const busy = useAppStore((s) => s.busy);
  const loss = useAppStore((s) => s.trainLoss);
  const corpus = useAppStore((s) => s.corpus);
  const [pending, setPending] = useState<Pending | null>(null);
  // Text being typed in a number field; null shows the setting itself (so Undo and Cancel show through).
  const [hiddenDraft, setHiddenDraft] = useState<string | null>(null);
  const [seedDraft, setSeedDraft] = useState<string | null>(null);

  const request = (patch: Partial<ModelSettings>, from: HTMLElement | null) => {
    if (!hasModel) void setSettings(patch);
    else setPending({ patch, from });
  };
  // Enter's default would reach the dialog's focused button (the browser sends keypress to the new focus) and
  // answer the question at once.
  const onEnter = (e: KeyboardEvent, commit: () => void) => { if (e.key === 'Enter') { e.preventDefault(); commit(); } };
  const close = () => { setPending(null); setHiddenDraft(null); setSeedDraft(null); };
  const confirm = () => { if (pending) void setSettings(pending.patch); close(); };
  const commitNumber = (draft: string | null, key: 'hiddenSize' | 'seed', max: number, from: HTMLElement) => {
    // Blur also fires when the dialog takes focus: the question is already asked.
    if (pending || draft === null) return;
    const v = Number(draft);
    const min = key === 'hiddenSize' ? 1 : 0;
    if (draft.trim() !== '' && Number.isInteger(v) && v >= min && v <= max && v !== settings[key]) request({ [key]: v }, from);
    else if (key === 'hiddenSize') setHiddenDraft(null);
    else setSeedDraft(null);
  };

  return (
    <fieldset className="model-panel">
      <legend>Model</legend>
      <label>Cell type
        <select aria-label="Cell type" value={settings.cell} onChange={(e) => request({ cell: e.currentTarget.value as CellKind }, e.currentTarget)}>
          <option value="rnn">RNN</option><option value="lstm">LSTM</option><option value="gru">GRU</option>
        </select>
      </label>
      <label>Hidden size
        <input
          aria-label="Hidden size" type="number" min={1} max={64} value={hiddenDraft ?? String(settings.hiddenSize)}
          onChange={(e) => setHiddenDraft(e.currentTarget.value)}
          onBlur={(e) => commitNumber(hiddenDraft, 'hiddenSize', 64, e.currentTarget)}
          onKeyDown={(e) => onEnter(e, () => commitNumber(hiddenDraft, 'hiddenSize', 64, e.currentTarget))}
        />
      </label>
      <label>Layers
        <select aria-label="Layers" value={settings.numLayers} onChange={(e) => request({ numLayers: Number(e.currentTarget.value) }, e.currentTarget)}>
          {[1, 2, 3].map((l) => <option key={l} value={l}>{l}</option>)}
        </select>
      </label>
      <label>Seed
        <input aria-label="Seed" type="number" min={0} max={4294967295} value={seedDraft ?? String(settings.seed)}
          onChange={(e) => setSeedDraft(e.currentTarget.value)}
          onBlur={(e) => commitNumber(seedDraft, 'seed', 4294967295, e.currentTarget)}
          onKeyDown={(e) => onEnter(e, () => commitNumber(seedDraft, 'seed', 4294967295, e.currentTarget))} />
      </label>
      <label>Initialisation
        <select aria-label="Initialisation" value={settings.init} onChange={(e) => request({ init: e.currentTarget.value as InitScheme }, e.currentTarget)}>
          <option value="pytorch">PyTorch default, U(±1/√H)</option><option value="xavier">Xavier (Glorot) uniform</option><option value="orthogonal">orthogonal W</option>
        </select>
      </label>
      <label>Activation
        <select aria-label="Activation" value={settings.nonlinearity} disabled={settings.cell !== 'rnn'}
          onChange={(e) => request({ nonlinearity: e.currentTarget.value as Nonlinearity }, e.currentTarget)}>
          <option value="tanh">tanh</option><option value="sigmoid">sigmoid</option><option value="relu">ReLU</option><option value="identity">identity</option>
        </select>
      </label>
      <label>Output activation
        <select aria-label="Output activation" value={settings.outputActivation}
          onChange={(e) => request({ outputActivation: e.currentTarget.value as OutputActivation }, e.currentTarget)}>
          <option value="softmax">softmax</option><option value="sigmoid">sigmoid</option><option value="tanh">tanh</option><option value="identity">identity</option>
        </select>
      </label>
      <HistoryButtons training={busy === 'training'} />
      <p className="note" aria-live="off">
        {busy === 'training' ? 'Training in the worker…' : loss === null ? '' : settings.task === 'numbers'
          ? `Trained to predict the next value of a sine wave (period 20 steps; mean squared error ${loss.toFixed(4)}).`
          : `Trained to predict the next character of “${corpus}” (loss ${loss.toFixed(3)}).`}
      </p>
      <ConfirmDialog
        open={pending !== null} title="Replace the trained model?" confirmLabel="Replace model"
        onConfirm={confirm} onCancel={close} returnFocus={pending?.from}
      >
        <p>Changing {pending ? describeChange(settings, { ...settings, ...pending.patch }) : ''} builds a new model and
          trains it from scratch: the trained weights will be replaced.</p>
        <p>Undo ({KEYS.undo}) brings them back.</p>
      </ConfirmDialog>
    </fieldset>
  );
}

/** Undo and Redo of model changes, with a polite announcement of what was undone or redone. */
function HistoryButtons({ training }: { training: boolean }) {
  const store = useAppStoreApi();
  const canUndo = useAppStore(selectCanUndo);
  const canRedo = useAppStore(selectCanRedo);
  const undoLabel = useAppStore(selectUndoLabel);
  const redoLabel = useAppStore(selectRedoLabel);
  const undo = useAppStore((s) => s.undo);
  const redo = useAppStore((s) => s.redo);
  const [said, setSaid] = useState('');
  // The keys act on the store directly, so what happened is read from each change of model: the model restored is
  // the one on top of the stack it came from.
  useEffect(() => store.subscribe((s, p) => {
    if (s.model === p.model) return;
    const u = p.undoStack.at(-1), r = p.redoStack.at(-1);
    if (u && s.model === u.model) setSaid(`Undone: ${u.label}.`);
    else if (r && s.model === r.model) setSaid(`Redone: ${r.label}.`);
    else setSaid('');
  }), [store]);
  return (
    <div className="history-buttons" role="group" aria-label="Model history">
      <button type="button" onClick={() => void undo()} disabled={!canUndo || training}
        title={undoLabel ? `Undo ${undoLabel} (${KEYS.undo})` : undefined}>Undo</button>
      <button type="button" onClick={() => void redo()} disabled={!canRedo || training}
        title={redoLabel ? `Redo ${redoLabel} (${KEYS.redo})` : undefined}>Redo</button>
      <span className="visually-hidden" aria-live="polite">{said}</span>
    </div>
  );
}
