/** Save any view as SVG or PNG (at a chosen scale), with its legend and title, for slides and handouts. */
import { useState } from 'react';
import { download } from '../download';
import { svgToPng, viewToSvg } from './svgExport';

const VIEWS = [
  { id: 'folded', name: 'Recurrent neuron' },
  { id: 'unrolled', name: 'Unrolled network' },
  { id: 'heatmap', name: 'Hidden state heatmap' },
] as const;

/** The image export controls. */
export function ImageExport() {
  const [view, setView] = useState<(typeof VIEWS)[number]['id']>('unrolled');
  const [format, setFormat] = useState<'svg' | 'png'>('png');
  const [scale, setScale] = useState(2);
  const [message, setMessage] = useState('');
  const save = async () => {
    const section = document.querySelector<HTMLElement>(`section[aria-labelledby="${view}-title"]`);
    const name = VIEWS.find((v) => v.id === view)!.name;
    if (!section) { setMessage(`${name} is hidden: show it under Panels first.`); return; }
    try {
      const body = section.querySelector<HTMLElement>('.unrolled-scroll, .heatmaps, svg')?.closest<HTMLElement>('.unrolled-scroll, .heatmaps') ?? section;
      const { svg, width, height } = viewToSvg(body, name);
      const file = `rnn-unfold-${view}`;
      if (format === 'svg') download(new TextEncoder().encode(svg), `${file}.svg`);
      else download(await svgToPng(svg, width, height, scale), `${file}@${scale}x.png`);
      setMessage(`Saved ${name} as ${format.toUpperCase()}.`);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <fieldset className="image-export">
      <legend>Save a view as an image</legend>
      <label>View{' '}
        <select aria-label="View to save" value={view} onChange={(e) => setView(e.currentTarget.value as typeof view)}>
          {VIEWS.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
        </select>
      </label>
      <label>Format{' '}
        <select aria-label="Image format" value={format} onChange={(e) => setFormat(e.currentTarget.value as 'svg' | 'png')}>
          <option value="png">PNG</option><option value="svg">SVG</option>
        </select>
      </label>
      {format === 'png' && (
        <label>Scale{' '}
          <select aria-label="Image scale" value={scale} onChange={(e) => setScale(Number(e.currentTarget.value))}>
            {[1, 2, 3, 4].map((s) => <option key={s} value={s}>{`${s}×`}</option>)}
          </select>
        </label>
      )}
      <button type="button" onClick={() => void save()}>Save image</button>
      <span className="note" aria-live="polite">{message}</span>
    </fieldset>
  );
}
