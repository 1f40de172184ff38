/**
 * Sharing: "Copy link" copies the page's link, which the app keeps up to date with the whole setup (see
 * docs/url-schema.md); "Panels" chooses what the link shows; "New session" starts afresh.
 */
import { useState } from 'react';
import { HIDEABLE } from '../../store/persist/hideable';
import { useAppStore } from '../../store/useAppStore';

const NAMES: Record<(typeof HIDEABLE)[number], string> = {
  folded: 'Recurrent neuron', unrolled: 'Unrolled over time', heatmap: 'Hidden state', formula: 'Formula', weights: 'Weights', debug: 'Debug',
  training: 'Training', backward: 'Backpropagation', lab: 'Gradient lab', files: 'Model files', model: 'Model settings', notation: 'Notation',
};
const SHOWN: (typeof HIDEABLE)[number][] = ['folded', 'unrolled', 'heatmap', 'formula', 'weights', 'debug', 'training', 'backward', 'lab'];

/** The share controls in the page header. */
export function ShareControls({ onNewSession }: { onNewSession?: () => void }) {
  const linkNote = useAppStore((s) => s.linkNote);
  const saveNote = useAppStore((s) => s.saveNote);
  const hidden = useAppStore((s) => s.hiddenPanels);
  const setPanelHidden = useAppStore((s) => s.setPanelHidden);
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const projector = useAppStore((s) => s.projector);
  const setProjector = useAppStore((s) => s.setProjector);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied('Link copied.');
    } catch {
      setCopied('Copying was not allowed: copy the address bar instead.');
    }
  };
  return (
    <div className="share">
      <button type="button" aria-pressed={projector} onClick={() => setProjector(!projector)}>Projector mode</button>
      <label>Theme{' '}
        <select aria-label="Theme" value={theme} onChange={(e) => setTheme(e.currentTarget.value as 'light' | 'dark' | 'contrast')}>
          <option value="light">light</option><option value="dark">dark</option><option value="contrast">high contrast</option>
        </select>
      </label>
      <button type="button" onClick={() => void copy()} title={linkNote ?? 'The link opens this exact setup: model, input, step and selection'}>Copy link</button>
      <span className="note" aria-live="polite">{copied ?? ''}{linkNote ? ` ${linkNote}` : ''}</span>
      {saveNote && <p className="note save-note" role="alert">{saveNote}</p>}
      <details className="panels">
        <summary>Panels</summary>
        <fieldset>
          <legend className="visually-hidden">Panels shown</legend>
          {SHOWN.map((id) => (
            <label key={id}>
              <input type="checkbox" checked={!hidden.includes(id)} onChange={(e) => setPanelHidden(id, !e.currentTarget.checked)} /> {NAMES[id]}
            </label>
          ))}
        </fieldset>
      </details>
      {onNewSession && <button type="button" onClick={onNewSession}>New session</button>}
    </div>
  );
}
