/**
 * Debugging hidden states like code: breakpoints with "Run to breakpoint", a pinned state compared with the
 * current step unit by unit, per-unit plots over t, units ranked by likeness, and a diff with another run.
 */
import { GATE_NAMES } from '../../engine/gates';
import { useState } from 'react';
import { describeCondition, type Condition } from '../../engine/breakpoints';
import { useAppStore } from '../../store/useAppStore';
import { PinCompare } from './PinCompare';
import { RunDiff } from './RunDiff';
import { SimilarUnits } from './SimilarUnits';
import { UnitPlot } from './UnitPlot';

type Kind = Condition['kind'];

/** The breakpoints list, its add form and the run button. */
export function DebugPanel() {
  const breakpoints = useAppStore((s) => s.breakpoints);
  const message = useAppStore((s) => s.breakMessage);
  const cell = useAppStore((s) => s.model?.config.cell ?? 'rnn');
  const H = useAppStore((s) => s.model?.config.hiddenSize ?? 1);
  const hasTrace = useAppStore((s) => s.trace !== null);
  const add = useAppStore((s) => s.addBreakpoint);
  const remove = useAppStore((s) => s.removeBreakpoint);
  const run = useAppStore((s) => s.runToBreakpoint);
  const [kind, setKind] = useState<Kind>('saturation');
  const [unit, setUnit] = useState('any');
  const [value, setValue] = useState('0.95');
  const [gate, setGate] = useState('0');
  const gates = GATE_NAMES[cell];
  const v = Number(value);
  const valid = kind === 'nonFinite' || (Number.isFinite(v) && v > 0 && (kind !== 'gateMean' || v < 0.5));
  const submit = () => {
    if (!valid) return;
    if (kind === 'saturation') add({ kind, unit: unit === 'any' ? null : Number(unit), threshold: v });
    else if (kind === 'gateMean') add({ kind, gate: Number(gate), lo: v, hi: 1 - v });
    else if (kind === 'fixedPoint') add({ kind, epsilon: v });
    else add({ kind: 'nonFinite' });
  };
  return (
    <div className="debug">
      <div className="debug-run">
        <button type="button" onClick={() => void run()} disabled={!hasTrace}>Run to breakpoint</button>
        <p className="note" aria-live="polite">{message ?? 'Runs from the current step to the first step that meets a condition below.'}</p>
      </div>
      <ul className="breakpoints" aria-label="Breakpoints">
        {breakpoints.map((c, k) => (
          <li key={`${k}:${describeCondition(c, cell)}`}>
            {describeCondition(c, cell)}{' '}
            <button type="button" onClick={() => remove(k)} aria-label={`Remove breakpoint ${describeCondition(c, cell)}`}>Remove</button>
          </li>
        ))}
      </ul>
      <fieldset className="add-breakpoint">
        <legend>Add a breakpoint</legend>
        <label>Condition{' '}
          <select aria-label="Condition" value={kind} onChange={(e) => {
            const k = e.currentTarget.value as Kind;
            setKind(k);
            setValue(k === 'saturation' ? '0.95' : k === 'gateMean' ? '0.05' : k === 'fixedPoint' ? '0.001' : '');
          }}>
            <option value="saturation">saturation |h| &gt; threshold</option>
            {gates.length > 0 && <option value="gateMean">gate mean near 0 or 1</option>}
            <option value="nonFinite">NaN or Infinity</option>
            <option value="fixedPoint">fixed point ‖h_t − h_t−1‖ &lt; ε</option>
          </select>
        </label>
        {kind === 'saturation' && (
          <label>Unit{' '}
            <select aria-label="Unit" value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
              <option value="any">any</option>
              {Array.from({ length: H }, (_, j) => <option key={j} value={j}>{`h${j + 1}`}</option>)}
            </select>
          </label>
        )}
        {kind === 'gateMean' && (
          <label>Gate{' '}
            <select aria-label="Gate" value={gate} onChange={(e) => setGate(e.currentTarget.value)}>
              {gates.map((g, i) => <option key={g} value={i}>{g}</option>)}
            </select>
          </label>
        )}
        {kind !== 'nonFinite' && (
          <label>{kind === 'saturation' ? 'Threshold' : kind === 'gateMean' ? 'Margin' : 'ε'}{' '}
            <input type="number" aria-label={kind === 'saturation' ? 'Threshold' : kind === 'gateMean' ? 'Margin' : 'Epsilon'} step="any" value={value}
              onChange={(e) => setValue(e.currentTarget.value)} aria-invalid={!valid} />
          </label>
        )}
        <button type="button" onClick={submit} disabled={!valid}>Add</button>
        {!valid && <span className="note">{kind === 'gateMean' ? 'The margin must be between 0 and 0.5.' : 'Give a positive number.'}</span>}
      </fieldset>
      <PinCompare />
      <UnitPlot />
      <SimilarUnits />
      <RunDiff />
    </div>
  );
}
