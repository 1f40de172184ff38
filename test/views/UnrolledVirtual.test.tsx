/** The unrolled graph draws the columns in view (and the current one), not every step of a long input. */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from './renderApp';

const LONG = 'hello world '.repeat(25); // 300 steps

async function ready(input: string) {
  const r = renderApp({ input });
  await waitFor(() => expect(r.store.getState().trace?.T).toBe(input.length));
  return r;
}

const stepLabels = () => within(screen.getByRole('figure', { name: 'Unrolled network' })).queryAllByText(/^t=\d+$/).map((e) => Number(e.textContent!.slice(2)));

describe('UnrolledGraph on a long input', () => {
  it('draws a window of columns, always with the current one, and follows the scroll', async () => {
    const { store } = await ready(LONG);
    const svg = screen.getByRole('figure', { name: 'Unrolled network' });
    // jsdom lays nothing out: the window is the screen's width (1024 px) from the left, about 11 columns + margins.
    let shown = stepLabels();
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(30);
    expect(shown[0]).toBe(1);
    expect(within(svg).getAllByRole('button', { name: 'Shared matrix W' })).toHaveLength(shown.length);
    // The current step is drawn even when it is out of the window, and its matrix labels take the keyboard focus.
    act(() => store.getState().stepTo(250));
    expect(stepLabels()).toContain(250);
    const focusable = within(svg).getAllByRole('button', { name: /^Shared matrix/ }).filter((b) => b.getAttribute('tabindex') === '0');
    expect(focusable).toHaveLength(3);
    // Scrolling to column 150 draws the columns there.
    const scroller = screen.getByRole('region', { name: 'Unrolled network, scrolls sideways' });
    Object.defineProperty(scroller, 'scrollLeft', { configurable: true, value: 64 + 96 * 150 });
    fireEvent.scroll(scroller);
    shown = stepLabels();
    expect(shown).toContain(150);
    expect(shown).toContain(155);
    expect(shown).not.toContain(1);
    expect(shown.length).toBeLessThan(30);
    // The description still speaks of every step.
    expect(svg.querySelector('desc')!.textContent).toBe('300 steps, 250 computed. Each column is one step; the same matrices are used in every column.');
  });

  it('a step changes only the previous and the current column', async () => {
    const { store } = await ready(LONG);
    act(() => store.getState().stepTo(3));
    const svg = screen.getByRole('figure', { name: 'Unrolled network' });
    const observer = new MutationObserver(() => {});
    observer.observe(svg, { subtree: true, childList: true, attributes: true, characterData: true });
    act(() => store.getState().stepTo(4));
    // The column groups (nodes and edges) that hold a changed element.
    const changed = new Set(observer.takeRecords().map((m) => (m.target instanceof Element ? m.target : m.target.parentElement)?.closest('g.fold-anim')));
    observer.disconnect();
    changed.delete(null);
    changed.delete(undefined);
    // At most the x, h and y nodes and the U, V and W edges of steps 3 and 4.
    expect(changed.size).toBeGreaterThan(0);
    expect(changed.size).toBeLessThanOrEqual(2 * 6);
  });
});
