import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { exportNative } from '../../src/engine/io';
import { initModel } from '../../src/engine/init';
import { renderApp } from './renderApp';

describe('ModelFiles', () => {
  it('imports a model file chosen with the file picker and shows its summary', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    const m = initModel({ cell: 'lstm', inputSize: 1, hiddenSize: 5, numLayers: 2, nonlinearity: 'tanh', gruResetAfter: true, bias: true, embeddingSize: 0, outputSize: 1, outputActivation: 'identity' }, { seed: 9 });
    const file = new File([exportNative(m)], 'lstm.json', { type: 'application/json' });
    await user.upload(screen.getByLabelText('Model file'), file);
    await waitFor(() => expect(store.getState().model?.config.cell).toBe('lstm'));
    expect(screen.getByText(/lstm\.json/).closest('p')!.textContent).toMatch(/lstm\.json \(native\): LSTM, 2 layers, input 1, hidden 5, output 1 \(identity\)/);
    expect(screen.getByRole('button', { name: 'Import model' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export' })).toBeTruthy();
  });

  it('names the problem of a bad file and keeps the model', async () => {
    const user = userEvent.setup();
    const { store } = renderApp({ input: 'hi' });
    await waitFor(() => expect(store.getState().trace).not.toBeNull());
    const before = store.getState().model;
    await user.upload(screen.getByLabelText('Model file'), new File(['{"rnn.weight_hh_l0": [[1, 2]]}'], 'bad.json'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^bad\.json: /);
    expect(store.getState().model).toBe(before);
  });
});
