import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from './renderApp';

async function ready(input = 'hello') {
  const r = renderApp({ input });
  await waitFor(() => expect(r.store.getState().trace).not.toBeNull());
  return r;
}

const cellSelect = () => screen.getByRole<HTMLSelectElement>('combobox', { name: 'Cell type' });
const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });

/** Switches the cell to LSTM through the dialog and waits for the new model. */
async function switchToLstm(user: ReturnType<typeof userEvent.setup>, store: ReturnType<typeof renderApp>['store']) {
  await user.selectOptions(cellSelect(), 'lstm');
  await user.click(button('Replace model'));
  await waitFor(() => expect(store.getState().model?.config.cell).toBe('lstm'));
  await waitFor(() => expect(store.getState().busy).toBe('idle'));
}

describe('ModelPanel: confirming a change', () => {
  it('asks before changing the cell type of the trained model, with focus in the dialog', async () => {
    const user = userEvent.setup();
    await ready();
    await user.selectOptions(cellSelect(), 'lstm');
    const dialog = screen.getByRole('dialog', { name: 'Replace the trained model?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('cell type RNN → LSTM');
    expect(dialog.textContent).toContain('trained weights will be replaced');
    expect(dialog.textContent).toContain('Undo (Ctrl+Z) brings them back');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Replace model' }));
    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
  });

  it('Cancel keeps the old model, the select shows the old value and focus goes back to it', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    const before = store.getState().model;
    await user.selectOptions(cellSelect(), 'gru');
    await user.click(button('Cancel'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(cellSelect().value).toBe('rnn');
    expect(document.activeElement).toBe(cellSelect());
    expect(store.getState().model).toBe(before);
    expect(store.getState().settings.cell).toBe('rnn');
  });

  it('Escape cancels a hidden size change and the field shows the old size', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    const hidden = screen.getByRole<HTMLInputElement>('spinbutton', { name: 'Hidden size' });
    await user.clear(hidden);
    await user.type(hidden, '16{Enter}');
    expect(screen.getByRole('dialog', { name: 'Replace the trained model?' }).textContent).toContain('hidden size 8 → 16');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(hidden.value).toBe('8');
    expect(document.activeElement).toBe(hidden);
    expect(store.getState().model?.config.hiddenSize).toBe(8);
  });

  it('Replace model rebuilds with the new setting', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    const before = store.getState().model;
    await switchToLstm(user, store);
    expect(store.getState().model).not.toBe(before);
    expect(cellSelect().value).toBe('lstm');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('ModelPanel: Undo and Redo', () => {
  it('the buttons are disabled with nothing to undo or redo, and restore the exact models', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    expect([button('Undo').disabled, button('Redo').disabled]).toEqual([true, true]);
    const rnn = store.getState().model;
    await switchToLstm(user, store);
    const lstm = store.getState().model;
    expect([button('Undo').disabled, button('Redo').disabled]).toEqual([false, true]);
    await user.click(button('Undo'));
    await waitFor(() => expect(store.getState().model).toBe(rnn));
    expect(cellSelect().value).toBe('rnn');
    expect([button('Undo').disabled, button('Redo').disabled]).toEqual([true, false]);
    await user.click(button('Redo'));
    await waitFor(() => expect(store.getState().model).toBe(lstm));
    expect(cellSelect().value).toBe('lstm');
  });

  it('Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y undo and redo outside text fields', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    const rnn = store.getState().model;
    await switchToLstm(user, store);
    const lstm = store.getState().model;
    act(() => (document.activeElement as HTMLElement | null)?.blur());
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(store.getState().model).toBe(rnn));
    await user.keyboard('{Control>}{Shift>}Z{/Shift}{/Control}');
    await waitFor(() => expect(store.getState().model).toBe(lstm));
    cellSelect().focus();
    await user.keyboard('{Meta>}z{/Meta}');
    await waitFor(() => expect(store.getState().model).toBe(rnn));
    await user.keyboard('{Control>}y{/Control}');
    await waitFor(() => expect(store.getState().model).toBe(lstm));
  });

  it('Ctrl+Z inside the input textbox leaves the model alone', async () => {
    const user = userEvent.setup();
    const { store } = await ready();
    await switchToLstm(user, store);
    const lstm = store.getState().model;
    await user.click(screen.getByRole('textbox', { name: 'Input sequence' }));
    await user.keyboard('{Control>}z{/Control}');
    expect(store.getState().model).toBe(lstm);
    expect(store.getState().undoStack).toHaveLength(1);
  });
});
