/**
 * Save any view as SVG or PNG (at a chosen scale), with its legend and title, for slides and handouts; or every step
 * of it (t = 0..T) as a ZIP of numbered images or as one animated GIF.
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore';
import { download } from '../download';
import { captureSteps, framesToGif, MAX_GIF_WIDTH, MAX_STEP_FRAMES, stepRange, stepsToZip, type RgbaFrame } from './stepsExport';
import { canvasToPng, IMAGE_APP_VERSION, svgToCanvas, svgToPng, viewToSvg } from './svgExport';

const VIEWS = [
  { id: 'folded', name: 'Recurrent neuron' },
  { id: 'unrolled', name: 'Unrolled network' },
  { id: 'heatmap', name: 'Hidden state heatmap' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];
type Format = 'svg' | 'png' | 'gif';

/** The view's drawing as a standalone SVG, or null when the view is hidden. */
function captureView(view: ViewId, name: string): { svg: string; width: number; height: number } | null {
  const section = document.querySelector<HTMLElement>(`section[aria-labelledby="${view}-title"]`);
  if (!section) return null;
  const body = section.querySelector<HTMLElement>('.unrolled-scroll, .heatmaps, svg')?.closest<HTMLElement>('.unrolled-scroll, .heatmaps') ?? section;
  return viewToSvg(body, name);
}

