/**
 * Text with subscripts, as textbooks set it: `h_{t−1}` and `x_t` in the app's plain-text strings (lessons, formula
 * headers, notes) render as h<sub>t−1</sub> and x<sub>t</sub>. React elements only, never HTML from the string.
 */
import { Fragment, type ReactNode } from 'react';

/** `_{…}` (braced) or `_abc` (letters or digits): the subscript written in a plain string. */
const SUB = /_(?:\{([^{}]*)\}|([\p{L}\p{N}]+))/gu;

/** The string as it reads once its subscripts are set (no underscores or braces): what a reader sees. */
export function readAs(text: string): string {
  return text.replace(SUB, (_m, braced: string | undefined, bare: string | undefined) => braced ?? bare ?? '');
}

/** The string's pieces: plain text and <sub> elements. */
export function subscripted(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(SUB)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(<sub key={m.index}>{m[1] ?? m[2]}</sub>);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** A string with its subscripts set. */
export function Subscripted({ text }: { text: string }) {
  return <Fragment>{subscripted(text)}</Fragment>;
}
