/**
 * The input editor's text as the engine reads it: text for a model with a vocabulary (encodeTextInput) and numbers
 * for a forecasting model (encodeSeriesInput over parseSeries). Any text, including empty, control characters,
 * right-to-left marks, emoji, lone surrogates, NaN, Infinity and 1 MB pastes, is read whole or refused with an
 * EngineError, in bounded time.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSeriesInput } from '../../src/bridge/seriesTask';
import { encodeTextInput, MAX_SAMPLES, MAX_STEPS } from '../../src/bridge/textTask';
import { DEFAULT_VOCABULARY } from '../../src/engine/init';
import { MAX_SERIES_LENGTH } from '../../src/engine/series';
import { model } from '../io/helpers';
import { checkProperty, readOrRefuse } from './harness';

/** Pieces people paste: RTL text and marks, emoji sequences, control characters, and words that look like numbers. */
const PIECES = ['', '\n', '\r\n', '\n\n', ' ', '\t', '\0', '\u0007', '\u001b[31m', '\u202E', '\u200F', '\u2066', 'مرحبا', 'שלום', '👩‍👩‍👧', '🇫🇷', 'é', 'e\u0301',
  '\uD800', '\uDFFF', '\uFEFF', 'NaN', 'Infinity', '-Infinity', '1e400', '-0', '0x10', '1_000', '١٢٣', 'hello', 'a,b', '1,2', '1;2', '<script>'];
const pieceArb = fc.constantFrom(...PIECES);
/** Text made of pieces and random strings of every unit kind. */
const textArb = fc.array(fc.oneof(pieceArb, fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom(...DEFAULT_VOCABULARY)), { maxLength: 24 }).map((parts) => parts.join(''));

const TEXT_MODEL = model({ inputSize: DEFAULT_VOCABULARY.length, outputSize: DEFAULT_VOCABULARY.length, outputActivation: 'softmax' }, 1, 'float32', [...DEFAULT_VOCABULARY]);
const EMOJI_VOCAB = ['a', 'é', '👩‍👩‍👧', '👍', 'ש', '\u202E', ' ', '\0'];
const EMBED_MODEL = model({ embeddingSize: EMOJI_VOCAB.length, inputSize: 3, outputSize: 2 }, 2, 'float32', EMOJI_VOCAB);
const SERIES_1 = model({ inputSize: 1, outputSize: 1 }, 3);
const SERIES_3 = model({ inputSize: 3, outputSize: 1 }, 4);

/** A number as a person or a program writes it, or a word that is not one. */
const cellArb = fc.oneof(
  fc.double().map(String), fc.integer().map(String), fc.double({ min: -10, max: 10, noNaN: true }).map((v) => v.toFixed(3)),
  fc.constantFrom('NaN', 'Infinity', '1e400', '-1e-400', '.5', '5.', '+3', '--1', '1e', 'x', '١', '0x1F', '1_0', '½', '\u22121'),
);
/** Rows of cells joined by any separator the parser reads (or one it does not), lines by \n or \r\n, with blanks. */
const seriesTextArb = fc.record({
  rows: fc.array(fc.array(cellArb, { minLength: 1, maxLength: 4 }), { maxLength: 12 }),
  sep: fc.constantFrom(', ', ',', ';', '\t', ' ', ' , ', '|'),
  eol: fc.constantFrom('\n', '\r\n', '\n\n', '\r'),
  header: fc.option(fc.constantFrom('x', 'a,b,c', 'value', 'NaN'), { nil: undefined }),
}).map(({ rows, sep, eol, header }) => [...(header ? [header] : []), ...rows.map((r) => r.join(sep))].join(eol));

/** Checks a text encoding: one sample per non-empty line, whose tokens spell the line, each step one token of the model. */
function checkText(m: typeof TEXT_MODEL, text: string): void {
  const r = readOrRefuse(() => encodeTextInput(m, text));
  if (!r) return;
  const lines = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0);
  expect(r.tokens.map((t) => t.join(''))).toEqual(lines);
  expect(r.samples.length).toBeLessThanOrEqual(MAX_SAMPLES);
  const V = m.vocabulary.length;
  // Each step is one token of the model: an id in 0..V−1 (embedding) or a one-hot row of V numbers summing to 1.
  const steps = r.samples.map((s, b) => {
    const T = r.tokens[b].length;
    const rows = s instanceof Int32Array ? Array.from(s, (id) => (id >= 0 && id < V ? 1 : 0)) : Array.from({ length: s.length / V }, (_, t) => s.subarray(t * V, (t + 1) * V).reduce((a, x) => a + x, 0));
    return { T: Math.min(T, MAX_STEPS), rows: rows.length, valid: rows.every((x) => x === 1) };
  });
  expect(steps).toEqual(r.tokens.map((t) => ({ T: t.length, rows: t.length, valid: true })));
}

/** Checks a numbers encoding: T steps of D finite values each, as written (to float32), within the step limit. */
function checkSeries(m: typeof SERIES_1, text: string): void {
  const r = readOrRefuse(() => encodeSeriesInput(m, text));
  if (!r) return;
  const D = m.config.inputSize;
  const [x] = r.samples;
  expect(x.length % D).toBe(0);
  expect(x.length / D).toBe(r.tokens[0].length);
  expect(x.length / D).toBeLessThanOrEqual(MAX_SERIES_LENGTH);
  expect(x.every(Number.isFinite)).toBe(true);
  // The numbers read are the numbers written: every data row, parsed by hand, in order.
  const rows = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((l) => l.split(/[,;\t ]+/).filter(Boolean).map(Number));
  const data = rows.filter((row) => row.every(Number.isFinite)).flat();
  expect(Array.from(x)).toEqual(data.map((v) => Math.fround(v)));
}

/** Registers the input-editor suites. */
export function inputSuites(): void {
  describe('input editor text (seeded fuzz)', () => {
    it('encodeTextInput: any text over the default vocabulary and over an emoji vocabulary with an embedding', () => {
      checkProperty('input/text', fc.property(textArb, fc.boolean(), (text, embedded) => checkText(embedded ? EMBED_MODEL : TEXT_MODEL, text)), 2000);
    });

    it('encodeSeriesInput: rows of numbers, words, NaN, Infinity, any separator and line ending, for D = 1 and D = 3', () => {
      checkProperty('input/numbers', fc.property(fc.oneof(seriesTextArb, textArb), fc.boolean(), (text, wide) => checkSeries(wide ? SERIES_3 : SERIES_1, text)), 2000);
    });

    it('1 MB pastes of letters, emoji, RTL text, numbers or control characters are answered at once', () => {
      const pasteArb = fc.record({ piece: fc.constantFrom('hello world ', '👩‍👩‍👧', 'שלום ', '0.5\n', '1, 2, 3\n', '\0\u0007', 'abc\n', 'x\n1\n'), kind: fc.constantFrom('text', 'emoji', 'numbers') })
        .map(({ piece, kind }) => ({ text: piece.repeat(Math.ceil(1_000_000 / piece.length)), kind }));
      checkProperty('input/1 MB pastes', fc.property(pasteArb, ({ text, kind }) => {
        if (kind === 'numbers') checkSeries(SERIES_1, text); else checkText(kind === 'emoji' ? EMBED_MODEL : TEXT_MODEL, text);
      }), 24);
    });
  });
}
