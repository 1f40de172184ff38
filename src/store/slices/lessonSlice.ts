/**
 * The lesson slice: which guided lesson and page is open, the reader's answer to its question, and putting the views
 * in each page's state through the store's own actions (settings, input, step, unit, highlight, notation, panels,
 * the MLP comparison, backward mode, the lab's knobs). Its data and actions are merged into AppData / AppActions.
 *
 * Moving pages quickly is safe: every application bumps a counter and stops at its next await once a newer one
 * has begun, so the views end on the page the reader is on.
 */
import { LESSON_PANELS, type LessonState } from '../../lessons/types';
import { LESSON_TITLES } from '../../lessons/titles';
import type { EnginePort } from '../port';
import type { AppState, ModelSettings } from '../types';
import type { SliceArgs } from './sliceArgs';

/** The lessons' pages, states and answers load when a lesson first opens (not with the page); then they are at hand. */
type LessonsModule = typeof import('../../lessons/lessons');
let lessonsModule: LessonsModule | null = null;
const loadLessons = async (): Promise<LessonsModule> => (lessonsModule ??= await import('../../lessons/lessons'));

/** The reader's answer to the question of the page, and the right one once it is computed. */
export interface LessonAnswer {
  /** The choice the reader made. */
  choice: number;
  /** The right choice, read from the live numbers; null while they are computed. */
  correct: number | null;
  /** The numbers that decide it, or why they could not be read. */
  because: string | null;
}

/** Plain data of the lessons feature. */
export interface LessonData {
  /** The open lesson, 1–9, or null. */
  lesson: number | null;
  /** The page shown, 1-based (0 when no lesson is open). */
  lessonPage: number;
  /** The answer given on this page, or null before answering. */
  lessonAnswer: LessonAnswer | null;
  /** True while the page's state is being applied (a model built, a trace or a backward pass in the worker). */
  lessonBusy: boolean;
  /** The matrix the page lights up, or null: hovering another matrix shows that one, and leaving it comes back here. */
  lessonRole: string | null;
}

/** Actions of the lessons feature. */
export interface LessonActions {
  /** Opens lesson `id` at `page` (1-based, clamped) and puts the views in that page's state. */
  openLesson(id: number, page?: number): Promise<void>;
  /** Goes to a page of the open lesson (clamped). */
  goToPage(page: number): Promise<void>;
  /** The next page. */
  nextPage(): Promise<void>;
  /** The previous page. */
  previousPage(): Promise<void>;
  /**
   * Closes the lesson: the panels, notation, highlight, MLP comparison, backward mode and lab knobs go back to what
   * they were before it; the model, input and step stay, so the reader can go on exploring.
   */
  closeLesson(): void;
  /** Answers the page's question: the reveal is applied, then the right answer is read from the live numbers. */
  answerQuestion(choice: number): Promise<void>;
}

/** Initial lesson data. */
export function initialLessonData(): LessonData {
  return { lesson: null, lessonPage: 0, lessonAnswer: null, lessonBusy: false, lessonRole: null };
}

/** How long an answer waits for its numbers (a model build, a backward pass or a lab run) before giving up, ms. */
const ANSWER_WAIT_MS = 30_000;

/** The settings a page asks for: the current ones with the page's over them. */
function settingsFor(s: AppState, st: LessonState): ModelSettings {
  return { ...s.settings, ...st.settings };
}

const sameSettings = (a: ModelSettings, b: ModelSettings) => (Object.keys(a) as (keyof ModelSettings)[]).every((k) => a[k] === b[k]);

