/**
 * Starting the app from a link, a saved session or defaults, then keeping both the link (URL hash) and the session
 * (IndexedDB) up to date as the user works. A link wins over a saved session; a bad link says why and falls back.
 */
import { LESSON_PANELS } from '../../lessons/types';
import type { AppStore } from '../createAppStore';
import type { AppState } from '../types';
import type { SessionData, SessionStore } from './session';
import { fromHash, HIDEABLE, SHARE_VERSION, toHash, type Share } from './shareSchema';

type Hideable = (typeof HIDEABLE)[number];
import { decodeWeights, encodeWeights } from './weights';

/** Where the app reads and writes its link and session. */
export interface PersistenceOptions {
  /** The saved session. */
  session: SessionStore;
  /** The current URL hash (with or without '#'). */
  readHash(): string;
  /** Replaces the URL hash without a navigation (history.replaceState). */
  writeHash(hash: string): void;
  /** Quiet time before saving, ms. */
  debounceMs?: number;
}

/** The link of a state; weights only when the settings cannot rebuild the model, and only when they fit. */
export function shareOf(s: AppState): { share: Share; weightsLeftOut: boolean } {
  const st = s.settings;
  let w: string | undefined;
  let weightsLeftOut = false;
  if (s.model && !s.modelFromSettings) {
    w = encodeWeights(s.model) ?? undefined;
    weightsLeftOut = w === undefined;
  }
  const share: Share = {
    v: SHARE_VERSION, cell: st.cell, h: st.hiddenSize, l: st.numLayers, act: st.nonlinearity, out: st.outputActivation,
    seed: st.seed, init: st.init, task: st.task, in: s.input, t: s.step, j: s.selectedUnit + 1, layer: s.layer + 1,
    sym: s.notation.symbols, form: s.notation.form, ...(s.theme !== 'light' ? { theme: s.theme } : {}), ...(s.projector ? { proj: 1 as const } : {}), ...(s.hiddenPanels.length ? { hide: s.hiddenPanels.filter((p): p is Hideable => (HIDEABLE as readonly string[]).includes(p)) } : {}), ...(w ? { w } : {}),
    ...(s.lesson !== null ? { lesson: s.lesson, page: s.lessonPage } : {}),
  };
  return { share, weightsLeftOut };
}

/** The session record of a state, or null before there is a model. */
export function sessionOf(s: AppState): SessionData | null {
  if (!s.model) return null;
  return {
    version: 1, settings: s.settings, model: s.model, modelFromSettings: s.modelFromSettings, trainLoss: s.trainLoss,
    input: s.input, inputsByTask: s.inputsByTask, step: s.step, selectedUnit: s.selectedUnit, layer: s.layer,
    notation: s.notation, h0: s.h0, c0: s.c0, theme: s.theme, projector: s.projector, hiddenPanels: s.hiddenPanels,
    ...(s.lesson !== null ? { lesson: s.lesson, lessonPage: s.lessonPage } : {}),
  };
}

/** Applies a validated link: settings first, then the model (weights or a build), then the cursor and selection. */
async function openShare(store: AppStore, share: Share): Promise<void> {
  const s = store.getState();
  const settings = {
    ...s.settings,
    ...(share.cell && { cell: share.cell }), ...(share.h && { hiddenSize: share.h }), ...(share.l && { numLayers: share.l }),
    ...(share.act && { nonlinearity: share.act }), ...(share.out && { outputActivation: share.out }),
    ...(share.seed !== undefined && { seed: share.seed }), ...(share.init && { init: share.init }), ...(share.task && { task: share.task }),
  };
  store.setState({
    settings, input: share.in ?? s.input,
    notation: { symbols: share.sym ?? s.notation.symbols, form: share.form ?? s.notation.form },
    // A lesson shows its own panels; the rest of the link's hide list applies at once, all of it after the lesson opens.
    hiddenPanels: (share.hide ?? []).filter((p) => !share.lesson || !(LESSON_PANELS as readonly string[]).includes(p)), theme: share.theme ?? 'light', projector: share.proj === 1,
  });
  if (share.w) await store.getState().commitModel(decodeWeights(share.w), settings, 'open link', null);
  else await store.getState().rebuildModel();
  // A lesson link opens the page's prepared state; the link's own step and unit then win, as they are what was shown.
  if (share.lesson) {
    await store.getState().openLesson(share.lesson, share.page ?? 1);
    if (share.hide) store.setState({ hiddenPanels: share.hide });
  }
  const a = store.getState();
  if (share.layer) a.setLayer(share.layer - 1);
  if (share.j) a.selectUnit(share.j - 1);
  if (share.t !== undefined) a.stepTo(share.t);
}

