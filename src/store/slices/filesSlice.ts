/**
 * The files slice: import a model file (native JSON, PyTorch state_dict JSON, safetensors, or a TF.js model.json with
 * its .bin files) and a vocabulary file, and export the current model. An import goes on the undo stack; a refused
 * file changes nothing.
 */
import type { ImportedModel, ImportOptions, TfjsFile } from '../../engine/io';
import { namedParams } from '../../engine/named';
import type { Model, Nonlinearity } from '../../engine/types';
import type { EnginePort } from '../port';
import type { ModelSettings } from '../types';
import { messageOf, type SliceArgs } from './sliceArgs';
import { APP_VERSION } from '../../version';

/** What the last import said about the file, for the summary. */
export interface ImportSummary {
  /** The file's name. */
  fileName: string;
  /** The format it was read as. */
  format: 'native' | 'state_dict' | 'safetensors' | 'tfjs';
  /** What was assumed (e.g. σ = tanh for a state_dict). */
  warnings: string[];
  /** Number of parameters. */
  parameters: number;
  /** Whether the file left σ open (an RNN from a state_dict), so the user may choose it. */
  nonlinearityOpen: boolean;
}

/** Plain data of the files feature. */
export interface FilesData {
  /** Summary of the model file last imported, or null. */
  imported: ImportSummary | null;
  /** The file's parameter names by canonical name, written back on export; null for models built here. */
  modelNames: Record<string, string> | null;
  /** The bytes of the last imported file, to read again with another σ; null after a TF.js import. */
  importedBytes: Uint8Array | null;
}

/** Actions of the files feature. */
export interface FilesActions {
  /** Reads a model file; on success the model replaces the current one (undoable), else an error names the problem. */
  importModelFile(bytes: Uint8Array, fileName: string, options?: ImportOptions): Promise<void>;
  /** Reads a TF.js layers model from model.json and its .bin files; on success as importModelFile, else an error. */
  importTfjsFiles(files: TfjsFile[], options?: ImportOptions): Promise<void>;
  /** Reads the last imported file again with another σ (a state_dict does not record it). */
  setImportedNonlinearity(nonlinearity: Nonlinearity): Promise<void>;
  /** Gives the current model a vocabulary from a JSON list of tokens. */
  importVocabularyFile(bytes: Uint8Array): Promise<void>;
  /** The current model as a file: native JSON or safetensors; null when there is no model. */
  exportModel(format: 'native' | 'safetensors'): Promise<{ bytes: Uint8Array; fileName: string } | null>;
  /** The current trace (every sample) as JSON in the trace command's schema, or CSV; null when there is none. */
  exportTrace(format: 'json' | 'csv'): Promise<{ bytes: Uint8Array; fileName: string } | null>;
}

/** Initial files data. */
export function initialFilesData(): FilesData {
  return { imported: null, modelNames: null, importedBytes: null };
}

/** Settings that describe an imported model (so the panel shows what it is). */
function settingsOf(model: Model, before: ModelSettings, meta: { seed?: number; init?: ModelSettings['init'] }): ModelSettings {
  const c = model.config;
  return {
    cell: c.cell, hiddenSize: c.hiddenSize, numLayers: c.numLayers, nonlinearity: c.nonlinearity,
    outputActivation: c.outputActivation, seed: meta.seed ?? before.seed, init: meta.init ?? before.init,
    task: model.vocabulary.length > 0 ? 'text' : 'numbers',
  };
}

/** Files actions over the engine port. */
export function createFilesSlice(engine: EnginePort, [set, get]: SliceArgs): FilesActions {
  /** Runs one import; on success the model replaces the current one (undoable), else an error keeps everything. */
  const importWith = async (read: () => Promise<ImportedModel | null>, fileName: string, bytes: Uint8Array | null) => {
    set({ busy: 'running' });
    try {
      const r = await read();
      if (!r) return;
      const { model } = r;
      const s = get();
      const settings = settingsOf(model, s.settings, r.meta);
      const parameters = namedParams(model).reduce((n, t) => n + t.data.length, 0);
      const nonlinearityOpen = bytes !== null && r.format !== 'native' && model.config.cell === 'rnn' && r.warnings.some((w) => /nonlinearity|σ|tanh/i.test(w));
      // Keep the user's input when the new model reads the same kind; else bring back that kind's last input.
      const sameKind = settings.task === s.settings.task;
      const inputsByTask = { ...s.inputsByTask, [s.settings.task]: s.input };
      const input = sameKind ? s.input : inputsByTask[settings.task] ?? (settings.task === 'numbers' ? Array(10).fill(Array(model.config.inputSize).fill('0').join(', ')).join('\n') : s.input);
      set({
        imported: { fileName, format: r.format, warnings: r.warnings, parameters, nonlinearityOpen },
        modelNames: r.names, importedBytes: bytes, inputsByTask, input, h0: null, c0: null, sample: 0, step: 0,
      });
      await get().commitModel(model, settings, `import ${fileName}`, null);
    } catch (e) {
      set({ error: `${fileName}: ${messageOf(e)} The current model and input are unchanged.`, busy: 'idle' });
    }
  };
  return {
    async importModelFile(bytes, fileName, options = {}) {
      await importWith(() => engine.importModelFile(bytes, fileName, options), fileName, bytes);
    },
    async importTfjsFiles(files, options = {}) {
      // TF.js files record σ, so there is nothing to read again with another one: no bytes are kept.
      await importWith(() => engine.importTfjsFiles(files, options), files.map((f) => f.name).join(' + '), null);
    },
    async setImportedNonlinearity(nonlinearity) {
      const { importedBytes, imported } = get();
      if (!importedBytes || !imported) return;
      await get().importModelFile(importedBytes, imported.fileName, { nonlinearity });
    },
    async importVocabularyFile(bytes) {
      const { model, settings } = get();
      if (!model) return;
      try {
        // The file readers (and their validator) load when first needed, not with the page.
        const { importVocabulary } = await import('../../engine/io');
        const vocabulary = importVocabulary(bytes, model);
        await get().commitModel({ ...model, vocabulary }, { ...settings, task: 'text' }, 'import vocabulary', get().trainLoss);
      } catch (e) {
        set({ error: `Vocabulary file: ${messageOf(e)} The model is unchanged.` });
      }
    },
    async exportTrace(format) {
      const { model, batchTrace, batchTokens } = get();
      if (!model || !batchTrace) return null;
      try {
        const bytes = await engine.exportTraceFile(model, batchTrace, batchTokens, format, APP_VERSION);
        return bytes && { bytes, fileName: `rnn-unfold-trace.${format}` };
      } catch (e) {
        set({ error: `Export: ${messageOf(e)}` });
        return null;
      }
    },
    async exportModel(format) {
      const { model, settings, modelNames } = get();
      if (!model) return null;
      try {
        const bytes = await engine.exportModelFile(model, format, { appVersion: APP_VERSION, seed: settings.seed, init: settings.init, names: modelNames ?? undefined });
        if (!bytes) return null;
        const base = `rnn-unfold-${settings.cell}-h${settings.hiddenSize}`;
        return { bytes, fileName: format === 'native' ? `${base}.json` : `${base}.safetensors` };
      } catch (e) {
        set({ error: `Export: ${messageOf(e)}` });
        return null;
      }
    },
  };
}
