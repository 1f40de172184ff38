/** Typesets a TeX string with KaTeX, loaded lazily; shows the plain text until KaTeX arrives. */
import { useEffect, useRef, useState } from 'react';

type Katex = typeof import('katex').default;
let katexPromise: Promise<Katex> | null = null;

/** Loads KaTeX and its stylesheet once, on first use. */
function loadKatex(): Promise<Katex> {
  katexPromise ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => m.default);
  return katexPromise;
}

/** A formula. `tex` is built by the app from numbers and fixed symbols, never from user text. */
export function Tex({ tex, plain, block = false }: { tex: string; plain: string; block?: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    loadKatex().then((k) => {
      if (!live || !ref.current) return;
      k.render(tex, ref.current, { displayMode: block, throwOnError: false, output: 'htmlAndMathml', trust: false });
      setReady(true);
    }).catch(() => { /* the plain text stays: formulas remain readable without KaTeX */ });
    return () => { live = false; };
  }, [tex, block]);
  return (
    <span className="tex">
      <span ref={ref} />
      {!ready && <span className="tex-plain">{plain}</span>}
    </span>
  );
}
