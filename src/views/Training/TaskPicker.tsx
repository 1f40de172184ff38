/** The task preset, what it teaches, its sizes, and the editable training text of the text presets. */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { parseSeries } from '../../engine/series';
import { taskSummaryOf } from '../../store/slices/trainData';
import { ECHO_DELAY, presetOf, TASK_PRESETS, TASK_SIZES, type TaskId } from '../../store/slices/trainSlice';
import { useAppStore } from '../../store/useAppStore';

/** A one-line summary of what a task feeds the model, e.g. "1 sequence of 10 steps, 32 one-hot inputs". */
function dataSummary(id: TaskId, n: number, T: number, D: number, V: number, O: number): string {
  const seq = `${n} sequence${n > 1 ? 's' : ''} of ${T} step${T > 1 ? 's' : ''}`;
  if (id === 'sine') return `${seq} (period ${TASK_SIZES.sine.period}, seeded phases), one number in, the next out`;
  if (id === 'echo') return `${seq} of seeded random bits; the answer at t is the bit of t − ${ECHO_DELAY}`;
  if (id === 'parity') return `${seq} of seeded random bits; the answer at t is the parity of bits 0…t`;
  return V > 0 ? `${seq}, one-hot over ${V} characters` : `${seq}, ${D} number${D > 1 ? 's' : ''} per step in, ${O} out`;
}

/** Columns of the numbers in the input box (0 when they do not parse: the data summary says why). */
function columnsOf(input: string): number {
  try {
    return parseSeries(input).D;
  } catch {
    return 0;
  }
}

/** Task select, its sentence, the data summary and the text of a text preset. */
export function TaskPicker({ disabled }: { disabled: boolean }) {
  const s = useAppStore(useShallow((st) => ({
    trainTask: st.trainTask, trainText: st.trainText, trainTargetColumn: st.trainTargetColumn, trainSettings: st.trainSettings, input: st.input,
    settings: st.settings, model: st.model,
  })));
  const setTrainTargetColumn = useAppStore((st) => st.setTrainTargetColumn);
  const setTrainTask = useAppStore((st) => st.setTrainTask);
  const setTrainText = useAppStore((st) => st.setTrainText);
  const preset = presetOf(s.trainTask);
  // Tells the user what Train will do before they press it.
  const info = useMemo(() => taskSummaryOf(s), [s]);
  const textPreset = s.trainTask === 'hello' || s.trainTask === 'rhyme';
  // "Your own" numbers (a pasted CSV): which column to predict. The columns are those of the input box.
  const ownNumbers = s.trainTask === 'own' && s.settings.task === 'numbers';
  const columns = useMemo(() => (ownNumbers ? columnsOf(s.input) : 0), [ownNumbers, s.input]);
  return (
    <fieldset className="training-task" disabled={disabled}>
      <legend>Task</legend>
      <div className="training-field">
        <label htmlFor="training-task">Task</label>
        <select id="training-task" value={s.trainTask} onChange={(e) => void setTrainTask(e.currentTarget.value as TaskId)}>
          {TASK_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </div>
      <p className="training-teaches">{preset.teaches}</p>
      {textPreset && (
        <div className="training-field training-text">
          <label htmlFor="training-text">Training text</label>
          <textarea id="training-text" rows={2} value={s.trainText} spellCheck={false} onChange={(e) => setTrainText(e.currentTarget.value)} />
        </div>
      )}
      {s.trainTask === 'own' && <p className="note">Trains on the Input sequence box: each step predicts the next {ownNumbers ? (s.trainTargetColumn === null ? 'row of numbers' : `value of column ${s.trainTargetColumn + 1}, from every column`) : 'character of its line'}.</p>}
      {ownNumbers && (columns > 1 || s.trainTargetColumn !== null) && (
        <div className="training-field">
          <label htmlFor="training-target">Target column</label>
          <select id="training-target" value={s.trainTargetColumn ?? 'all'} onChange={(e) => setTrainTargetColumn(e.currentTarget.value === 'all' ? null : Number(e.currentTarget.value))}>
            <option value="all">every column (the next row)</option>
            {Array.from({ length: Math.max(columns, (s.trainTargetColumn ?? -1) + 1) }, (_, c) => <option key={c} value={c}>{`column ${c + 1}`}</option>)}
          </select>
        </div>
      )}
      {info.problem === undefined ? (
        <p className="note">
          Data: {dataSummary(s.trainTask, info.n, info.T, info.inputSize, info.vocabularySize, info.outputSize)}.{' '}
          {info.fits
            ? `Train continues from the current weights (H = ${s.model!.config.hiddenSize}).`
            : `Train first builds a new ${s.settings.cell.toUpperCase()} with H = ${preset.hiddenSize} for it from seed ${s.trainSettings.seed}; Undo brings the current model back.`}
        </p>
      ) : <p className="note training-problem">{info.problem}</p>}
    </fieldset>
  );
}
