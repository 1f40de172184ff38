/** Model files through the worker: import (any supported format) and export (native JSON or safetensors). */
import type { ImportOptions, ImportedModel, TfjsFile } from '../engine/io';
import type { Model, Trace } from '../engine/types';
import { unwrapOutcome as unwrap, type EngineClient } from './engineClient';

/** The model-file calls, as the store sees them. Failures reject with the reader's message. */
export interface FilesPort {
  /** Reads a model file in the worker; null when a newer import superseded it. */
  importModelFile(bytes: Uint8Array, fileName: string, options?: ImportOptions): Promise<ImportedModel | null>;
  /** Reads a TF.js layers model (model.json and its .bin files) in the worker; null when a newer import superseded it. */
  importTfjsFiles(files: TfjsFile[], options?: ImportOptions): Promise<ImportedModel | null>;
  /** Writes a model file in the worker. */
  exportModelFile(model: Model, format: 'native' | 'safetensors', meta: { appVersion: string; seed?: number; init?: 'pytorch' | 'xavier' | 'orthogonal'; names?: Record<string, string> }): Promise<Uint8Array | null>;
  /** Writes a trace (JSON in the trace command's schema, or CSV) in the worker; the trace is copied there. */
  exportTraceFile(model: Model, trace: Trace, tokens: string[][], format: 'json' | 'csv', appVersion: string): Promise<Uint8Array | null>;
}


/** The files port over an engine client. */
export function createFilesPort(client: EngineClient): FilesPort {
  return {
    async importModelFile(bytes, fileName, options) {
      // The caller keeps its copy (a re-import with other options reads it again): send a copy.
      return unwrap(await client.invoke('call:import', 'importModelFile', { bytes: bytes.slice(), fileName, options }).result);
    },
    async importTfjsFiles(files, options) {
      return unwrap(await client.invoke('call:import', 'importTfjsFiles', { files, options }).result);
    },
    async exportModelFile(model, format, meta) {
      return unwrap(await client.invoke('call:export', 'exportModelFile', { model, format, ...meta }).result);
    },
    async exportTraceFile(model, trace, tokens, format, appVersion) {
      return unwrap(await client.invoke('call:export', 'exportTraceFile', { model, trace, tokens, format, appVersion }).result);
    },
  };
}
