/**
 * Model files: one entry point that reads any supported file, telling the format by content, and the writers.
 * Pure TypeScript over Uint8Array and strings, so it runs in the worker, the page and Node alike.
 *
 * | format | read | write |
 * |---|---|---|
 * | native JSON (docs/model-format.md) | yes | exportNative |
 * | PyTorch state_dict JSON (`{name: tensor.tolist()}`) | yes | exportStateDict |
 * | safetensors (F32, F64, F16, BF16) | yes | exportSafetensors (F32 or F64) |
 * | PyTorch .pt / .pth | refused, with the two lines that save safetensors | — |
 * | TF.js layers model (model.json + .bin files) | importTfjsModel | — |
 */
import { EngineError } from '../errors';
import { validateConfig } from '../init';
import { namedParams, paramShapes } from '../named';
import { dtypeOf } from '../tensor';
import type { DType, Model, ModelConfig, Nonlinearity, OutputActivation } from '../types';
import { assembleModel } from './assemble';
import { detectKind, refuseKind } from './detect';
import { inferStructure, type InferredStructure, type ShapeConfig } from './infer';
import { nativeHeaderOf, parseNative, parseNativeHeader, type ModelMeta } from './native';
import { readSafetensors, writeSafetensors } from './safetensors';
import type { NativeHeader } from './schema';
import { parseStateDict } from './stateDict';
import type { SourceTensor } from './tensors';
import { decodeUtf8, parseJsonLenient } from './text';

export { exportNative, type ModelMeta } from './native';
export { exportStateDict } from './stateDict';
export { importVocabulary, checkVocabulary } from './vocabulary';
export { nest } from './numbers';
export { PYTORCH_FILE_MESSAGE } from './detect';
export { MAX_TOTAL_ELEMENTS, MAX_HEADER_BYTES } from './limits';
export { importTfjsModel, type TfjsFile } from './tfjs';

/** The safetensors metadata key holding the native header (config, vocabulary, …) as JSON text. */
export const SAFETENSORS_METADATA_KEY = 'rnn_unfold';

/** A model file format. */
export type ModelFormat = 'native' | 'state_dict' | 'safetensors' | 'tfjs';

/** Options of importModel. */
export interface ImportOptions {
  /** Storage dtype of the model; float32, the engine's default, unless given. */
  dtype?: DType;
  /** σ of an RNN cell, overriding the file's (a state_dict does not record it: tanh by default). */
  nonlinearity?: Nonlinearity;
  /** The output activation, overriding the file's (identity by default when the file does not record it). */
  outputActivation?: OutputActivation;
  /** GRU variant, overriding the file's (PyTorch's reset-after by default). */
  gruResetAfter?: boolean;
}

/** An imported model. */
export interface ImportedModel {
  /** The model. */
  model: Model;
  /** The name the file gave each canonical parameter name (identity for native files), for reporting gradients. */
  names: Record<string, string>;
  /** What was assumed, for the user to see. */
  warnings: string[];
  /** The format the file was read as. */
  format: ModelFormat;
  /** appVersion, seed and init when the file records them. */
  meta: ModelMeta;
}

/** What the writers record besides the model. */
export interface ExportMeta extends ModelMeta {
  /** Tensor names to write, by canonical name (e.g. ImportedModel.names); state_dict and safetensors only. */
  names?: Readonly<Record<string, string>>;
  /** safetensors dtype; the model's own (F32 for float32, F64 for float64) by default. */
  dtype?: 'F32' | 'F64';
}

/** Fills what shapes cannot tell from a native header, or from defaults with a warning each. */
function completeConfig(shape: ShapeConfig, header: NativeHeader | null, options: ImportOptions, warnings: string[]): ModelConfig {
  if (header) {
    for (const key of Object.keys(shape) as (keyof ShapeConfig)[]) {
      if (header.config[key] !== shape[key]) {
        throw new EngineError(`The "${SAFETENSORS_METADATA_KEY}" metadata gives ${key} = ${header.config[key]}, but the tensors give ${shape[key]}.`);
      }
    }
    return { ...header.config };
  }
  if (shape.cell === 'rnn' && !options.nonlinearity) warnings.push("The file does not record the RNN's nonlinearity: tanh assumed (PyTorch's default).");
  if (shape.outputSize > 0 && !options.outputActivation) warnings.push('The file does not record the output activation: identity assumed (the output layer gives raw values).');
  if (shape.embeddingSize > 0) warnings.push(`The file has no vocabulary: inputs are token ids 0 to ${shape.embeddingSize - 1} until a vocabulary file is loaded.`);
  const { cell, inputSize, hiddenSize, numLayers, bias, embeddingSize, outputSize } = shape;
  return { cell, inputSize, hiddenSize, numLayers, nonlinearity: 'tanh', gruResetAfter: true, bias, embeddingSize, outputSize, outputActivation: 'identity' };
}

