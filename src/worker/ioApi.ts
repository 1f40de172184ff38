/** Worker methods for model files: parsing and writing run here, off the main thread. Imports engine/ only. */
import { transfer } from 'comlink';
import { exportNative, exportSafetensors, importModel, importTfjsModel, type ImportOptions, type ImportedModel, type TfjsFile } from '../engine/io';
import { traceToCsv, traceToJson } from '../engine/io/traceExport';
import type { Model, Trace } from '../engine/types';
import { collectBuffers } from './transferables';

/** A file to read: its bytes (transferred) and its name (for the format fallback and messages). */
export interface ImportRequest {
  /** The file's bytes. */
  bytes: Uint8Array;
  /** The file's name. */
  fileName: string;
  /** Overrides for what the file does not record (σ, output activation, GRU variant). */
  options?: ImportOptions;
}

/** A TF.js layers model to read: model.json and its .bin weight files. */
export interface TfjsImportRequest {
  /** The chosen files, model.json among them. */
  files: TfjsFile[];
  /** Overrides of what the files say. */
  options?: ImportOptions;
}

/** A model to write. */
export interface ExportRequest {
  /** The model. */
  model: Model;
  /** 'native' JSON or 'safetensors' (with the native config in its metadata). */
  format: 'native' | 'safetensors';
  /** Version of the app that writes the file. */
  appVersion: string;
  /** Seed and scheme the model was initialised with. */
  seed?: number;
  /** Initialisation scheme. */
  init?: 'pytorch' | 'xavier' | 'orthogonal';
  /** Tensor names to write (state_dict names of an imported model). */
  names?: Record<string, string>;
}

/** A trace to write. */
export interface TraceExportRequest {
  /** The model that made it. */
  model: Model;
  /** The batch trace. */
  trace: Trace;
  /** Tokens of every sample. */
  tokens: string[][];
  /** JSON (the trace command's schema, plus gates) or CSV. */
  format: 'json' | 'csv';
  /** Version of the app that writes the file. */
  appVersion: string;
}

/** Creates the model-file methods. */
export function createIoApi() {
  return {
    /** Reads a model file (native JSON, PyTorch state_dict JSON or safetensors); throws a readable EngineError. */
    async importModelFile(req: ImportRequest): Promise<ImportedModel> {
      const imported = importModel(req.bytes, req.fileName, req.options ?? {});
      return transfer(imported, collectBuffers(imported));
    },
    /** Reads a TF.js layers model (model.json and its .bin files); throws a readable EngineError. */
    async importTfjsFiles(req: TfjsImportRequest): Promise<ImportedModel> {
      const imported = importTfjsModel(req.files, req.options ?? {});
      return transfer(imported, collectBuffers(imported));
    },
    /** Writes a model file; the bytes come back transferred. */
    async exportModelFile(req: ExportRequest): Promise<Uint8Array> {
      const meta = { appVersion: req.appVersion, seed: req.seed, init: req.init };
      const bytes = req.format === 'native'
        ? new TextEncoder().encode(exportNative(req.model, meta))
        : exportSafetensors(req.model, { ...meta, names: req.names });
      return transfer(bytes, [bytes.buffer as ArrayBuffer]);
    },
    /** Writes a trace as JSON or CSV; the bytes come back transferred. */
    async exportTraceFile(req: TraceExportRequest): Promise<Uint8Array> {
      const meta = { appVersion: req.appVersion, tokens: req.tokens };
      const bytes = new TextEncoder().encode(req.format === 'json' ? traceToJson(req.model, req.trace, meta) : traceToCsv(req.model, req.trace, meta));
      return transfer(bytes, [bytes.buffer as ArrayBuffer]);
    },
  };
}
