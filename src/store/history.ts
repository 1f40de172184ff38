/**
 * Undo/redo of model changes: the pure helpers behind the model slice's `commitModel`, `undo` and `redo`.
 *
 * An entry holds the model as it was before a change, and the change's label. Models are kept by reference, not
 * copied: the store never mutates a model in place (training and the worker return new objects), so whoever edits
 * weights must build a new Model (copy the arrays it changes) and hand it to `commitModel`.
 */
import type { AppState, HistoryEntry, ModelSettings } from './types';

/**
 * Most entries kept on each stack. Every entry holds a whole model: an LSTM with H = 64 and 3 layers over the
 * default vocabulary is about 0.4 MB of float32 weights, and an imported model can be several MB, so an unbounded
 * stack would grow with every click. Fifty changes back is more than a session of trying settings needs.
 */
export const HISTORY_LIMIT = 50;

/** `stack` with `entry` pushed on top, dropping the oldest entries beyond `limit`. */
export function pushCapped(stack: readonly HistoryEntry[], entry: HistoryEntry, limit = HISTORY_LIMIT): HistoryEntry[] {
  const next = [...stack, entry];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

const NAMES: [keyof ModelSettings, string][] = [
  ['cell', 'cell type'], ['hiddenSize', 'hidden size'], ['numLayers', 'layers'], ['seed', 'seed'],
  ['nonlinearity', 'activation'], ['outputActivation', 'output activation'], ['task', 'input kind'], ['init', 'initialisation'],
];

/** How a setting's value reads in a label: cell kinds in capitals (RNN, LSTM, GRU), the rest as they are. */
export function settingText(key: keyof ModelSettings, value: ModelSettings[keyof ModelSettings]): string {
  return key === 'cell' ? String(value).toUpperCase() : String(value);
}

/** A label for the change from one set of settings to another, e.g. `cell type RNN → LSTM`; `retrain` when equal. */
export function describeChange(before: ModelSettings, after: ModelSettings): string {
  const parts = NAMES.filter(([k]) => before[k] !== after[k])
    .map(([k, name]) => `${name} ${settingText(k, before[k])} → ${settingText(k, after[k])}`);
  return parts.length ? parts.join(', ') : 'retrain';
}

/** Whether there is a change to undo. */
export const selectCanUndo = (s: AppState) => s.undoStack.length > 0;
/** Whether there is an undone change to redo. */
export const selectCanRedo = (s: AppState) => s.redoStack.length > 0;
/** Label of the change Undo would revert, or null. */
export const selectUndoLabel = (s: AppState) => s.undoStack.at(-1)?.label ?? null;
/** Label of the change Redo would apply again, or null. */
export const selectRedoLabel = (s: AppState) => s.redoStack.at(-1)?.label ?? null;
