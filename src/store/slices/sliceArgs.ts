/** What every slice creator receives: zustand's set and get over the whole state. */
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from '../types';

/** [set, get] of the combined store. */
export type SliceArgs = [StoreApi<AppState>['setState'], StoreApi<AppState>['getState']];

/** A readable message from anything thrown. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
