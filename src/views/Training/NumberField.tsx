/**
 * A number input that refuses a bad value at the control: the message shows under the field (and is announced), the
 * store keeps its last valid value, and the panel learns that a field is invalid so Train can wait.
 */
import { useEffect, useId, useState } from 'react';

/** Props of NumberField. */
export interface NumberFieldProps {
  /** Accessible name and visible label. */
  label: string;
  /** The stored (valid) value. */
  value: number;
  /** Stores a value; returns why it was refused, or null. */
  onCommit(v: number): string | null;
  /** Told whether the field holds a refused value. */
  onValidity(invalid: boolean): void;
  /** A short hint after the label, e.g. "0 = off". */
  hint?: string;
  disabled?: boolean;
  min?: number;
  max?: number;
  step?: number | 'any';
}

/** A labelled number field with live refusal. */
export function NumberField({ label, value, onCommit, onValidity, hint, disabled, min, max, step = 'any' }: NumberFieldProps) {
  const id = useId();
  // What the user typed; null shows the stored value. Kept while it still means the stored value, so typing "0.10"
  // is not rewritten to "0.1" under the cursor.
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    // The value changed elsewhere (a new task's defaults): show it, and forget any refused draft.
    setDraft((d) => (d !== null && Number(d) !== value ? null : d));
    setProblem(null);
    onValidity(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const change = (text: string) => {
    setDraft(text);
    const refused = text.trim() === '' ? `Type a number for ${label.toLowerCase()}.` : onCommit(Number(text));
    setProblem(refused);
    onValidity(refused !== null);
  };
  return (
    <div className="training-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" inputMode="decimal" value={draft ?? String(value)} min={min} max={max} step={step}
        disabled={disabled} aria-invalid={problem !== null}
        aria-describedby={[hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => change(e.currentTarget.value)} />
      {hint && <span id={`${id}-hint`} className="training-hint">{hint}</span>}
      {problem && <span id={`${id}-problem`} className="training-field-problem" aria-live="polite">{problem}</span>}
    </div>
  );
}
