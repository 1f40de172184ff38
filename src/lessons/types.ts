/**
 * The shape of a guided lesson: pages of plain text, each with the state the views are put in (applied through the
 * store's actions) and, at chosen points, a question asked before the answer is shown. Text is plain strings,
 * rendered by JSX: never HTML.
 */
import type { CellKind, Nonlinearity } from '../engine/types';
import type { AppState, ModelSettings, Notation } from '../store/types';

/** Panels a lesson shows or hides (the panels with an id in App.tsx). */
export const LESSON_PANELS = ['folded', 'unrolled', 'heatmap', 'formula', 'weights', 'debug', 'training', 'backward', 'lab'] as const;

/** One of LESSON_PANELS. */
export type LessonPanelId = (typeof LESSON_PANELS)[number];

/** A matrix role to light up in every view (the store's hoveredRole). */
export type HighlightRole = 'input' | 'recurrent' | 'output' | 'hiddenBias' | 'outputBias';

/** The knobs of the gradient lab a page may set. */
export interface LessonLabKnobs {
  /** Cell of the lab's copy. */
  cell: CellKind;
  /** σ of an RNN copy. */
  nonlinearity: Nonlinearity;
  /** Spectral radius ρ of W. */
  rho: number;
  /** Sequence length T. */
  steps: number;
  /** Gradient clipping on. */
  clip: boolean;
}

/** What a page puts on screen. Pages are patches: a page's state is the lesson's defaults, then every page up to it. */
export interface LessonState {
  /** Model settings; a model is rebuilt (deterministically, from its seed) only when they differ from the current one. */
  settings?: Partial<ModelSettings>;
  /** The input text (lines are a batch). */
  input?: string;
  /** The step shown, or the last one. */
  step?: number | 'end';
  /** The selected unit j, 1-based. */
  unit?: number;
  /** The input line the views show, 1-based. */
  line?: number;
  /** The matrix lit up in every view, or none. */
  highlight?: HighlightRole | null;
  /** Symbols and form. */
  notation?: Partial<Notation>;
  /** The panels shown; the other lesson panels are hidden. */
  panels?: readonly LessonPanelId[];
  /** The MLP comparison beside the model. */
  compareMlp?: boolean;
  /** Backward mode (BPTT step by step). */
  backward?: boolean;
  /** The backward cursor, or t = T. */
  backwardStep?: number | 'end';
  /** The gradient lab's knobs. */
  lab?: Partial<LessonLabKnobs>;
}

/** The right answer to a question, computed from the live numbers. */
export interface Answer {
  /** Index of the right choice. */
  correct: number;
  /** One sentence with the numbers that decide it. */
  because: string;
}

/** A multiple-choice question asked before the answer is on screen. */
export interface LessonQuestion {
  /** The question. */
  prompt: string;
  /** The choices, in order. */
  choices: readonly string[];
  /** Applied once the reader has answered: the views move on to show the answer. */
  reveal?: LessonState;
  /** The right choice, read from the store's trace, gradients or lab run; null while those numbers are not ready. */
  answer(s: AppState): Answer | null;
}

/** One page of a lesson. */
export interface LessonPage {
  /** A sentence or two. */
  text: string;
  /** What the views show on this page (a patch over the pages before it). */
  state?: LessonState;
  /** A question to answer before the answer is shown. */
  question?: LessonQuestion;
  /** Show the shapes of every matrix in both notations, for a batch of n. */
  shapes?: boolean;
}

/** A guided lesson. */
export interface Lesson {
  /** 1-based number, as in links (`lesson=`). */
  id: number;
  /** Title. */
  title: string;
  /** What the lesson's state starts from, before its first page. */
  start: LessonState;
  /** Pages, in order. */
  pages: readonly LessonPage[];
}
