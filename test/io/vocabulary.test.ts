import { describe, expect, it } from 'vitest';
import { importVocabulary } from '../../src/engine/io';
import { bytes, model } from './helpers';

describe('importVocabulary(file, model?)', () => {
  it('reads a JSON list of tokens from bytes or text', () => {
    expect(importVocabulary(bytes(['a', 'b', ' ']))).toEqual(['a', 'b', ' ']);
    expect(importVocabulary('["é", "😀"]')).toEqual(['é', '😀']);
  });

  it('checks the size against the model: embedding rows, or one-hot input size', () => {
    expect(importVocabulary('["a","b","c","d"]', model({ embeddingSize: 4 }))).toHaveLength(4);
    expect(() => importVocabulary('["a","b"]', model({ embeddingSize: 4 }))).toThrow('The vocabulary has 2 tokens but the embedding has 4 rows.');
    expect(() => importVocabulary('["a","b"]', model({ inputSize: 3 }))).toThrow('The vocabulary has 2 tokens but the model takes one-hot vectors of size 3.');
  });

  it('refuses repeated tokens, non-strings, empty tokens and non-JSON', () => {
    expect(() => importVocabulary('["a","a"]')).toThrow('The vocabulary lists the token "a" twice.');
    expect(() => importVocabulary('["a", 1]')).toThrow(/The vocabulary file \(a JSON list of tokens\) is not valid at \[1\]/);
    expect(() => importVocabulary('["a", ""]')).toThrow(/not valid at \[1\]: Too small/);
    expect(() => importVocabulary('{"a": 0}')).toThrow(/not valid: Invalid input: expected array/);
    expect(() => importVocabulary('[a]')).toThrow(/The vocabulary file is not valid JSON/);
  });
});
