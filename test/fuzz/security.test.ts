/**
 * The rules that keep code and markup from strings out of the app: the lint configuration reports each way of
 * running a string or inserting HTML (checked on a file that does all of them), and what the lint cannot see is
 * checked on the sources: no timer given a string (oxlint 1.89's no-implied-eval does not report it), and KaTeX
 * imported in one module and always called with `trust: false`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Every .ts/.tsx file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const SRC = sources('src');

describe('the lint configuration (.oxlintrc.json)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-unfold-lint-'));
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  const CASES: [string, string, string][] = [
    ['eval', 'eval(s);', 'eslint(no-eval)'],
    ['new Function', 'new Function(s);', 'eslint(no-new-func)'],
    ['Function()', 'const F = Function; F(s);', 'eslint(no-restricted-globals)'],
    ['window.eval', 'window.eval(s);', 'eslint(no-restricted-properties)'],
    ['globalThis.eval', 'globalThis.eval(s);', 'eslint(no-restricted-properties)'],
    ['innerHTML', 'document.body.innerHTML = s;', 'eslint(no-restricted-properties)'],
    ['outerHTML', 'document.body.outerHTML = s;', 'eslint(no-restricted-properties)'],
    ['insertAdjacentHTML', "document.body.insertAdjacentHTML('beforeend', s);", 'eslint(no-restricted-properties)'],
    ['document.write', 'document.write(s);', 'eslint(no-restricted-properties)'],
    ['createContextualFragment', 'new Range().createContextualFragment(s);', 'eslint(no-restricted-properties)'],
    ['dangerouslySetInnerHTML', 'void (<div dangerouslySetInnerHTML={{ __html: s }} />);', 'react(no-danger)'],
    ['a javascript: URL', 'void (<a href="javascript:void 0">x</a>);', 'react(jsx-no-script-url)'],
  ];

  for (const [what, line, rule] of CASES) {
    it(`reports ${what} as an error (${rule})`, () => {
      const file = join(dir, `${what.replace(/\W+/g, '_')}.tsx`);
      writeFileSync(file, `export function f(s: string) {\n  ${line}\n}\n`);
      const run = spawnSync('node_modules/.bin/oxlint', ['-c', '.oxlintrc.json', '--format', 'json', file], { encoding: 'utf8' });
      const found = (JSON.parse(run.stdout) as { diagnostics: { code: string; severity: string }[] }).diagnostics;
      expect(found.filter((d) => d.severity === 'error').map((d) => d.code)).toContain(rule);
    });
  }
});

describe('the sources', () => {
  it('give no timer a string to run (implied eval)', () => {
    const found = SRC.filter((f) => /\b(setTimeout|setInterval|setImmediate)\s*\(\s*['"`]/.test(readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('import KaTeX in one module, the formula renderer, and call it with trust off every time', () => {
    const importers = SRC.filter((f) => /(from|import\()\s*['"]katex['"]/.test(readFileSync(f, 'utf8')));
    expect(importers).toEqual([join('src', 'views', 'FormulaPanel', 'Tex.tsx')]);
    const text = readFileSync(importers[0], 'utf8');
    const calls = [...text.matchAll(/\.(render|renderToString)\(([^;]*)\)/g)].map((m) => m[2]);
    expect(calls.length).toBeGreaterThan(0);
    for (const args of calls) expect(args).toMatch(/trust:\s*false/);
  });
});