/** Lesson actions; the application counter and what to restore on close live in this closure. */
export function createLessonSlice(engine: EnginePort, [set, get]: SliceArgs): LessonActions {
  void engine; // every change goes through the other slices' actions
  let generation = 0;
  let before: Pick<AppState, 'hiddenPanels' | 'notation' | 'compareMlp' | 'backwardOn' | 'labSettings'> | null = null;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Puts the views in `st`; false when a newer application began meanwhile. */
  const apply = async (st: LessonState): Promise<boolean> => {
    const gen = ++generation;
    const current = () => gen === generation;
    set({ lessonBusy: true });
    try {
      let s = get();
      s.pause();
      if (s.trainStatus === 'running') await s.pauseTraining();
      if (!current()) return false;
      // Panels first, so backward mode (drawn only while its panel is shown) and the lab appear with their state.
      if (st.panels) {
        const others = get().hiddenPanels.filter((p) => !(LESSON_PANELS as readonly string[]).includes(p));
        set({ hiddenPanels: [...others, ...LESSON_PANELS.filter((p) => !st.panels!.includes(p))] });
      }
      if (st.notation) get().setNotation(st.notation);
      s = get();
      const settings = settingsFor(s, st);
      const input = st.input ?? s.input;
      // The lessons' numbers come from the model the settings build from the default corpus (deterministic).
      if (!s.model || !s.modelFromSettings || s.corpus !== 'hello world' || !sameSettings(settings, s.settings)) {
        set({ corpus: 'hello world', input, h0: null, c0: null, step: 0, sample: 0 });
        await get().setSettings(settings);
      } else if (input !== s.input || s.h0 !== null || s.c0 !== null) {
        set({ h0: null, c0: null });
        await get().setInput(input);
      }
      if (!current()) return false;
      if (st.line !== undefined) get().setSample(st.line - 1);
      if (st.compareMlp !== undefined && st.compareMlp !== get().compareMlp) await get().setCompareMlp(st.compareMlp);
      if (!current()) return false;
      const a = get();
      if (st.step !== undefined) a.stepTo(st.step === 'end' ? a.tokens.length : st.step);
      if (st.unit !== undefined) a.selectUnit(st.unit - 1);
      if (st.highlight !== undefined) { set({ lessonRole: st.highlight }); a.hoverRole(st.highlight); }
      if (st.lab) {
        const k = { ...get().labSettings, ...st.lab };
        const l = get().labSettings;
        const changed = (Object.keys(k) as (keyof typeof k)[]).some((key) => k[key] !== l[key]);
        if (changed) get().setLabSettings(k);
        else if (!get().labResult) void get().runLabSweep();
      }
      if (st.backward !== undefined) {
        if (st.backward) {
          if (!get().backwardOn) await get().setBackwardMode(true);
          else await get().refreshBackward();
          if (!current()) return false;
          const b = get();
          if (st.backwardStep !== undefined) b.backwardTo(st.backwardStep === 'end' ? (b.backward?.T ?? 0) : st.backwardStep);
        } else if (get().backwardOn) await get().setBackwardMode(false);
      }
      return current();
    } finally {
      if (current()) set({ lessonBusy: false });
    }
  };

  const show = async (id: number, page: number) => {
    // Once loaded, no await comes before the page is set: quick Next page presses each see the page before.
    const { lessonOf, stateOf } = lessonsModule ?? await loadLessons();
    const lesson = lessonOf(id);
    if (!lesson) return;
    const p = Math.max(1, Math.min(lesson.pages.length, Math.round(Number.isFinite(page) ? page : 1)));
    set({ lesson: id, lessonPage: p, lessonAnswer: null });
    await apply(stateOf(lesson, p));
  };

  return {
    async openLesson(id, page = 1) {
      if (!(Number.isInteger(id) && id >= 1 && id <= LESSON_TITLES.length)) return;
      if (get().lesson === null) {
        const s = get();
        before = { hiddenPanels: s.hiddenPanels, notation: s.notation, compareMlp: s.compareMlp, backwardOn: s.backwardOn, labSettings: s.labSettings };
      }
      await show(id, page);
    },
    async goToPage(page) {
      const id = get().lesson;
      if (id !== null) await show(id, page);
    },
    async nextPage() { await get().goToPage(get().lessonPage + 1); },
    async previousPage() { await get().goToPage(get().lessonPage - 1); },
    closeLesson() {
      if (get().lesson === null) return;
      generation++;
      set({ lesson: null, lessonPage: 0, lessonAnswer: null, lessonBusy: false, lessonRole: null });
      get().hoverRole(null);
      if (!before) return;
      const b = before;
      before = null;
      set({ hiddenPanels: b.hiddenPanels, notation: b.notation });
      if (get().compareMlp !== b.compareMlp) void get().setCompareMlp(b.compareMlp);
      if (get().backwardOn !== b.backwardOn) void get().setBackwardMode(b.backwardOn);
      if (get().labSettings !== b.labSettings) get().setLabSettings(b.labSettings);
    },
    async answerQuestion(choice) {
      const { lesson: id, lessonPage: page } = get();
      const { lessonOf, mergeState, stateOf } = lessonsModule ?? await loadLessons();
      const lesson = id === null ? null : lessonOf(id);
      const q = lesson?.pages[page - 1]?.question;
      if (!lesson || !q || !(choice >= 0 && choice < q.choices.length)) return;
      const here = () => get().lesson === id && get().lessonPage === page && get().lessonAnswer?.choice === choice;
      set({ lessonAnswer: { choice, correct: null, because: null } });
      if (q.reveal && !(await apply(mergeState(stateOf(lesson, page), q.reveal)))) return;
      // The answer is read from the numbers on screen once they are there (a trace, a backward pass, a lab run).
      for (const started = Date.now(); here(); await sleep(50)) {
        const r = q.answer(get());
        if (r) { set({ lessonAnswer: { choice, correct: r.correct, because: r.because } }); return; }
        if (Date.now() - started > ANSWER_WAIT_MS) {
          set({ lessonAnswer: { choice, correct: null, because: 'The numbers behind this answer are not ready; try Previous page, then Next page.' } });
          return;
        }
      }
    },
  };
}
