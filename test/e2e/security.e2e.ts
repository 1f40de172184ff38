/**
 * Hostile text through the real UI of the built app: a model file whose name and vocabulary hold markup and script,
 * a vocabulary file holding them, and links carrying them in the input and in a key. Each renders as the characters
 * it is made of: no element is created from it, no handler runs (window.__xss stays unset), no dialog opens. Then
 * the page's Content-Security-Policy is shown to block a script injected on purpose: the one test allowed a
 * violation (browser.ts fails every other test on any).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { initModel } from '../../src/engine/init';
import { exportNative } from '../../src/engine/io';
import { launch, openApp, shot, takeProblems } from './browser';

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=2</script>';
const SVG = '<svg onload=window.__xss=3>';
const IFRAME = '<iframe src=javascript:window.__xss=4>';

let browser: Browser;
const dialogs: string[] = [];

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

/** A fresh page (its own storage) that records every dialog and dismisses it. */
async function freshPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss(); });
  return page;
}

/** What the payloads left in the page: the flag their handlers set, elements made from them, and dialogs. */
async function expectInert(page: Page): Promise<void> {
  const seen = await page.evaluate(() => ({
    xss: (window as { __xss?: unknown }).__xss ?? null,
    elements: document.querySelectorAll('img[src="x"], iframe, body svg[onload], [onerror], [onload], [onclick]').length,
    scripts: [...document.scripts].filter((s) => (s.textContent ?? '').includes('__xss')).length,
  }));
  expect({ ...seen, dialogs }).toEqual({ xss: null, elements: 0, scripts: 0, dialogs: [] });
}

/** `text` as a regular expression that matches it literally. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The whole page's text, SVG labels included. */
const pageText = (page: Page) => page.evaluate(() => document.body.textContent ?? '');

/** A text model over a vocabulary holding payloads, its output biased to predict `favourite` at every step. */
function hostileModel(vocabulary: string[], favourite: string): Uint8Array {
  const V = vocabulary.length;
  const m = initModel({ cell: 'rnn', inputSize: V, hiddenSize: 3, numLayers: 1, nonlinearity: 'tanh', gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: V, outputActivation: 'softmax' }, { seed: 7, vocabulary });
  m.params.outBias![vocabulary.indexOf(favourite)] = 8;
  return new TextEncoder().encode(exportNative(m, { appVersion: '0.1.0' }));
}

const step = (page: Page) => page.getByRole('button', { name: 'Step forward', exact: true }).click();

