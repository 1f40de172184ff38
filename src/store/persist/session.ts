/**
 * The session saved as the user works (model, weights, input, step, settings), so a reload or a crash loses
 * nothing. IndexedDB in the browser (weights outgrow local storage); an in-memory store in tests.
 */
import { z } from '../../engine/io/zod';
import { LESSONS } from '../../lessons/lessons';
import { checkVocabulary, MAX_TOTAL_ELEMENTS } from '../../engine/io';
import { configSchema, vocabularySchema } from '../../engine/io/schema';
import type { Arr, Model, ModelConfig } from '../../engine/types';
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
  /** The lesson open and its page (absent when none was open, and in older records). */
  lesson?: number;
  lessonPage?: number;
}

/** Where sessions live. */
export interface SessionStore {
  /** The saved session, or null when there is none; rejects, saying why, when a record fails parseSession. */
  load(): Promise<SessionData | null>;
  /** Saves the session, replacing the previous one. */
  save(data: SessionData): Promise<void>;
  /** Forgets the saved session. */
  clear(): Promise<void>;
}

/** The longest input a session may restore (the editor refuses longer text to trace anyway). */
const MAX_SESSION_INPUT = 1_000_000;

const settingsSchema = z.looseObject({
  cell: z.enum(['rnn', 'lstm', 'gru']),
  hiddenSize: z.int().min(1).max(4096),
  numLayers: z.int().min(1).max(4),
  nonlinearity: z.enum(['tanh', 'relu', 'sigmoid', 'identity']),
  outputActivation: z.enum(['softmax', 'sigmoid', 'tanh', 'identity']),
  seed: z.int().min(0).max(4294967295),
  task: z.enum(['text', 'numbers']),
  init: z.enum(['pytorch', 'xavier', 'orthogonal']),
});

const recordSchema = z.looseObject({
  version: z.literal(1),
  settings: settingsSchema,
  model: z.looseObject({ config: configSchema, vocabulary: vocabularySchema, params: z.looseObject({ layers: z.array(z.unknown()).max(4) }) }),
  modelFromSettings: z.boolean(),
  trainLoss: z.custom<number | null>((x) => x === null || typeof x === 'number', 'expected a number or null'),
  input: z.string().max(MAX_SESSION_INPUT),
  inputsByTask: z.strictObject({ text: z.string().max(MAX_SESSION_INPUT).optional(), numbers: z.string().max(MAX_SESSION_INPUT).optional() }),
  step: z.int().min(0),
  selectedUnit: z.int().min(0),
  layer: z.int().min(0),
  notation: z.strictObject({ symbols: z.enum(['textbook', 'matrix']), form: z.enum(['column', 'row']) }),
  h0: z.instanceof(Float32Array).nullable(),
  c0: z.instanceof(Float32Array).nullable(),
  theme: z.enum(['light', 'dark', 'contrast']).optional(),
  projector: z.boolean().optional(),
  hiddenPanels: z.array(z.string().max(40)).max(100).optional(),
  lesson: z.int().min(1).max(LESSONS.length).optional(),
  lessonPage: z.int().min(1).optional(),
});

const isArr = (a: unknown): a is Arr => a instanceof Float32Array || a instanceof Float64Array;

/** Gates per cell (G in G·H). */
const GATES = { rnn: 1, gru: 3, lstm: 4 } as const;

/**
 * Why the parameters of a stored model do not fit its config, or null when they do: every array the engine reads
 * (the four of each layer, biases included even without `bias`, and the optional ones exactly when the config has
 * them) of the right length, one float dtype, and finite.
 */
function paramsProblem(params: Record<string, unknown>, config: ModelConfig): string | null {
  const { layers } = params as { layers: unknown[] };
  const { numLayers: L, hiddenSize: H, inputSize: D, embeddingSize: V, outputSize: O } = config;
  if (layers.length !== L) return `the model has ${layers.length} layers of weights for ${L} in its config`;
  const GH = GATES[config.cell] * H;
  const arrays: [string, unknown, number | null][] = [
    ['embedding', params.embedding, V > 0 ? V * D : null], ['outWeight', params.outWeight, O > 0 ? O * H : null], ['outBias', params.outBias, O > 0 ? O : null],
  ];
  for (const [l, layer] of layers.entries()) {
    if (typeof layer !== 'object' || layer === null) return `layer ${l + 1} of the weights is not an object`;
    const p = layer as Record<string, unknown>;
    arrays.push([`weightIh of layer ${l + 1}`, p.weightIh, GH * (l === 0 ? D : H)], [`weightHh of layer ${l + 1}`, p.weightHh, GH * H],
      [`biasIh of layer ${l + 1}`, p.biasIh, GH], [`biasHh of layer ${l + 1}`, p.biasHh, GH]);
  }
  if (arrays.reduce((n, [, , size]) => n + (size ?? 0), 0) > MAX_TOTAL_ELEMENTS) return 'the model is larger than any model the app opens';
  let ctor: unknown = null;
  for (const [name, a, size] of arrays) {
    if (size === null) {
      if (a !== null) return `the model holds ${name}, which its config has no place for`;
      continue;
    }
    if (!isArr(a)) return `${name} is not a float array`;
    if (a.length !== size) return `${name} holds ${a.length} numbers, not ${size}`;
    if (ctor !== null && a.constructor !== ctor) return `${name} has another dtype than the other weights`;
    ctor = a.constructor;
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return `${name} holds ${a[i]} at index ${i}`;
  }
  return null;
}

