// @vitest-environment jsdom
/**
 * The one place the page turns a string into markup: the formula panel's KaTeX renderer (views/FormulaPanel/Tex.tsx).
 * It runs with `trust` off, so TeX that asks for links, raw HTML, data attributes or images renders as an error
 * in plain text; and a string with markup in it stays text. Checked on the real component in jsdom.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Tex } from '../../src/views/FormulaPanel/Tex';

afterEach(() => { cleanup(); });

/** Renders a formula and waits until KaTeX has typeset it. */
async function typeset(tex: string): Promise<HTMLElement> {
  const { container } = render(createElement(Tex, { tex, plain: 'plain text' }));
  await waitFor(() => expect(container.querySelector('.katex, .katex-error')).not.toBeNull(), { timeout: 10_000 });
  return container;
}

const HOSTILE = [
  '\\href{javascript:window.__xss=1}{click}',
  '\\url{javascript:window.__xss=1}',
  '\\htmlData{onclick=window.__xss=1}{x}',
  '\\htmlClass{x" onmouseover="window.__xss=1}{x}',
  '\\htmlStyle{background:url(javascript:window.__xss=1)}{x}',
  '\\includegraphics{x.png}',
  '\\text{<img src=x onerror=window.__xss=1>}',
  '\\text{<script>window.__xss=1</script>}',
  '<img src=x onerror=window.__xss=1>',
];

describe('Tex: KaTeX with trust off', () => {
  for (const tex of HOSTILE) {
    it(`renders ${JSON.stringify(tex)} without a link, an image, a script or a handler`, async () => {
      const c = await typeset(tex);
      expect(c.querySelectorAll('a, img, script, iframe, object, embed')).toHaveLength(0);
      const attributes = [...c.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => `${a.name}=${a.value}`));
      expect(attributes.filter((a) => /^on|javascript:|^href=|^src=|^data-/i.test(a))).toEqual([]);
      expect((globalThis as { __xss?: unknown }).__xss).toBeUndefined();
    });
  }

  it('shows markup in \\text as the characters typed', async () => {
    const c = await typeset('\\text{<b>bold</b>}');
    expect(c.querySelector('b')).toBeNull();
    expect(c.textContent).toContain('<b>bold</b>');
  });

  it('still typesets the formulas the app writes', async () => {
    const c = await typeset('h_t = \\tanh(W_{xh} x_t + W_{hh} h_{t-1} + b_h)');
    expect(c.querySelector('.katex-error')).toBeNull();
    expect(c.querySelector('.katex')).not.toBeNull();
    expect(screen.queryByText('plain text')).toBeNull();
  });
});