describe('markup and script in files and links render as text', () => {
  let page: Page;
  beforeAll(async () => {
    page = await freshPage();
    await openApp(page, inject('baseUrl'));
  });

  it('a model file named and vocabularied with payloads: summary, predictions and formula show them as text', async () => {
    const vocabulary = ['h', 'e', 'l', 'o', ' ', IMG, SCRIPT, 'w', 'r', 'd'];
    await page.getByLabel('Model file', { exact: true }).setInputFiles({ name: `${IMG}.json`, mimeType: 'application/json', buffer: Buffer.from(hostileModel(vocabulary, IMG)) });
    await page.getByText(`${IMG}.json`).waitFor({ timeout: 20_000 });
    // The input is still 'hello world': every character is in the new vocabulary.
    await expect.poll(() => page.getByRole('slider', { name: 'Time step' }).getAttribute('aria-valuemax')).toBe('11');
    await step(page);
    await step(page);
    // The prediction under each computed step names the whole token, as text: "<img src=x onerror=…> 97%".
    await expect.poll(() => pageText(page)).toMatch(new RegExp(`${escape(IMG)} \\d+%`));
    await shot(page, 'xss-model-file');
    await expectInert(page);
  });

  it('a vocabulary file with a payload twice is refused, naming it as text; one with new payloads loads', async () => {
    await page.getByLabel('Vocabulary file').setInputFiles({ name: 'vocab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(['h', 'e', 'l', 'o', ' ', SCRIPT, SCRIPT, 'w', 'r', 'd'])) });
    const alert = page.getByRole('alert').filter({ hasText: 'Vocabulary file' });
    await alert.waitFor();
    expect(await alert.textContent()).toBe(`Vocabulary file: The vocabulary lists the token ${JSON.stringify(SCRIPT)} twice. The model is unchanged.`);
    await page.getByLabel('Vocabulary file').setInputFiles({ name: 'vocab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(['h', 'e', 'l', 'o', ' ', SVG, IFRAME, 'w', 'r', 'd'])) });
    // The model's favourite output is now the token at the payload's old index: the <svg> one.
    await page.getByText('Vocabulary: h e l o ␣ <svg… <ifr… w r d').waitFor({ timeout: 20_000 });
    await step(page);
    await expect.poll(() => pageText(page)).toMatch(new RegExp(`${escape(SVG)} \\d+%`));
    await expectInert(page);
  });

  it('a link whose input is markup puts it in the editor as text and names its characters', async () => {
    const link = await freshPage();
    const input = `${IMG}${SCRIPT}`;
    await link.goto(`${inject('baseUrl')}#v=1&task=text&in=${encodeURIComponent(input)}`);
    await link.getByRole('textbox', { name: 'Input sequence' }).waitFor();
    await expect.poll(() => link.getByRole('textbox', { name: 'Input sequence' }).inputValue(), { timeout: 20_000 }).toBe(input);
    await expect.poll(() => link.getByRole('alert').first().textContent(), { timeout: 20_000 }).toMatch(/^Not in the model's vocabulary: "<"/);
    await expectInert(link);
    await link.close();
  });

  it('a link with a payload as a key is refused with a message that names the key as text', async () => {
    const link = await freshPage();
    // The browser keeps the fragment percent-encoded, and the message quotes the key as the link has it.
    await link.goto(`${inject('baseUrl')}#v=1&${IMG}=1`);
    const alert = link.getByRole('alert').filter({ hasText: 'This link could not be opened' });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain('The link has a key this app does not read: "%3Cimg%20src".');
    await expectInert(link);
    await link.close();
  });
});

describe('the Content-Security-Policy of the built app', () => {
  it('is set, with no inline or eval for scripts and no other origin', async () => {
    const page = await freshPage();
    await openApp(page, inject('baseUrl'));
    const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1];
    expect(scriptSrc).toBe("'self'");
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/connect-src 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
    await page.close();
  });

  it('blocks a script and a handler injected on purpose, and a fetch to another origin; each is reported as a violation', async () => {
    const page = await freshPage();
    await openApp(page, inject('baseUrl'));
    const outcome = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = 1';
      document.head.append(s);
      // An inline handler is inline script too.
      const b = document.createElement('button');
      b.setAttribute('onclick', 'window.__injected = 2');
      document.body.append(b);
      b.click();
      b.remove();
      let fetched = 'fetched';
      try { await fetch('https://example.com/'); } catch (e) { fetched = (e as Error).name; }
      return { injected: (window as { __injected?: unknown }).__injected ?? null, fetched };
    });
    expect(outcome).toEqual({ injected: null, fetched: 'TypeError' });
    const violations: string[] = [];
    await expect.poll(() => {
      violations.push(...takeProblems(page, 'csp'));
      return violations.filter((v) => v.startsWith('CSP violation')).sort().join('\n');
    }, { timeout: 5000 }).toBe([
      'CSP violation: connect-src blocked https://example.com/ in the page',
      'CSP violation: script-src-attr blocked inline in the page',
      'CSP violation: script-src-elem blocked inline in the page',
    ].join('\n'));
    // The fetch was refused before it left: no request to another origin was made.
    expect(takeProblems(page, 'origin')).toEqual([]);
    await page.close();
  });

  it('records a request off the app’s origin: a navigation the CSP does not govern, answered locally', async () => {
    const page = await freshPage();
    await openApp(page, inject('baseUrl'));
    // Routed, so nothing leaves this machine; the request is made by the page all the same.
    await page.route('https://example.invalid/**', (r) => r.fulfill({ status: 200, contentType: 'text/plain', body: 'elsewhere' }));
    await page.evaluate(() => { window.location.href = 'https://example.invalid/away'; });
    await page.waitForURL('https://example.invalid/away');
    expect(takeProblems(page, 'origin')).toEqual(['request to another origin: GET https://example.invalid/away']);
    await page.close();
  });
});
