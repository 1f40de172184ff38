import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { deferred, DeferredSlot } from '../../src/views/deferred';

function Hello({ name }: { name: string }) {
  return <p>{`Hello ${name}`}</p>;
}

/** A part whose load the test resolves or rejects by hand. */
function manualPart() {
  const pending: { resolve: () => void; reject: () => void }[] = [];
  const part = deferred(() => new Promise<typeof Hello>((resolve, reject) => {
    pending.push({ resolve: () => resolve(Hello), reject: () => reject(new Error('offline')) });
  }));
  return { part, pending };
}

describe('DeferredSlot({ part, props, label })', () => {
  it('shows a named loading status of the given height, then the part with its props', async () => {
    const { part, pending } = manualPart();
    render(<DeferredSlot part={part} props={{ name: 'Ada' }} label="the greeting" minHeight={120} eager />);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('Loading the greeting…');
    expect(status.style.minHeight).toBe('120px');
    await act(async () => { pending[0].resolve(); });
    expect(screen.getByText('Hello Ada')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('draws a part loaded earlier at once, with no loading status', async () => {
    const { part, pending } = manualPart();
    const loading = part.load();
    pending[0].resolve();
    await loading;
    render(<DeferredSlot part={part} props={{ name: 'Grace' }} label="the greeting" />);
    expect(screen.getByText('Hello Grace')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('starts loading without being asked when the page is idle (jsdom: a timer)', async () => {
    const { part, pending } = manualPart();
    render(<DeferredSlot part={part} props={{ name: 'Alan' }} label="the greeting" />);
    expect(pending).toHaveLength(0);
    await act(async () => { await new Promise((r) => setTimeout(r, 10)); });
    expect(pending).toHaveLength(1);
    await act(async () => { pending[0].resolve(); });
    expect(screen.getByText('Hello Alan')).toBeTruthy();
  });

  it('says when the part cannot be loaded, and Try again loads it again', async () => {
    const user = userEvent.setup();
    const { part, pending } = manualPart();
    render(<DeferredSlot part={part} props={{ name: 'Edsger' }} label="the greeting" eager />);
    await act(async () => { pending[0].reject(); });
    expect(screen.getByRole('alert').textContent).toBe('Could not load the greeting. Try again');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(pending).toHaveLength(2);
    await act(async () => { pending[1].resolve(); });
    expect(screen.getByText('Hello Edsger')).toBeTruthy();
  });
});
