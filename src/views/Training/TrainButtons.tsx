/** Train (which becomes Pause training), Stop training and Reset training, which asks first. */
import { useState } from 'react';
import { useAppStore } from '../../store/useAppStore';
import { ConfirmDialog } from '../Controls/ConfirmDialog';

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** What the run is doing, in a sentence. */
function statusText(status: string, step: number, target: number, steps: number): string {
  if (status === 'running') return `Training in the worker: step ${step.toLocaleString('en')} of ${target.toLocaleString('en')}.`;
  if (status === 'paused') return `Paused at step ${step.toLocaleString('en')} of ${target.toLocaleString('en')}: the views show these weights; Train resumes.`;
  if (status === 'done') return `Done: ${step.toLocaleString('en')} steps. Train goes on for ${steps.toLocaleString('en')} more; Stop training ends the run.`;
  return '';
}

/** The run's buttons; `invalid` (a refused setting) keeps Train from starting. */
export function TrainButtons({ invalid }: { invalid: boolean }) {
  const status = useAppStore((s) => s.trainStatus);
  const step = useAppStore((s) => s.trainStep);
  const target = useAppStore((s) => s.trainTarget);
  const steps = useAppStore((s) => s.trainSettings.steps);
  const seed = useAppStore((s) => s.trainSettings.seed);
  const building = useAppStore((s) => s.busy === 'training');
  const startTraining = useAppStore((s) => s.startTraining);
  const pauseTraining = useAppStore((s) => s.pauseTraining);
  const stopTraining = useAppStore((s) => s.stopTraining);
  const resetTraining = useAppStore((s) => s.resetTraining);
  // The Reset training button while its question is open (focus goes back to it), else null.
  const [asking, setAsking] = useState<HTMLElement | null>(null);
  const running = status === 'running';
  const why = invalid ? 'Fix the setting marked above to train.' : building ? 'The model is being built…' : '';
  return (
    <div className="training-buttons" role="group" aria-label="Training run">
      <button type="button" className="primary" disabled={!running && (invalid || building)} aria-describedby="training-run-status"
        onClick={() => void (running ? pauseTraining() : startTraining())}>
        {running ? 'Pause training' : 'Train'}
      </button>
      <button type="button" onClick={() => void stopTraining()} disabled={status === 'idle'}>Stop training</button>
      <button type="button" onClick={(e) => setAsking(e.currentTarget)} disabled={building}>Reset training</button>
      <span id="training-run-status" className="note">{why || statusText(status, step, target, steps)}</span>
      <ConfirmDialog open={asking !== null} title="Reset training?" confirmLabel="Re-initialise"
        onConfirm={() => { setAsking(null); void resetTraining(); }} onCancel={() => setAsking(null)} returnFocus={asking}>
        <p>Reset training re-initialises the model from seed {seed} and clears the loss curve: the trained weights will be replaced.</p>
        <p>Undo ({MAC ? '⌘Z' : 'Ctrl+Z'}) brings them back.</p>
      </ConfirmDialog>
    </div>
  );
}
