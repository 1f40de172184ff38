/**
 * Vocabularies: the ordered token list that maps token ids to text. A vocabulary file is a JSON list of
 * tokens, as `json.dump(itos, f)` writes it.
 */
import { EngineError } from '../errors';
import type { Model, ModelConfig } from '../types';
import { vocabularySchema } from './schema';
import { decodeUtf8, parseJsonLenient, zodMessage } from './text';

/** Throws unless every token is listed once: a repeated token would make encoding ambiguous. */
function checkDistinct(vocabulary: readonly string[]): void {
  const seen = new Set<string>();
  for (const tok of vocabulary) {
    if (seen.has(tok)) throw new EngineError(`The vocabulary lists the token ${JSON.stringify(tok)} twice.`);
    seen.add(tok);
  }
}

/**
 * Checks a vocabulary against a config: tokens are unique, and there is one token per embedding row
 * (a model with an embedding) or per input unit (a model fed one-hot vectors). An empty vocabulary is always
 * allowed: inputs are then token ids or vectors.
 */
export function checkVocabulary(vocabulary: readonly string[], config: ModelConfig): void {
  checkDistinct(vocabulary);
  if (vocabulary.length === 0) return;
  const V = config.embeddingSize > 0 ? config.embeddingSize : config.inputSize;
  if (vocabulary.length !== V) {
    const what = config.embeddingSize > 0 ? `the embedding has ${V} rows` : `the model takes one-hot vectors of size ${V}`;
    throw new EngineError(`The vocabulary has ${vocabulary.length} tokens but ${what}.`);
  }
}

/**
 * Reads a vocabulary file (a JSON list of distinct tokens), checked against `model` when given.
 * @throws EngineError naming the problem.
 */
export function importVocabulary(file: Uint8Array | string, model?: Model): string[] {
  const text = typeof file === 'string' ? file : decodeUtf8(file, 'The vocabulary file');
  const parsed = vocabularySchema.safeParse(parseJsonLenient(text, 'The vocabulary file'));
  if (!parsed.success) throw new EngineError(zodMessage(parsed.error, 'The vocabulary file (a JSON list of tokens)'));
  if (model) checkVocabulary(parsed.data, model.config);
  else checkDistinct(parsed.data);
  return parsed.data;
}
