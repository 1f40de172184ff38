/** Step count, loss, accuracy and speed of the run, the panel's notice, and a polite announcement when the run stops. */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store/useAppStore';
import { formatLoss } from '../../viz/lossChart';

/** A percentage, or a dash when there is none. */
function percent(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '—' : `${Math.round(v * 1000) / 10}%`;
}

/** The progress read-outs. */
export function TrainProgress() {
  const status = useAppStore((s) => s.trainStatus);
  const step = useAppStore((s) => s.trainStep);
  const target = useAppStore((s) => s.trainTarget);
  const loss = useAppStore((s) => s.trainLatestLoss);
  const accuracy = useAppStore((s) => s.trainAccuracy.at(-1)?.accuracy);
  const sps = useAppStore((s) => s.trainStepsPerSecond);
  const notice = useAppStore((s) => s.trainNotice);
  const [said, setSaid] = useState('');
  const previous = useRef(status);
  // Progress ticks are not announced (several a second would drown everything); the end of a run is.
  useEffect(() => {
    if (previous.current === 'running' && status !== 'running') {
      setSaid(`Training ${status === 'done' ? 'done' : status === 'paused' ? 'paused' : 'stopped'} at step ${step}, loss ${loss === null ? '—' : formatLoss(loss)}, accuracy ${percent(accuracy)}.`);
    } else if (status === 'running' && previous.current !== 'running') setSaid('Training started.');
    previous.current = status;
  }, [status, step, loss, accuracy]);
  return (
    <div className="training-progress-row">
      <dl className="training-progress">
        <div><dt>Step</dt><dd>{step.toLocaleString('en')}{target > 0 ? ` / ${target.toLocaleString('en')}` : ''}</dd></div>
        <div><dt>Loss</dt><dd>{loss === null ? '—' : formatLoss(loss)}</dd></div>
        <div><dt>Accuracy</dt><dd>{percent(accuracy)}</dd></div>
        <div><dt>Steps per second</dt><dd>{sps > 0 ? Math.round(sps).toLocaleString('en') : '—'}</dd></div>
      </dl>
      <p className="visually-hidden" aria-live="polite">{said}</p>
      <div aria-live="polite">
        {notice && <p className={`training-notice ${notice.kind}`}>{notice.text}</p>}
      </div>
    </div>
  );
}
