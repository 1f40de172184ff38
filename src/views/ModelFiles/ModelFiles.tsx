/**
 * Bring your own model: import a model file (or a TF.js model.json with its .bin files) by the file picker or by
 * dropping them here, see what it is, choose σ
 * where the file does not say, load a vocabulary, and export the current model. Files never leave the browser.
 */
// The panel is a drop target for pointer users; "Import model…" is the keyboard path to the same action.
/* oxlint-disable jsx-a11y/no-noninteractive-element-interactions */
import { useRef, useState, type DragEvent } from 'react';
import type { Nonlinearity } from '../../engine/types';
import { useAppStore } from '../../store/useAppStore';
import { download } from '../download';

/** What Export writes. */
type ExportFormat = 'native' | 'safetensors' | 'trace-json' | 'trace-csv';

/** Reads a File's bytes. */
async function bytesOf(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/** Whether a chosen file is a TF.js model.json: JSON with a weightsManifest (the engine checks the rest). */
function isTfjsModelJson(f: { name: string; bytes: Uint8Array }): boolean {
  return /\.json$/i.test(f.name) && new TextDecoder().decode(f.bytes).includes('"weightsManifest"');
}

/** The summary's name of a format. */
const FORMAT_LABEL: Record<string, string> = { state_dict: 'PyTorch state_dict', tfjs: 'TF.js layers model' };

/** The model-files panel. */
export function ModelFiles() {
  const imported = useAppStore((s) => s.imported);
  const model = useAppStore((s) => s.model);
  const importModelFile = useAppStore((s) => s.importModelFile);
  const importTfjsFiles = useAppStore((s) => s.importTfjsFiles);
  const importVocabularyFile = useAppStore((s) => s.importVocabularyFile);
  const setImportedNonlinearity = useAppStore((s) => s.setImportedNonlinearity);
  const exportModel = useAppStore((s) => s.exportModel);
  const [dragging, setDragging] = useState(false);
  const [exportFormat, setExportFormat] = useState<ExportFormat>('native');
  const exportTrace = useAppStore((s) => s.exportTrace);
  const modelInput = useRef<HTMLInputElement>(null);
  const vocabInput = useRef<HTMLInputElement>(null);
  // Several files are a TF.js model.json and its weights; otherwise the first file is the model.
  const readModels = async (chosen: File[]) => {
    const files = await Promise.all(chosen.map(async (f) => ({ name: f.name, bytes: await bytesOf(f) })));
    if (files.some(isTfjsModelJson)) await importTfjsFiles(files);
    else if (files[0]) await importModelFile(files[0].bytes, files[0].name);
  };
  const onDrop = (e: DragEvent) => { e.preventDefault(); setDragging(false); void readModels(Array.from(e.dataTransfer.files)); };
  const save = async (format: ExportFormat) => {
    const f = format === 'trace-json' ? await exportTrace('json') : format === 'trace-csv' ? await exportTrace('csv') : await exportModel(format);
    if (f) download(f.bytes, f.fileName);
  };
  const c = model?.config;
  return (
    <section className={`model-files${dragging ? ' dragging' : ''}`} aria-label="Model files"
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <div className="file-buttons">
        <button type="button" onClick={() => modelInput.current?.click()}>Import model</button>
        <input ref={modelInput} type="file" hidden multiple accept=".json,.safetensors,.bin,application/json" aria-label="Model file"
          onChange={(e) => { const files = Array.from(e.currentTarget.files ?? []); e.currentTarget.value = ''; void readModels(files); }} />
        <button type="button" onClick={() => vocabInput.current?.click()} disabled={!model}>Load vocabulary</button>
        <input ref={vocabInput} type="file" hidden accept=".json,application/json" aria-label="Vocabulary file"
          onChange={async (e) => { const f = e.currentTarget.files?.[0]; e.currentTarget.value = ''; if (f) await importVocabularyFile(await bytesOf(f)); }} />
        <label className="export-format">Export as{' '}
          <select aria-label="Export format" value={exportFormat} onChange={(e) => setExportFormat(e.currentTarget.value as ExportFormat)}>
            <option value="native">model JSON (rnn-unfold)</option>
            <option value="safetensors">model .safetensors (PyTorch)</option>
            <option value="trace-json">trace JSON (h, c, gates, y per step)</option>
            <option value="trace-csv">trace CSV (one row per step)</option>
          </select>
        </label>
        <button type="button" onClick={() => void save(exportFormat)} disabled={!model}>Export</button>
      </div>
      <p className="note">Drop a model file here: native JSON, a PyTorch state_dict saved as JSON, .safetensors (F32, F64, F16, BF16), or a TF.js model.json together with its .bin files. It is read in this browser only.</p>
      {imported && c && (
        <div className="import-summary" aria-live="polite">
          <p>
            <strong>{imported.fileName}</strong>{` (${FORMAT_LABEL[imported.format] ?? imported.format}): `}
            {`${c.cell.toUpperCase()}, ${c.numLayers} layer${c.numLayers > 1 ? 's' : ''}, input ${c.embeddingSize ? `${c.embeddingSize} tokens → embedding ${c.inputSize}` : c.inputSize}, hidden ${c.hiddenSize}, `}
            {`${c.outputSize ? `output ${c.outputSize} (${c.outputActivation})` : 'no output layer'}, ${imported.parameters.toLocaleString('en')} parameters, `}
            {model.vocabulary.length ? `vocabulary of ${model.vocabulary.length}` : 'no vocabulary'}.
          </p>
          {imported.warnings.map((w) => <p key={w} className="note">{w}</p>)}
          {imported.nonlinearityOpen && (
            <label>The file does not say which σ its RNN uses: {' '}
              <select aria-label="Imported activation" value={c.nonlinearity} onChange={(e) => void setImportedNonlinearity(e.currentTarget.value as Nonlinearity)}>
                <option value="tanh">tanh</option><option value="relu">ReLU</option><option value="sigmoid">sigmoid</option><option value="identity">identity</option>
              </select>
            </label>
          )}
        </div>
      )}
    </section>
  );
}
