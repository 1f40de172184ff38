/**
 * RNN versus LSTM on the delayed echo: a button that runs (and cancels) the comparison in the worker, its
 * progress, both loss curves and both gradient plots side by side, and a sentence per model.
 */
import { useShallow } from 'zustand/react/shallow';
import { ECHO_COMPARISON as E } from '../../store/slices/labSlice';
import { useAppStore } from '../../store/useAppStore';
import { comparisonReading, seriesDescription } from './reading';
import { LineChart } from './LineChart';

/** ln K of the echo's K symbols: the loss of a model that guesses. */
const CHANCE = Math.log(E.symbols);

/** The comparison section of the lab. */
export function Comparison() {
  const { status, progress, result, error } = useAppStore(useShallow((s) => s.labComparison));
  const runComparison = useAppStore((s) => s.runComparison);
  const cancelComparison = useAppStore((s) => s.cancelComparison);
  const running = status === 'running';
  const done = progress ? (progress.cell === 'rnn' ? 0 : progress.steps) + progress.step : 0;
  const total = progress ? 2 * progress.steps : 1;
  const sides = result ? [result.rnn, result.lstm].filter((s) => s !== null) : [];
  return (
    <div className="lab-compare">
      <p className="note">
        Delayed echo: a symbol (one of {E.symbols}), then {E.delay} blanks; the model must name the symbol at the last
        step. Both models start from seed {E.seed} (H = {E.hiddenSize}) and take {E.steps} Adam steps (learning rate {E.lr},
        clipping at {E.clipNorm}); the LSTM&apos;s forget gate starts open (bias +{E.forgetBias}).
      </p>
      <div className="lab-compare-actions">
        {running
          ? <button type="button" onClick={() => { void cancelComparison(); }}>Cancel comparison</button>
          : <button type="button" onClick={() => { void runComparison(); }}>Run comparison</button>}
        {running && (
          <>
            <progress aria-label="Comparison progress" max={total} value={done} />
            <span className="note" aria-live="polite">
              {progress ? `Training the ${progress.cell.toUpperCase()}: step ${progress.step} of ${progress.steps}` : 'Starting…'}
            </span>
          </>
        )}
        {status === 'cancelled' && <span className="note">Cancelled{result ? '; the last complete comparison is shown.' : '.'}</span>}
      </div>
      {error && <p className="lab-invalid" role="alert">{error}</p>}
      {result && (
        <>
          <div className="lab-charts">
            <LineChart title="Loss curves, RNN and LSTM" yLabel="loss (log scale)" xLabel="training step"
              series={sides.map((s) => ({ name: s.cell.toUpperCase(), values: s.losses }))}
              rules={[{ y: CHANCE, label: `chance, ln ${E.symbols}` }]}
              description={sides.map((s) => seriesDescription(`${s.cell.toUpperCase()} loss`, s.losses)).join(' ')} />
            <LineChart title="Gradient reaching each step, RNN and LSTM" yLabel="‖∂L/∂h_t‖ (log)" xLabel="step t (at the start of training)"
              series={sides.map((s) => ({ name: s.cell.toUpperCase(), values: s.gradientFlow }))}
              description={sides.map((s) => seriesDescription(`${s.cell.toUpperCase()} ‖∂L/∂h_t‖`, s.gradientFlow)).join(' ')} />
          </div>
          <ul className="lab-readings">
            {comparisonReading(result).map((line) => <li key={line}>{line}</li>)}
          </ul>
        </>
      )}
    </div>
  );
}
