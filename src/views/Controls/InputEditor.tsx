/** The input sequence editor: text over the model's vocabulary, which is listed beside it. */
import { useAppStore } from '../../store/useAppStore';

/** Text input fed to the model, one character per step. */
export function InputEditor() {
  const input = useAppStore((s) => s.input);
  const setInput = useAppStore((s) => s.setInput);
  const vocabulary = useAppStore((s) => s.model?.vocabulary);
  const live = useAppStore((s) => s.live);
  const setLive = useAppStore((s) => s.setLive);
  return (
    <div className="input-editor">
      <label htmlFor="input-sequence">Input sequence</label>
      <input
        id="input-sequence" type="text" value={input} spellCheck={false} autoComplete="off"
        onChange={(e) => void setInput(e.currentTarget.value)}
        aria-describedby="vocabulary-note"
      />
      <label className="live-toggle">
        <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} />
        {' '}Live feed: each character typed at the end is fed as the next step at once
      </label>
      <p id="vocabulary-note" className="note">
        One step per character. Vocabulary: {vocabulary ? vocabulary.map((c) => (c === ' ' ? '␣' : c)).join(' ') : '…'}
      </p>
    </div>
  );
}
