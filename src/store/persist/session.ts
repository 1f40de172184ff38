/**
 * The session saved as the user works (model, weights, input, step, settings), so a reload or a crash loses
 * nothing. IndexedDB in the browser (weights outgrow local storage); an in-memory store in tests.
 */
import type { Model } from '../../engine/types';
import type { ModelSettings, Notation } from '../types';

/** What a session holds: plain data and typed arrays (IndexedDB stores them as they are). */
export interface SessionData {
  /** Format of this record. */
  version: 1;
  settings: ModelSettings;
  model: Model;
  modelFromSettings: boolean;
  trainLoss: number | null;
  input: string;
  inputsByTask: Partial<Record<'text' | 'numbers', string>>;
  step: number;
  selectedUnit: number;
  layer: number;
  notation: Notation;
  h0: Float32Array | null;
  c0: Float32Array | null;
  /** View preferences (absent in records written before they existed). */
  theme?: 'light' | 'dark' | 'contrast';
  projector?: boolean;
  hiddenPanels?: string[];
}

/** Where sessions live. */
export interface SessionStore {
  /** The saved session, or null. */
  load(): Promise<SessionData | null>;
  /** Saves the session, replacing the previous one. */
  save(data: SessionData): Promise<void>;
  /** Forgets the saved session. */
  clear(): Promise<void>;
}

/** A session store in memory (tests, or when IndexedDB is unavailable). */
export function memorySessionStore(): SessionStore {
  let saved: SessionData | null = null;
  return {
    load: async () => (saved ? structuredClone(saved) : null),
    save: async (d) => { saved = structuredClone(d); },
    clear: async () => { saved = null; },
  };
}

const DB = 'rnn-unfold', STORE = 'session', KEY = 'current';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => { req.result.createObjectStore(STORE); };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB did not open'));
  });
}

function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then((db) => new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = op(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(req.result); };
    tx.onerror = () => { db.close(); reject(tx.error ?? new Error('IndexedDB transaction failed')); };
  }));
}

/** The session store in IndexedDB; falls back to memory where IndexedDB is missing (private modes, tests). */
export function indexedDbSessionStore(): SessionStore {
  if (typeof indexedDB === 'undefined') return memorySessionStore();
  return {
    async load() {
      const v = await run<unknown>('readonly', (s) => s.get(KEY));
      const d = v as SessionData | undefined;
      // A record of another format, or damaged, is ignored rather than half-restored.
      return d && d.version === 1 && d.model && d.settings ? d : null;
    },
    save: (d) => run('readwrite', (s) => s.put(d, KEY)).then(() => undefined),
    clear: () => run('readwrite', (s) => s.delete(KEY)).then(() => undefined),
  };
}
