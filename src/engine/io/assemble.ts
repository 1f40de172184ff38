/**
 * The last step of every import: file tensors, matched to canonical names, become a Model. Every shape is
 * checked and the total size bounded before the parameters are allocated, and the model is returned only
 * once every number has been read, so a refused file leaves nothing half-loaded.
 */
import { EngineError } from '../errors';
import { validateConfig, zeroParams } from '../init';
import { paramShapes, tensorByName } from '../named';
import type { DType, Model, ModelConfig } from '../types';
import { checkElementCount, formatShape, type SourceTensor } from './tensors';
import { checkVocabulary } from './vocabulary';

/** What assembleModel needs. */
export interface AssembleInput {
  /** The full config. */
  config: ModelConfig;
  /** Token list (may be empty). */
  vocabulary: string[];
  /** File name of every canonical parameter name. */
  names: Record<string, string>;
  /** The file's tensors, by file name. */
  sources: ReadonlyMap<string, SourceTensor>;
  /** Storage dtype of the model. */
  dtype: DType;
}

/** Builds a model from file tensors; throws an EngineError naming the first missing, extra or misshapen tensor. */
export function assembleModel({ config, vocabulary, names, sources, dtype }: AssembleInput): Model {
  validateConfig(config);
  checkVocabulary(vocabulary, config);
  const expected = paramShapes(config);
  const used = new Set<string>();
  for (const { name, shape } of expected) {
    const fileName = names[name] ?? name;
    const src = sources.get(fileName);
    if (!src) throw new EngineError(`Parameter "${fileName}" ${formatShape(shape)} is missing from the file.`);
    if (src.shape.length !== shape.length || src.shape.some((d, k) => d !== shape[k])) {
      const canonical = fileName === name ? '' : ` (${name})`;
      throw new EngineError(`Tensor "${fileName}"${canonical} has shape ${formatShape(src.shape)}; this model needs ${formatShape(shape)}.`);
    }
    used.add(fileName);
  }
  for (const fileName of sources.keys()) {
    if (!used.has(fileName)) throw new EngineError(`Unexpected tensor "${fileName}": this model has no such parameter.`);
  }
  checkElementCount(expected);
  const params = zeroParams(config, dtype);
  for (const { name } of expected) sources.get(names[name] ?? name)!.read(tensorByName(params, name));
  return { config: { ...config }, params, vocabulary: [...vocabulary] };
}
