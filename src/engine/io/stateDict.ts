/**
 * PyTorch state_dict JSON: `{name: nested lists}`, as written by
 * `json.dump({k: v.tolist() for k, v in model.state_dict().items()}, f)`.
 */
import { EngineError } from '../errors';
import { namedParams } from '../named';
import type { Model } from '../types';
import { inferStructure, type InferredStructure } from './infer';
import { MAX_NAME_LENGTH, MAX_TENSORS } from './limits';
import { nest } from './numbers';
import { checkElementCount, nestedSource, type SourceTensor } from './tensors';

/** The tensors of a parsed state_dict and the structure they imply. */
export interface StateDictContents {
  /** The file's tensors by name, unread. */
  sources: Map<string, SourceTensor>;
  /** Kind, sizes and the names the file uses. */
  structure: InferredStructure;
}

/** Reads a parsed state_dict JSON object; throws an EngineError naming the first problem. */
export function parseStateDict(value: unknown): StateDictContents {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EngineError('A state_dict file must be a JSON object mapping parameter names to nested lists of numbers.');
  }
  const keys = Object.keys(value);
  if (keys.length === 0) throw new EngineError('The state_dict file holds no tensors.');
  if (keys.length > MAX_TENSORS) throw new EngineError(`The state_dict file names ${keys.length} tensors, more than the limit of ${MAX_TENSORS}.`);
  const long = keys.find((k) => k.length > MAX_NAME_LENGTH);
  if (long !== undefined) throw new EngineError(`The state_dict file names a tensor of ${long.length} characters, more than the limit of ${MAX_NAME_LENGTH}.`);
  const sources = new Map<string, SourceTensor>();
  for (const k of keys) sources.set(k, nestedSource(k, (value as Record<string, unknown>)[k]));
  const tensors = [...sources.values()];
  const structure = inferStructure(tensors);
  checkElementCount(tensors);
  return { sources, structure };
}

/**
 * Writes a model as state_dict JSON. `names` maps canonical names to the names to write (for example those of
 * the file the model came from, so `model.load_state_dict` accepts it); canonical names by default.
 */
export function exportStateDict(model: Model, names: Readonly<Record<string, string>> = {}): string {
  const out: Record<string, unknown> = {};
  for (const { name, shape, data } of namedParams(model)) out[names[name] ?? name] = nest(data, shape);
  return JSON.stringify(out);
}
