/**
 * Bytes to text to JSON, with messages a user can act on. Python's json.dump writes NaN, Infinity and
 * -Infinity as bare words, which JSON.parse rejects with a bare position; they are read as marked strings
 * instead, so the tensor reader can name the key and index that holds them.
 */
import type { z } from './zod';
import { EngineError } from '../errors';

/** Prefix of the strings that stand for NaN, Infinity and -Infinity in leniently parsed JSON. */
export const NON_FINITE_MARK = '\u0000';

/** Decodes UTF-8 bytes (a BOM is dropped); throws an EngineError naming `what` when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new EngineError(`${what} is not UTF-8 text.`);
  }
}

/** Replaces bare NaN / Infinity / -Infinity outside strings by marked strings. */
function markNonFinite(text: string): string {
  let out = '';
  let from = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') { inString = true; continue; }
    for (const word of ['NaN', 'Infinity', '-Infinity']) {
      if (text.startsWith(word, i)) {
        // JSON strings may not hold a raw control character: the mark is written escaped.
        out += `${text.slice(from, i)}"\\u0000${word}"`;
        i += word.length - 1;
        from = i + 1;
        break;
      }
    }
  }
  return out + text.slice(from);
}

/**
 * JSON.parse that also accepts Python's NaN and Infinity (as marked strings).
 * @throws EngineError "<what> is not valid JSON: …"
 */
export function parseJsonLenient(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (/NaN|Infinity/.test(text)) {
      try { return JSON.parse(markNonFinite(text)); } catch { /* report the first error */ }
    }
    throw new EngineError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The value a marked string stands for, or undefined for any other value. */
export function nonFiniteOf(v: unknown): number | undefined {
  if (typeof v !== 'string' || !v.startsWith(NON_FINITE_MARK)) return undefined;
  return Number(v.slice(1));
}

/**
 * A file's value as a message shows it: JSON, cut to `max` characters (a value may be a megabyte-long list),
 * "nothing" for a missing value.
 */
export function preview(v: unknown, max = 40): string {
  let text: string | undefined;
  try { text = JSON.stringify(v); } catch { text = String(v); }
  if (text === undefined) return 'nothing';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** One readable sentence from a zod error: its first issue and where it is. */
export function zodMessage(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${what} is not valid${path ? ` at ${path}` : ''}: ${issue.message}.`;
}