/** Restores a saved session exactly (no retraining). */
async function openSession(store: AppStore, d: SessionData): Promise<void> {
  store.setState({
    settings: d.settings, input: d.input, inputsByTask: d.inputsByTask, notation: d.notation, h0: d.h0, c0: d.c0,
    theme: d.theme ?? 'light', projector: d.projector ?? false, hiddenPanels: d.hiddenPanels ?? [],
  });
  await store.getState().commitModel(d.model, d.settings, 'restore session', d.trainLoss);
  store.setState({ modelFromSettings: d.modelFromSettings, undoStack: [] });
  // A lesson in progress comes back on its page; the saved panels, step and unit then win, as they were shown.
  if (d.lesson) {
    await store.getState().openLesson(d.lesson, d.lessonPage ?? 1);
    store.setState({ hiddenPanels: d.hiddenPanels ?? [] });
  }
  const a = store.getState();
  a.setLayer(d.layer);
  a.selectUnit(d.selectedUnit);
  a.stepTo(d.step);
}

/** Stops saving when called; `saveNow` writes the link and the session at once (before a reload). */
export interface Persistence {
  (): void;
  /** Writes the link and awaits the session save; says whether the link left the weights out. */
  saveNow(): Promise<{ weightsLeftOut: boolean }>;
}

/**
 * Opens the app (link, else session, else a fresh build), then saves the link and the session after each change.
 * @returns a function that stops saving, with `saveNow`.
 */
export async function connectPersistence(store: AppStore, opts: PersistenceOptions): Promise<Persistence> {
  const hash = opts.readHash().replace(/^#/, '');
  let opened = false;
  let linkError: string | null = null;
  if (hash) {
    const r = fromHash(hash);
    if (r.ok) {
      try {
        await openShare(store, r.share);
        opened = true;
      } catch (e) {
        linkError = `This link could not be opened: ${e instanceof Error ? e.message : String(e)}`;
      }
    } else {
      linkError = `This link could not be opened: ${r.error}`;
    }
  }
  let sessionError: string | null = null;
  if (!opened) {
    const why = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 300).replace(/\.?$/, '.');
    // load() refuses a damaged record with a sentence saying where; storage that fails says why.
    const saved = await opts.session.load().catch((e: unknown) => { sessionError = why(e); return null; });
    if (saved) {
      try {
        await openSession(store, saved);
        opened = true;
      } catch (e) {
        // A session that does not open is dropped in favour of a fresh model: better than a broken page.
        sessionError = `The saved session could not be restored: ${why(e)}`;
      }
    }
  }
  if (!opened) await store.getState().rebuildModel();
  // Said after opening: opening a model clears older messages.
  if (linkError) store.setState({ error: `${linkError} The saved session (or a new model) is shown instead.` });
  else if (sessionError) store.setState({ error: `${sessionError} A new model is shown; the saved session is replaced as you work.` });

  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = (): { weightsLeftOut: boolean; saved: Promise<void> } => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const s = store.getState();
    if (!s.model) return { weightsLeftOut: false, saved: Promise.resolve() };
    const { share, weightsLeftOut } = shareOf(s);
    opts.writeHash(toHash(share));
    if (weightsLeftOut !== (s.linkNote !== null)) {
      store.setState({ linkNote: weightsLeftOut ? 'This link holds the settings only: the weights are too large for a link. Export the model to share them.' : null });
    }
    const record = sessionOf(s);
    return { weightsLeftOut, saved: record ? opts.session.save(record) : Promise.resolve() };
  };
  // A refused save (storage full, private mode, IndexedDB gone) is said, not thrown: the work stays on screen and
  // in the link, and the note goes away once a save succeeds again.
  const flush = () => {
    write().saved.then(
      () => { if (store.getState().saveNote !== null) store.setState({ saveNote: null }); },
      (e: unknown) => {
        const why = e instanceof Error && e.message ? ` (${e.message.slice(0, 120)})` : '';
        store.setState({ saveNote: `This browser did not keep your work${why}: storage is full or unavailable. It stays on this page and in the link; export the model to keep it.` });
      },
    );
  };
  const watched: (keyof AppState)[] = ['settings', 'model', 'input', 'step', 'selectedUnit', 'layer', 'notation', 'h0', 'hiddenPanels', 'modelFromSettings', 'theme', 'projector', 'lesson', 'lessonPage'];
  const unsubscribe = store.subscribe((s, prev) => {
    if (!watched.some((k) => s[k] !== prev[k])) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(flush, opts.debounceMs ?? 400);
  });
  flush();
  const stop = () => { unsubscribe(); if (timer !== null) clearTimeout(timer); };
  return Object.assign(stop, {
    async saveNow() {
      const { weightsLeftOut, saved } = write();
      await saved;
      return { weightsLeftOut };
    },
  });
}
