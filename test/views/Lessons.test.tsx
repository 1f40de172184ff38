import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons/lessons';
import { renderApp } from './renderApp';
import { readAs } from '../../src/views/Subscripted';

async function ready() {
  const r = renderApp();
  await waitFor(() => expect(r.store.getState().trace).not.toBeNull());
  return r;
}

const page = () => screen.getByRole('article', { name: /^Lesson \d: / });
const settled = (r: Awaited<ReturnType<typeof ready>>) => waitFor(() => expect(r.store.getState().lessonBusy).toBe(false));

describe('LessonPanel', () => {
  it('lists the nine lessons under the Lessons button and opens one on its first page, focused on its title', async () => {
    const user = userEvent.setup();
    const r = await ready();
    const button = screen.getByRole('button', { name: 'Lessons' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    await user.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const items = within(screen.getByRole('list', { name: 'Lessons to choose from' })).getAllByRole('button');
    expect(items.map((b) => b.textContent)).toEqual(LESSONS.map((l) => `${l.id}. ${l.title}`));
    await user.click(screen.getByRole('button', { name: '2. Unrolling and shared weights' }));
    await settled(r);
    expect(screen.queryByRole('list', { name: 'Lessons to choose from' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Lesson 2: Unrolling and shared weights' })).toBe(document.activeElement);
    expect(within(page()).getByText('Page 1 of 5')).toBeTruthy();
    expect(within(page()).getByText(readAs(LESSONS[1].pages[0].text))).toBeTruthy();
    expect(within(page()).getByRole('button', { name: 'Previous page' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('moves through pages with Next page and Previous page, the views following, and closes', async () => {
    const user = userEvent.setup();
    const r = await ready();
    await user.click(screen.getByRole('button', { name: 'Lessons' }));
    await user.click(screen.getByRole('button', { name: '2. Unrolling and shared weights' }));
    await settled(r);
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await settled(r);
    expect(within(page()).getByText('Page 2 of 5')).toBeTruthy();
    expect(r.store.getState().step).toBe(5);
    expect(r.store.getState().hoveredRole).toBe('recurrent');
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    await settled(r);
    expect(within(page()).getByText('Page 1 of 5')).toBeTruthy();
    expect(r.store.getState().step).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Close lesson' }));
    expect(screen.queryByRole('article')).toBeNull();
    expect(screen.getByRole('button', { name: 'Lessons' })).toBe(document.activeElement);
    expect(r.store.getState().hiddenPanels).toEqual([]);
  });

  it('asks before it reveals: the views stay at t = 3 until the answer, then step to t = 4 and say whether it was right', async () => {
    const user = userEvent.setup();
    const r = await ready();
    await r.store.getState().openLesson(1, 4);
    await settled(r);
    expect(r.store.getState().step).toBe(3);
    const group = screen.getByRole('group', { name: 'Predict: After the next input (t = 4, the second ‘l’), will unit h1 be positive or negative?' });
    await user.click(screen.getByRole('button', { name: 'Check answer' }));
    expect(screen.getByText('Choose an answer first.')).toBeTruthy();
    expect(r.store.getState().step).toBe(3);
    await user.click(within(group).getByRole('radio', { name: 'Negative' }));
    await user.click(screen.getByRole('button', { name: 'Check answer' }));
    await waitFor(() => expect(r.store.getState().lessonAnswer?.correct).not.toBeNull());
    const h = r.store.getState().trace!.layers[0].h[3 * 8];
    expect(r.store.getState().step).toBe(4);
    const verdict = h < 0 ? `Right: the answer is “Negative”. At t = 4, h_1 = ${h.toFixed(3)}.` : `Not quite: the answer is “Positive”. At t = 4, h_1 = ${h.toFixed(3)}.`;
    expect(document.querySelector('.lesson-verdict')?.textContent).toBe(readAs(verdict));
    expect(within(group).getByRole('radio', { name: 'Negative' }).matches(':disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Check answer' })).toBeNull();
  });

  it('shows the shapes of every matrix in both notations for a batch of n', async () => {
    const r = await ready();
    await r.store.getState().openLesson(3, 6);
    await settled(r);
    const table = await screen.findByRole('table', { name: /^Shapes of this model \(D = \d+ inputs, H = 8 units, O = \d+ outputs\) for a batch of n sequences$/ });
    const D = r.store.getState().model!.config.inputSize;
    const row = within(table).getByRole('row', { name: /^input → hidden weights/ });
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['U', `8×${D}`, 'W_xh', `${D}×8`]);
    expect(within(within(table).getByRole('row', { name: /^hidden state at step t/ })).getAllByRole('cell').map((c) => c.textContent)).toEqual(['h_t', '8', 'H_t', 'n×8']);
  });

  it('leaves the arrow keys to stepping while a lesson is open', async () => {
    const user = userEvent.setup();
    const r = await ready();
    await r.store.getState().openLesson(2, 2);
    await settled(r);
    screen.getByRole('button', { name: 'Next page' }).focus();
    await user.keyboard('{ArrowRight}');
    expect(r.store.getState().step).toBe(6);
    await user.keyboard('{PageUp}');
    expect(r.store.getState().step).toBe(5);
    expect(r.store.getState().lessonPage).toBe(2);
  });
});
