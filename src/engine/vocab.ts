/** Text encoding: characters are Unicode code points; a vocabulary is an ordered token list kept with the model. */
import { EngineError } from './errors';

/** Splits text into code points (not UTF-16 units), so 'é' and '😀' are one token each. */
export function toCodePoints(text: string): string[] {
  return Array.from(text);
}

/**
 * Encodes text as token ids over a vocabulary.
 * @throws EngineError naming every character outside the vocabulary.
 */
export function encodeText(text: string, vocabulary: readonly string[]): Int32Array {
  const index = new Map(vocabulary.map((tok, i) => [tok, i]));
  const chars = toCodePoints(text);
  const unknown = [...new Set(chars.filter((c) => !index.has(c)))];
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 10).map((c) => JSON.stringify(c)).join(', ');
    throw new EngineError(`Not in the model's vocabulary: ${shown}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}.`);
  }
  return Int32Array.from(chars, (c) => index.get(c)!);
}

/** Decodes token ids back into text. */
export function decodeTokens(ids: ArrayLike<number>, vocabulary: readonly string[]): string {
  let s = '';
  for (let i = 0; i < ids.length; i++) s += vocabulary[ids[i]] ?? '\uFFFD';
  return s;
}

/** A one-hot [T, V] encoding of token ids, for a model whose input is the one-hot vector. */
export function oneHot(ids: ArrayLike<number>, V: number): Float64Array {
  const out = new Float64Array(ids.length * V);
  for (let t = 0; t < ids.length; t++) out[t * V + ids[t]] = 1;
  return out;
}
