/**
 * The input editor: text over the model's vocabulary (listed under it), one step per character; several lines make
 * a batch of sequences, and a picker chooses the one the views show.
 */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { showToken } from '../shared';

/** Text fed to the model, one character per step, one sequence per line. */
export function InputEditor() {
  const input = useAppStore((s) => s.input);
  const setInput = useAppStore((s) => s.setInput);
  const vocabulary = useAppStore((s) => s.model?.vocabulary);
  const live = useAppStore((s) => s.live);
  const setLive = useAppStore((s) => s.setLive);
  const { sample, lines } = useAppStore(useShallow((s) => ({ sample: s.sample, lines: s.batchTokens.length })));
  const setSample = useAppStore((s) => s.setSample);
  const batchTokens = useAppStore((s) => s.batchTokens);
  const rows = Math.min(4, Math.max(1, input.split('\n').length));
  return (
    <div className="input-editor">
      <label htmlFor="input-sequence">Input sequence</label>
      <textarea
        id="input-sequence" value={input} spellCheck={false} autoComplete="off" rows={rows}
        onChange={(e) => void setInput(e.currentTarget.value)}
        aria-describedby="vocabulary-note"
      />
      <p id="vocabulary-note" className="note">
        One step per character; one sequence per line (a batch of up to 16). Vocabulary: {vocabulary ? vocabulary.map(showToken).join(' ') : '…'}
      </p>
      <div className="input-options">
        <label className="live-toggle">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} />
          {' '}Live feed: each character typed at the end is fed as the next step at once
        </label>
        {lines > 1 && (
          <label>Sample shown{' '}
            <select aria-label="Sample shown" value={sample} onChange={(e) => setSample(Number(e.currentTarget.value))}>
              {batchTokens.map((toks, b) => <option key={b} value={b}>{`${b + 1}: ${toks.join('').slice(0, 24)}`}</option>)}
            </select>
          </label>
        )}
      </div>
    </div>
  );
}
