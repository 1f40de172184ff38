/**
 * The vanishing/exploding gradient lab: knobs acting on a copy of the current model, live plots of ‖h_t‖ and
 * ‖∂L_T/∂h_t‖ over t on log axes with a one-line reading, the effect of clipping, and RNN versus LSTM on the
 * delayed echo. The numbers come from the worker (engine/lab.ts); this view only reads the store.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { Comparison } from './Comparison';
import { LabControls } from './LabControls';
import { LineChart } from './LineChart';
import { clipReading, gradientReading, seriesDescription, stateReading } from './reading';

/** The gradient lab panel. */
export function GradientLab() {
  const model = useAppStore((s) => s.model);
  const runLabSweep = useAppStore((s) => s.runLabSweep);
  const { result, pending, message, clip } = useAppStore(useShallow((s) => ({
    result: s.labResult, pending: s.labPending, message: s.labMessage, clip: s.labSettings.clip,
  })));
  // A new model (rebuilt, trained, imported) is a new thing to copy; while training runs, the model changes four
  // times a second and a sweep (up to 1000 steps forward and back) would queue behind each chunk in the worker: the
  // lab follows the model once training pauses or ends.
  const training = useAppStore((s) => s.trainStatus === 'running');
  useEffect(() => { if (model && !training) void runLabSweep(); }, [model, training, runLabSweep]);

  const lstm = result?.knobs.cell === 'lstm';
  return (
    <div className="lab" aria-busy={pending}>
      <p className="note">
        A copy of your model&apos;s first layer (your model is not changed) reads a seeded random sequence of T steps; its
        W_hh is rescaled so that its spectral radius (largest |eigenvalue|) is ρ, per gate block for LSTM and GRU. The loss
        sits on the last step only, L_T = u·h_T for a fixed unit vector u, so ∂L_T/∂h_T has norm 1 and the plot shows how
        much of it reaches each earlier step.
      </p>
      <LabControls />
      <p className="lab-reading" aria-live="polite">
        {result ? gradientReading(result) : model ? 'Computing…' : 'The lab starts once a model is ready.'}
      </p>
      {message && <p className="lab-invalid" role="alert">{message}</p>}
      {result && (
        <>
          <div className="lab-charts">
            <LineChart title="Hidden state norm over time" yLabel="‖h_t‖ (log)" xLabel="step t"
              series={[{ name: '‖h_t‖', values: result.hNorms }]} description={`${stateReading(result)} ${seriesDescription('‖h_t‖', result.hNorms)}`} />
            <LineChart title="Gradient norm over time" yLabel="‖∂L_T/∂h_t‖ (log)" xLabel="step t"
              series={[{ name: '‖∂L_T/∂h_t‖', values: result.dhNorms }, ...(lstm && result.dcNorms ? [{ name: '‖∂L_T/∂c_t‖', values: result.dcNorms }] : [])]}
              rules={[{ y: 1, label: 'norm 1, at t = T', align: 'start' }]}
              description={`${gradientReading(result)} ${seriesDescription('‖∂L_T/∂h_t‖', result.dhNorms)}`} />
          </div>
          <p className="lab-line">{stateReading(result)} Measured ρ of W_hh: {result.radii.map((r) => r.toFixed(3)).join(', ')}
            {result.weights === 'fresh' ? ` (fresh ${result.knobs.cell.toUpperCase()} weights: your model's cell differs).` : ' (your weights, rescaled).'}</p>
          <p className="lab-line">{clipReading(result, clip)}</p>
        </>
      )}
      <h3>RNN versus LSTM on a delayed echo</h3>
      <Comparison />
    </div>
  );
}
