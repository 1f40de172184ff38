/**
 * The native model file: one JSON object holding the config, the vocabulary and every parameter under its
 * canonical name, as a shape and a flat row-major list of numbers. Specified in docs/model-format.md.
 */
import { EngineError } from '../errors';
import type { InitScheme } from '../init';
import { namedParams } from '../named';
import type { DType, Model } from '../types';
import { assembleModel } from './assemble';
import { NATIVE_FORMAT, NATIVE_FORMAT_VERSION, nativeHeaderSchema, nativeSchema, type NativeHeader } from './schema';
import { toJsonNumbers } from './numbers';
import { checkElementCount, flatSource, formatShape, shapeSize, type SourceTensor } from './tensors';
import { zodMessage } from './text';

/** What a model file records besides the model itself. */
export interface ModelMeta {
  /** Version of the app that wrote the file. */
  appVersion?: string;
  /** Seed the parameters were drawn with, if they still are the initial draw. */
  seed?: number;
  /** Initialisation scheme of that draw. */
  init?: InitScheme;
}

/** Refuses a file of a later format version with a message saying so, before the schema's generic one. */
function checkVersion(value: unknown): void {
  const v = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof v === 'number' && v > NATIVE_FORMAT_VERSION) {
    throw new EngineError(`This model file has format version ${v}, written by a newer rnn-unfold; this version reads format ${NATIVE_FORMAT_VERSION}.`);
  }
}

/** Checks a native header (a native file without parameters, as safetensors metadata holds it). */
export function parseNativeHeader(value: unknown, what: string): NativeHeader {
  checkVersion(value);
  const parsed = nativeHeaderSchema.safeParse(value);
  if (!parsed.success) throw new EngineError(zodMessage(parsed.error, what));
  return parsed.data;
}

/** Reads a parsed native file into a model; throws an EngineError naming the first problem. */
export function parseNative(value: unknown, dtype: DType): { model: Model; meta: ModelMeta } {
  checkVersion(value);
  const parsed = nativeSchema.safeParse(value);
  if (!parsed.success) throw new EngineError(zodMessage(parsed.error, 'The model file'));
  const { parameters, config, vocabulary, appVersion, seed, init } = parsed.data;
  const entries = Object.entries(parameters).map(([name, t]) => ({ name, ...t }));
  for (const { name, shape, data } of entries) {
    const size = shapeSize(shape);
    if (size !== Infinity && data.length !== size) {
      throw new EngineError(`Parameter "${name}" has shape ${formatShape(shape)}, which holds ${size} numbers, but its data lists ${data.length}.`);
    }
  }
  checkElementCount(entries);
  const sources = new Map<string, SourceTensor>(entries.map(({ name, shape, data }) => [name, flatSource(name, shape, data)]));
  const model = assembleModel({ config, vocabulary, names: {}, sources, dtype });
  return { model, meta: { appVersion, seed, init } };
}

/** The native header of a model: everything but the parameters. */
export function nativeHeaderOf(model: Model, meta: ModelMeta): NativeHeader {
  const header: NativeHeader = {
    format: NATIVE_FORMAT, formatVersion: NATIVE_FORMAT_VERSION,
    appVersion: meta.appVersion ?? 'unknown',
    config: { ...model.config },
    vocabulary: [...model.vocabulary],
  };
  if (meta.seed !== undefined) header.seed = meta.seed;
  if (meta.init !== undefined) header.init = meta.init;
  return header;
}

/**
 * Writes a model as native JSON text: the header indented, then one line per parameter.
 * @example download(new Blob([exportNative(model, { appVersion })]), 'model.json')
 */
export function exportNative(model: Model, meta: ModelMeta = {}): string {
  const head = JSON.stringify(nativeHeaderOf(model, meta), null, 2);
  const lines = namedParams(model).map(({ name, shape, data }) =>
    `    ${JSON.stringify(name)}: ${JSON.stringify({ shape, data: toJsonNumbers(data) })}`);
  return `${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "parameters": {\n${lines.join(',\n')}\n  }\n}\n`;
}