/**
 * Checks a stored record before anything of it is restored: a record of another version, or damaged (missing
 * fields, weights that do not fit the config, non-finite numbers, a cursor past the model), is refused whole
 * with the reason, never half-restored.
 */
export function parseSession(v: unknown): { ok: true; data: SessionData } | { ok: false; error: string } {
  if (typeof v !== 'object' || v === null) return { ok: false, error: 'The saved session is not a record.' };
  if ((v as { version?: unknown }).version !== 1) return { ok: false, error: 'The saved session is of another version of the app.' };
  const parsed = recordSchema.safeParse(v);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `The saved session is damaged at "${issue.path.join('.') || '?'}" (${issue.message}).` };
  }
  const d = parsed.data;
  const { config } = d.model;
  const damaged = (why: string) => ({ ok: false as const, error: `The saved session is damaged: ${why}.` });
  try { checkVocabulary(d.model.vocabulary, config); } catch (e) { return damaged((e as Error).message.replace(/\.$/, '')); }
  const problem = paramsProblem(d.model.params, config);
  if (problem) return damaged(problem);
  const LH = config.numLayers * config.hiddenSize;
  if (d.h0 && d.h0.length !== LH) return damaged(`h0 holds ${d.h0.length} numbers, not L·H = ${LH}`);
  if (d.c0 && (config.cell !== 'lstm' || d.c0.length !== LH)) return damaged(config.cell === 'lstm' ? `c0 holds ${d.c0.length} numbers, not L·H = ${LH}` : 'c0 is set for a model without a cell state');
  for (const a of [d.h0, d.c0]) if (a && !a.every(Number.isFinite)) return damaged('the initial state holds a number that is not finite');
  if (d.layer >= config.numLayers) return damaged(`layer ${d.layer + 1} is past the model's ${config.numLayers}`);
  if (d.selectedUnit >= config.hiddenSize) return damaged(`unit ${d.selectedUnit + 1} is past the model's ${config.hiddenSize}`);
  if (d.lessonPage !== undefined && (d.lesson === undefined || d.lessonPage > LESSONS[d.lesson - 1].pages.length)) {
    return damaged(d.lesson === undefined ? 'it has a lesson page but no lesson' : `lesson ${d.lesson} has no page ${d.lessonPage}`);
  }
  // The parsed copy drops nothing the app reads; the typed arrays are the record's own (zod does not copy them).
  return { ok: true, data: d as unknown as SessionData };
}

/** One stored record, as raw as the storage gives it back. */
export interface RecordStorage {
  /** The stored value, or undefined when there is none. */
  get(): Promise<unknown>;
  /** Replaces the stored value. */
  put(data: SessionData): Promise<void>;
  /** Removes it. */
  delete(): Promise<void>;
}

/** A session store over raw storage: a record is restored only when parseSession accepts it. */
export function validatedSessionStore(storage: RecordStorage): SessionStore {
  return {
    async load() {
      const v = await storage.get();
      if (v === undefined || v === null) return null;
      const r = parseSession(v);
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    save: (d) => storage.put(d),
    clear: () => storage.delete(),
  };
}

/** A session store in memory (tests, or when IndexedDB is unavailable). */
export function memorySessionStore(): SessionStore {
  let saved: SessionData | undefined;
  return validatedSessionStore({
    get: async () => (saved ? structuredClone(saved) : undefined),
    put: async (d) => { saved = structuredClone(d); },
    delete: async () => { saved = undefined; },
  });
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
  return validatedSessionStore({
    get: () => run<unknown>('readonly', (s) => s.get(KEY)),
    put: (d) => run('readwrite', (s) => s.put(d, KEY)).then(() => undefined),
    delete: () => run('readwrite', (s) => s.delete(KEY)).then(() => undefined),
  });
}
