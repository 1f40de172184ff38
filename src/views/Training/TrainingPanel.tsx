/**
 * Training in the browser: a task preset, optimizer settings, Train / Pause training / Stop / Reset training, live
 * progress and loss curve, and what the trained model can do (generate text, or free-run a forecast).
 */
import { useCallback, useState } from 'react';
import { useAppStore } from '../../store/useAppStore';
import { LossChart } from '../LossChart';
import { FreeRunPanel } from './FreeRunChart';
import { TaskPicker } from './TaskPicker';
import { TextSampler } from './TextSampler';
import { TrainButtons } from './TrainButtons';
import { TrainProgress } from './TrainProgress';
import { TrainSettingsForm } from './TrainSettingsForm';

/** The loss chart over the store's run, with its log-scale switch. */
function TrainLossChart() {
  const losses = useAppStore((s) => s.trainLosses);
  const accuracy = useAppStore((s) => s.trainAccuracy);
  const target = useAppStore((s) => s.trainTarget);
  const numbers = useAppStore((s) => s.model !== null && s.model.vocabulary.length === 0);
  const [log, setLog] = useState(false);
  return (
    <div className="training-chart">
      <label className="training-log"><input type="checkbox" checked={log} onChange={(e) => setLog(e.currentTarget.checked)} /> Log scale</label>
      <LossChart losses={losses} accuracy={accuracy} maxStep={target} log={log} accuracyLabel={numbers ? 'accuracy (within ±0.1)' : 'accuracy'} />
    </div>
  );
}

/** The training panel. */
export function TrainingPanel() {
  const running = useAppStore((s) => s.trainStatus === 'running');
  // Generating text needs a model whose outputs are its inputs' characters; the bit tasks answer, they do not continue.
  const kind = useAppStore((s) => {
    const m = s.model;
    if (!m) return null;
    if (m.vocabulary.length === 0) return m.config.outputSize === m.config.inputSize ? 'numbers' : null;
    return m.vocabulary.length > 2 && m.config.outputSize === m.vocabulary.length ? 'text' : null;
  });
  const [invalid, setInvalid] = useState<Record<string, boolean>>({});
  const onValidity = useCallback((key: string, bad: boolean) => setInvalid((m) => (m[key] === bad ? m : { ...m, [key]: bad })), []);
  return (
    <div className="training">
      <div className="training-setup">
        <TaskPicker disabled={running} />
        <TrainSettingsForm disabled={running} onValidity={onValidity} />
      </div>
      <TrainButtons invalid={Object.values(invalid).some(Boolean)} />
      <TrainProgress />
      <div className="training-results">
        <TrainLossChart />
        {kind === 'text' && <TextSampler />}
        {kind === 'numbers' && <FreeRunPanel />}
      </div>
    </div>
  );
}
