import { act, render, screen } from '@testing-library/react';
import { Suspense, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { lazyPanel, preloadLazyPanels } from '../../src/views/lazyPanel';

/** A component whose module "loads" when `resolve` is called. */
function deferred() {
  let resolve!: () => void;
  const gate = new Promise<void>((r) => { resolve = r; });
  let loads = 0;
  const Panel = lazyPanel(async () => {
    loads++;
    await gate;
    return function Counter({ label }: { label: string }) {
      const [n, setN] = useState(0);
      return <button type="button" onClick={() => setN(n + 1)}>{`${label} ${n}`}</button>;
    };
  });
  return { Panel, resolve, loads: () => loads };
}

describe('lazyPanel(load)', () => {
  it('suspends once while its code loads, then renders at once in every later mount, loading only once', async () => {
    const { Panel, resolve, loads } = deferred();
    const first = render(<Suspense fallback={<p>Loading…</p>}><Panel label="a" /></Suspense>);
    expect(screen.getByText('Loading…')).toBeTruthy();
    await act(async () => { resolve(); });
    expect(await screen.findByRole('button', { name: 'a 0' })).toBeTruthy();
    first.unmount();
    // Loaded: no fallback, not even for a frame.
    render(<Suspense fallback={<p>Loading…</p>}><Panel label="b" /></Suspense>);
    expect(screen.getByRole('button', { name: 'b 0' })).toBeTruthy();
    expect(screen.queryByText('Loading…')).toBeNull();
    expect(loads()).toBe(1);
  });

  it('keeps the state of a mounted instance across re-renders after the load (the subtree is never swapped)', async () => {
    const { Panel, resolve } = deferred();
    const view = (label: string) => <Suspense fallback={<p>Loading…</p>}><Panel label={label} /></Suspense>;
    const r = render(view('c'));
    await act(async () => { resolve(); });
    const button = await screen.findByRole('button', { name: 'c 0' });
    await act(async () => { button.click(); });
    r.rerender(view('c'));
    expect(screen.getByRole('button', { name: 'c 1' })).toBeTruthy();
  });

  it('preloadLazyPanels loads every registered part', async () => {
    const { Panel, resolve, loads } = deferred();
    const done = preloadLazyPanels();
    resolve();
    await done;
    expect(loads()).toBe(1);
    render(<Panel label="d" />);
    expect(screen.getByRole('button', { name: 'd 0' })).toBeTruthy();
  });
});