/** Canonical name → itself, for formats that use the canonical names. */
function identityNames(config: ModelConfig): Record<string, string> {
  return Object.fromEntries(paramShapes(config).map(({ name }) => [name, name]));
}

/** Reads a state_dict JSON object, or a safetensors file when `json` is undefined. */
function importTensors(bytes: Uint8Array, json: unknown, options: ImportOptions, dtype: DType): ImportedModel {
  const warnings: string[] = [];
  let header: NativeHeader | null = null;
  let sources: ReadonlyMap<string, SourceTensor>, structure: InferredStructure;
  if (json === undefined) {
    const st = readSafetensors(bytes);
    const text = st.metadata?.[SAFETENSORS_METADATA_KEY];
    const what = `The "${SAFETENSORS_METADATA_KEY}" metadata`;
    if (text !== undefined) header = parseNativeHeader(parseJsonLenient(text, what), what);
    sources = st.sources;
    structure = inferStructure([...sources.values()]);
  } else {
    ({ sources, structure } = parseStateDict(json));
  }
  const config = completeConfig(structure.config, header, options, warnings);
  const model = assembleModel({ config, vocabulary: header?.vocabulary ?? [], names: structure.names, sources, dtype });
  const meta: ModelMeta = header ? { appVersion: header.appVersion, seed: header.seed, init: header.init } : {};
  return { model, names: structure.names, warnings, format: json === undefined ? 'safetensors' : 'state_dict', meta };
}

/**
 * Reads a model file of any supported format, told by content.
 * @throws EngineError with a message for the user (which key, which shape, what to do).
 * @example const { model, names, warnings } = importModel(new Uint8Array(await file.arrayBuffer()), file.name);
 */
export function importModel(bytes: Uint8Array, fileName: string, options: ImportOptions = {}): ImportedModel {
  const dtype = options.dtype ?? 'float32';
  const kind = detectKind(bytes, fileName);
  if (kind === 'pytorch' || kind === 'unknown') refuseKind(kind, fileName);
  let result: ImportedModel;
  if (kind === 'safetensors') {
    result = importTensors(bytes, undefined, options, dtype);
  } else {
    const what = `"${fileName}"`;
    const json = parseJsonLenient(decodeUtf8(bytes, what), what);
    if (Array.isArray(json)) throw new EngineError(`${what} is a JSON list (a vocabulary file?), not a model.`);
    if (typeof json === 'object' && json !== null && 'weightsManifest' in json) {
      throw new EngineError(`${what} is a TF.js model.json: choose it together with its .bin weight files.`);
    }
    if (typeof json === 'object' && json !== null && 'format' in json) {
      const { model, meta } = parseNative(json, dtype);
      result = { model, names: identityNames(model.config), warnings: [], format: 'native', meta };
    } else {
      result = importTensors(bytes, json, options, dtype);
    }
  }
  const c = result.model.config;
  if (options.nonlinearity) c.nonlinearity = options.nonlinearity;
  if (options.outputActivation) c.outputActivation = options.outputActivation;
  if (options.gruResetAfter !== undefined) c.gruResetAfter = options.gruResetAfter;
  validateConfig(c);
  return result;
}

/**
 * Writes a model as safetensors, its native header (config, vocabulary, appVersion, seed, init) as JSON text
 * under the metadata key "rnn_unfold", so that a re-import restores everything.
 */
export function exportSafetensors(model: Model, meta: ExportMeta = {}): Uint8Array {
  const names = meta.names ?? {};
  const tensors = namedParams(model).map((t) => ({ ...t, name: names[t.name] ?? t.name }));
  const dtype = meta.dtype ?? (dtypeOf(model.params.layers[0].weightHh) === 'float64' ? 'F64' : 'F32');
  const metadata = { format: 'pt', [SAFETENSORS_METADATA_KEY]: JSON.stringify(nativeHeaderOf(model, meta)) };
  return writeSafetensors(tensors, metadata, dtype);
}
