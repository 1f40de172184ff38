/**
 * The input editor: text over the model's vocabulary (listed under it), one step per character; several lines make
 * a batch of sequences, and a picker chooses the one the views show.
 */
import { useState } from 'react';
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
  const task = useAppStore((s) => s.settings.task);
  const setTask = useAppStore((s) => s.setTask);
  const busy = useAppStore((s) => s.busy);
  const numbers = task === 'numbers';
  const rows = numbers ? 4 : Math.min(4, Math.max(1, input.split('\n').length));
  return (
    <div className="input-editor">
      <fieldset className="input-kind">
        <legend>Input kind</legend>
        <label><input type="radio" name="input-kind" checked={!numbers} disabled={busy === 'training'} onChange={() => void setTask('text')} /> Text</label>
        <label><input type="radio" name="input-kind" checked={numbers} disabled={busy === 'training'} onChange={() => void setTask('numbers')} /> Numbers</label>
      </fieldset>
      <label htmlFor="input-sequence">Input sequence</label>
      <textarea
        id="input-sequence" value={input} spellCheck={false} autoComplete="off" rows={rows}
        onChange={(e) => void setInput(e.currentTarget.value)}
        aria-describedby="vocabulary-note"
      />
      {numbers ? (
        <>
          <p id="vocabulary-note" className="note">One step per line; paste a column, or CSV rows (a header line is skipped). The model forecasts the next value.</p>
          <SeriesGenerators />
        </>
      ) : (
        <p id="vocabulary-note" className="note">
          One step per character; one sequence per line (a batch of up to 16). Vocabulary: {vocabulary ? vocabulary.map(showToken).join(' ') : '…'}
        </p>
      )}
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

/** Buttons that fill the input with a generated series of a chosen length. */
function SeriesGenerators() {
  const generateInput = useAppStore((s) => s.generateInput);
  const streaming = useAppStore((s) => s.streaming);
  const streamSeries = useAppStore((s) => s.streamSeries);
  const [length, setLength] = useState('40');
  const T = Math.max(1, Math.min(2000, Math.round(Number(length)) || 40));
  return (
    <div className="generators" role="group" aria-label="Generate a series">
      <label>Steps <input type="number" aria-label="Steps" min={1} max={2000} value={length} onChange={(e) => setLength(e.currentTarget.value)} /></label>
      <button type="button" onClick={() => void generateInput('sine', T)}>Sine</button>
      <button type="button" onClick={() => void generateInput('square', T)}>Square</button>
      <button type="button" onClick={() => void generateInput('random-walk', T)}>Random walk</button>
      {streaming
        ? <button type="button" onClick={() => streamSeries(null)}>Stop the stream</button>
        : <button type="button" onClick={() => streamSeries('sine')} title="Live feed: a new sine value arrives at the playback speed and is fed at once">Stream a sine live</button>}
    </div>
  );
}
