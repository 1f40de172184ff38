/** Playback: step back/forward, play/pause, reset and the time-step slider. */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';

/** The stepping controls, named as the tests and screen readers expect. */
export function StepControls() {
  const { step, T, playing } = useAppStore(useShallow((s) => ({ step: s.step, T: s.tokens.length, playing: s.playing })));
  const stepForward = useAppStore((s) => s.stepForward);
  const stepBack = useAppStore((s) => s.stepBack);
  const togglePlay = useAppStore((s) => s.togglePlay);
  const reset = useAppStore((s) => s.reset);
  const stepTo = useAppStore((s) => s.stepTo);
  const speed = useAppStore((s) => s.speed);
  const setSpeed = useAppStore((s) => s.setSpeed);
  return (
    <div className="step-controls" role="group" aria-label="Stepping">
      <button type="button" onClick={stepBack} disabled={step === 0}><span aria-hidden="true">◀ </span>Step back</button>
      <button type="button" onClick={togglePlay} disabled={T === 0}>{playing ? <><span aria-hidden="true">❚❚ </span>Pause</> : <><span aria-hidden="true">▶ </span>Play</>}</button>
      <button type="button" onClick={stepForward} disabled={step >= T}>Step forward<span aria-hidden="true"> ▶</span></button>
      <button type="button" onClick={reset} disabled={step === 0 && !playing}><span aria-hidden="true">⟲ </span>Reset</button>
      <label className="slider">
        <span>Time step</span>
        <input
          type="range" min={0} max={T} step={1} value={step}
          aria-label="Time step" aria-valuenow={step} aria-valuemin={0} aria-valuemax={T} aria-valuetext={`t = ${step} of ${T}`}
          onChange={(e) => stepTo(Number(e.currentTarget.value))}
        />
        <output aria-hidden="true">t = {step}/{T}</output>
      </label>
      <label className="speed">Speed{' '}
        <select aria-label="Speed" value={speed} onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
          {[0.5, 1, 1.5, 2, 4, 8].map((v) => <option key={v} value={v}>{`${v} steps/s`}</option>)}
        </select>
      </label>
    </div>
  );
}
