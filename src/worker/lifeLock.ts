/**
 * A liveness signal the main thread can wait on: the worker takes a Web Lock and never lets it go, so the lock is
 * released exactly when the worker's global scope goes away (terminate(), self.close(), a crash, running out of
 * memory). The bridge queues a request for the same lock and is granted it only then: a death that fires no event is
 * still noticed, without polling and without confusing a long computation with a dead worker.
 */

/** The lock API, when the platform has one (browsers in a secure context; not Node 20). */
function lockManager(): LockManager | null {
  const nav = (globalThis as { navigator?: { locks?: LockManager } }).navigator;
  return nav?.locks ?? null;
}

/** Worker methods of the liveness signal, merged into the engine API (api.ts). */
export function createLifeLockApi() {
  const held = new Set<string>();
  return {
    /**
     * Takes the lock `name` for the rest of the worker's life. Resolves true once it is held, false when the platform
     * has no Web Locks (the bridge then relies on the worker's error events alone).
     */
    async holdLifeLock(name: string): Promise<boolean> {
      const locks = lockManager();
      if (!locks) return false;
      if (held.has(name)) return true;
      return new Promise<boolean>((resolve) => {
        locks.request(name, () => {
          held.add(name);
          resolve(true);
          // Never settles: the lock is released only when this worker is gone.
          return new Promise<never>(() => {});
        }).catch(() => resolve(false));
      });
    },
  };
}
