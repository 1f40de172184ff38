import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ACTIVATE_UPDATE, applyUpdate, offerUpdate, TAKEOVER_WAIT_MS } from '../../src/app/serviceWorker';
import { UpdateNotice } from '../../src/app/UpdateNotice';

/** A waiting service worker that records what the page posts to it. */
function fakeWorker() {
  const postMessage = vi.fn<(message: unknown) => void>();
  return { postMessage, addEventListener: vi.fn<() => void>(), state: 'installed' } as unknown as ServiceWorker & { postMessage: typeof postMessage };
}

describe('UpdateNotice', () => {
  it('says nothing on a first visit, then offers a reload that saves the work before activating the new version', async () => {
    const beforeReload = vi.fn<() => Promise<void>>(async () => {});
    render(<UpdateNotice beforeReload={beforeReload} />);
    const first = fakeWorker();
    // First visit: nothing controls the page yet, so an installed worker is not an update.
    act(() => offerUpdate(first, false));
    expect(screen.queryByRole('button', { name: 'Reload to update' })).toBeNull();

    const next = fakeWorker();
    act(() => offerUpdate(next, true));
    expect(screen.getByRole('status').textContent).toMatch(/new version of rnn-unfold is ready/);
    // (Fake timers: the fallback reload of a slow takeover must not fire in jsdom.)
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      await userEvent.setup({ advanceTimers: vi.advanceTimersByTime }).click(screen.getByRole('button', { name: 'Reload to update' }));
      expect(beforeReload).toHaveBeenCalledTimes(1);
      expect(next.postMessage).toHaveBeenCalledWith(ACTIVATE_UPDATE);
      expect(beforeReload.mock.invocationCallOrder[0]).toBeLessThan(next.postMessage.mock.invocationCallOrder[0]);
      expect(screen.getByRole('status').textContent).toMatch(/Your work is saved; switching to the new version/);
    } finally {
      vi.clearAllTimers();
      vi.useRealTimers();
    }
  });

  it('reloads anyway when the new version has not taken over after a short wait', async () => {
    vi.useFakeTimers();
    try {
      const next = fakeWorker();
      offerUpdate(next, true);
      const reload = vi.fn<() => void>();
      await applyUpdate(async () => {}, reload);
      expect(next.postMessage).toHaveBeenCalledWith(ACTIVATE_UPDATE);
      vi.advanceTimersByTime(TAKEOVER_WAIT_MS - 1);
      expect(reload).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(reload).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not switch versions when the work cannot be saved, and says why; Later hides the notice', async () => {
    const next = fakeWorker();
    act(() => offerUpdate(next, true));
    const { unmount } = render(<UpdateNotice beforeReload={async () => { throw new Error('storage is full'); }} />);
    await userEvent.click(screen.getByRole('button', { name: 'Reload to update' }));
    expect((await screen.findByText(/could not be saved.*storage is full/)).textContent).toMatch(/not reloaded/);
    expect(next.postMessage).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Later' }));
    expect(screen.queryByRole('button', { name: 'Reload to update' })).toBeNull();
    unmount();
  });
});