/** The image export controls. */
export function ImageExport() {
  const store = useAppStoreApi();
  const T = useAppStore((s) => s.tokens.length);
  const [view, setView] = useState<ViewId>('unrolled');
  const [steps, setSteps] = useState<'current' | 'every'>('current');
  const [format, setFormat] = useState<Format>('png');
  const [scale, setScale] = useState(2);
  const [message, setMessage] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const name = VIEWS.find((v) => v.id === view)!.name;
  const file = `rnn-unfold-${view}`;

  const saveOne = async () => {
    const drawn = captureView(view, name);
    if (!drawn) { setMessage(`${name} is hidden: show it under Panels first.`); return; }
    const { svg, width, height } = drawn;
    if (format === 'svg') download(new TextEncoder().encode(svg), `${file}.svg`);
    else download(await svgToPng(svg, width, height, scale), `${file}@${scale}x.png`);
    setMessage(`Saved ${name} as ${format.toUpperCase()}.`);
  };

  const saveEvery = async () => {
    if (!captureView(view, name)) { setMessage(`${name} is hidden: show it under Panels first.`); return; }
    const state = store.getState();
    const restoreTo = state.step;
    if (state.playing) state.pause();
    const { steps: ts, cut } = stepRange(state.tokens.length);
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ done: 0, total: ts.length });
    setMessage('');
    const started = performance.now();
    let gifSize: { width: number; height: number; scale: number } | null = null;
    const capture = async (): Promise<Uint8Array | RgbaFrame> => {
      const drawn = captureView(view, name);
      if (!drawn) throw new Error(`${name} was hidden during the export.`);
      const { svg, width, height } = drawn;
      if (format === 'svg') return new TextEncoder().encode(svg);
      if (format === 'png') return canvasToPng(await svgToCanvas(svg, width, height, scale));
      // A GIF's frames share the first frame's size, at most MAX_GIF_WIDTH wide.
      if (!gifSize) {
        const s = Math.min(scale, MAX_GIF_WIDTH / width);
        gifSize = { width: Math.round(width * s), height: Math.round(height * s), scale: s };
      }
      const canvas = await svgToCanvas(svg, width, height, gifSize.scale, gifSize);
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return { data, width: canvas.width, height: canvas.height };
    };
    try {
      const frames = await captureSteps({
        steps: ts,
        stepTo: (t) => store.getState().stepTo(t),
        capture,
        onProgress: (done, total) => setProgress({ done, total }),
        signal: controller.signal,
      }, restoreTo);
      if (!frames) { setMessage('Export cancelled; nothing was saved.'); return; }
      const last = ts[ts.length - 1];
      const note = cut ? ` (the first ${MAX_STEP_FRAMES} of ${state.tokens.length + 1}; the rest were left out)` : '';
      if (format === 'gif') {
        const delay = Math.round(1000 / state.speed);
        const comment = `${name}, t = 0..${last}, rnn-unfold ${IMAGE_APP_VERSION}`;
        download(framesToGif(frames as RgbaFrame[], delay, comment), `${file}-steps.gif`);
      } else {
        const ext = format;
        const readme = [
          `rnn-unfold ${IMAGE_APP_VERSION}`,
          `${name}: one ${ext.toUpperCase()} per time step, t = 0..${last}${note}.`,
          `step-000.${ext} is t = 0, before the first input is read.`,
          format === 'png' ? `Scale: ${scale}x.` : '',
          '',
        ].filter((l, i, a) => l !== '' || i === a.length - 1).join('\n');
        download(stepsToZip(frames as Uint8Array[], ext, readme), `${file}-steps.zip`);
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      setMessage(`Saved ${ts.length} steps of ${name} as ${format === 'gif' ? 'an animated GIF' : `a ZIP of ${format.toUpperCase()}s`} in ${seconds} s${note}.`);
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  const save = async () => {
    try {
      await (steps === 'every' ? saveEvery() : saveOne());
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  const busy = progress !== null;
  // The button under the keyboard focus swaps between Save and Cancel: focus follows it.
  const saveButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const wasBusy = useRef(false);
  useEffect(() => {
    if (busy === wasBusy.current) return;
    wasBusy.current = busy;
    // Only when the focus went with the button that was swapped out (it is then on <body>).
    if (document.activeElement === document.body || document.activeElement === null) (busy ? cancelButton : saveButton).current?.focus();
  }, [busy]);
  return (
    <fieldset className="image-export">
      <legend>Save a view as an image</legend>
      <label>View{' '}
        <select aria-label="View to save" value={view} disabled={busy} onChange={(e) => setView(e.currentTarget.value as ViewId)}>
          {VIEWS.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
        </select>
      </label>
      <label>Steps{' '}
        <select aria-label="Steps to save" value={steps} disabled={busy} onChange={(e) => {
          const next = e.currentTarget.value as 'current' | 'every';
          setSteps(next);
          if (next === 'current' && format === 'gif') setFormat('png');
        }}>
          <option value="current">This step</option>
          <option value="every">{`Every step (t = 0..${Math.min(T, MAX_STEP_FRAMES - 1)})`}</option>
        </select>
      </label>
      <label>Format{' '}
        <select aria-label="Image format" value={format} disabled={busy} onChange={(e) => setFormat(e.currentTarget.value as Format)}>
          <option value="png">{steps === 'every' ? 'PNG series (ZIP)' : 'PNG'}</option>
          <option value="svg">{steps === 'every' ? 'SVG series (ZIP)' : 'SVG'}</option>
          {steps === 'every' && <option value="gif">Animated GIF</option>}
        </select>
      </label>
      {format !== 'svg' && (
        <label>Scale{' '}
          <select aria-label="Image scale" value={scale} disabled={busy} onChange={(e) => setScale(Number(e.currentTarget.value))}>
            {[1, 2, 3, 4].map((s) => <option key={s} value={s}>{`${s}×`}</option>)}
          </select>
        </label>
      )}
      {busy ? (
        <>
          <progress aria-label="Export progress" value={progress.done} max={progress.total} />
          <span className="note">{`${progress.done} / ${progress.total}`}</span>
          <button ref={cancelButton} type="button" onClick={() => abort.current?.abort()}>Cancel export</button>
        </>
      ) : (
        <button ref={saveButton} type="button" onClick={() => void save()}>{steps === 'every' ? 'Save every step' : 'Save image'}</button>
      )}
      {steps === 'every' && !busy && T + 1 > MAX_STEP_FRAMES && (
        <span className="note">{`At most ${MAX_STEP_FRAMES} steps are saved: t = 0..${MAX_STEP_FRAMES - 1} of ${T}.`}</span>
      )}
      <span className="note" aria-live="polite">{message}</span>
    </fieldset>
  );
}
