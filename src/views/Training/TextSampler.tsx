/** Text generation from the trained model: a prompt, a temperature and a length; draws seeded by the training seed. */
import { useState } from 'react';
import { useAppStore } from '../../store/useAppStore';
import { NumberField } from './NumberField';

/** The generator's controls and its output (prompt in bold, continuation after it). */
export function TextSampler() {
  const firstWord = useAppStore((s) => (s.trainTask === 'own' ? s.input : s.trainText).split(/[\s\n]/)[0]?.slice(0, 3) || 'h');
  const sample = useAppStore((s) => s.trainSample);
  const generateText = useAppStore((s) => s.generateText);
  const [prompt, setPrompt] = useState<string | null>(null);
  const [temperature, setTemperature] = useState(0.5);
  const [length, setLength] = useState(40);
  const [lengthBad, setLengthBad] = useState(false);
  const shownPrompt = prompt ?? firstWord;
  return (
    <fieldset className="training-sample">
      <legend>Generate text</legend>
      <div className="training-field">
        <label htmlFor="training-prompt">Prompt</label>
        <input id="training-prompt" type="text" value={shownPrompt} spellCheck={false} autoComplete="off" onChange={(e) => setPrompt(e.currentTarget.value)} />
      </div>
      <div className="training-field">
        <label htmlFor="training-temperature">Temperature</label>
        <input id="training-temperature" type="range" min={0.1} max={2} step={0.1} value={temperature}
          aria-valuetext={`${temperature.toFixed(1)}`} onChange={(e) => setTemperature(Number(e.currentTarget.value))} />
        <span aria-hidden="true" className="training-value">{temperature.toFixed(1)}</span>
      </div>
      <NumberField label="Characters" value={length} step={1} min={1} max={500} onValidity={setLengthBad}
        onCommit={(v) => (Number.isInteger(v) && v >= 1 && v <= 500 ? (setLength(v), null) : 'Generate 1 to 500 characters.')} />
      <button type="button" disabled={lengthBad || shownPrompt.length === 0} onClick={() => void generateText(shownPrompt, length, temperature)}>Generate</button>
      <p className="note">Low temperature picks the likeliest next character; high temperature draws more freely.</p>
      <p className="training-sample-out" aria-live="polite">
        {sample && <><strong>{sample.prompt}</strong>{sample.text}</>}
      </p>
    </fieldset>
  );
}
