/** The help overlay listing the keyboard shortcuts; opened by its button or the ? key, closed by Escape. */
import { useEffect, useRef } from 'react';

const KEYS: [string, string][] = [
  ['→ or PageDown', 'Step forward'],
  ['← or PageUp', 'Step back'],
  ['Space', 'Play or pause'],
  ['Home', 'Back to t = 0'],
  ['End', 'Jump to the last step'],
  ['← → in the Backward controls', 'Step back / forward in time through BPTT'],
  ['Ctrl+Z (⌘Z)', 'Undo a model change'],
  ['Ctrl+Shift+Z or Ctrl+Y', 'Redo it'],
  ['B', 'Blank the screen (again to come back)'],
  ['F', 'Full screen on or off'],
  ['?', 'Show this list'],
  ['Esc', 'Close it'],
];

/** A modal list of keys. Keys never act while focus is in a text field or a select. */
export function KeyboardHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') { e.preventDefault(); onClose(); } };
    window.addEventListener('keydown', onKey);
    return () => { window.removeEventListener('keydown', onKey); previous?.focus?.(); };
  }, [open, onClose]);
  if (!open) return null;
  return (
    <div className="overlay">
      <div role="dialog" aria-modal="true" aria-labelledby="keys-title" className="dialog">
        <h2 id="keys-title">Keyboard shortcuts</h2>
        <table>
          <tbody>{KEYS.map(([k, v]) => <tr key={k}><th scope="row"><kbd>{k}</kbd></th><td>{v}</td></tr>)}</tbody>
        </table>
        <p className="note">Stepping keys work everywhere except while you type in a text field or choose in a list; undo and redo work everywhere but in text fields, where they undo your typing. A presentation clicker sends PageUp/PageDown, so it steps too.</p>
        <button type="button" ref={closeRef} onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
