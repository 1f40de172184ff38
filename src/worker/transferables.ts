/**
 * Finding what a reply can move instead of copy. postMessage throws a DataCloneError when one ArrayBuffer is
 * listed twice, and the engine's results do share buffers (layer l+1's `input` is layer l's `h`; a subarray
 * view shares its parent's buffer), so the list is deduplicated.
 */

/**
 * Every distinct ArrayBuffer behind the typed arrays inside `values`, walking plain objects and arrays deeply.
 * SharedArrayBuffers are skipped because they cannot be transferred.
 */
export function collectBuffers(...values: unknown[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visited = new Set<object>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || visited.has(v)) return;
    visited.add(v);
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
      return;
    }
    if (v instanceof ArrayBuffer) {
      buffers.add(v);
      return;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child);
  };
  for (const v of values) walk(v);
  return [...buffers];
}
