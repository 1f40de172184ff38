/** The open lesson's page: its text, the shapes where the page asks, its question, and the page buttons. */
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { lessonOf } from '../../lessons/lessons';
import { useAppStore } from '../../store/useAppStore';
import { LessonQuestion } from './LessonQuestion';
import { LessonShapes } from './LessonShapes';
import { Subscripted } from '../Subscripted';

/** Props of the lesson page. */
export interface LessonPageProps {
  /** True once after a lesson is chosen from the list: the page then focuses its heading (a screen reader starts there). */
  takeFocusRequest(): boolean;
  /** Closes the lesson (and puts focus back on the Lessons button). */
  onClose(): void;
}

/** The page of the open lesson, or nothing. */
export function LessonPage({ takeFocusRequest, onClose }: LessonPageProps) {
  const { id, page, busy } = useAppStore(useShallow((s) => ({ id: s.lesson, page: s.lessonPage, busy: s.lessonBusy })));
  const { nextPage, previousPage } = useAppStore(useShallow((s) => ({ nextPage: s.nextPage, previousPage: s.previousPage })));
  const lesson = id === null ? null : lessonOf(id);
  const p = lesson?.pages[page - 1] ?? null;
  const n = lesson?.pages.length ?? 0;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (heading.current && takeFocusRequest()) heading.current.focus();
  });
  if (!lesson || !p) return null;
  return (
    <article className="lesson-page" aria-labelledby="lesson-title" aria-busy={busy}>
      <h2 id="lesson-title" ref={heading} tabIndex={-1}>{`Lesson ${lesson.id}: ${lesson.title}`}</h2>
      <div aria-live="polite">
        <p className="lesson-count">{`Page ${page} of ${n}`}</p>
        <p className="lesson-text"><Subscripted text={p.text} /></p>
      </div>
      {p.shapes && <LessonShapes />}
      {p.question && <LessonQuestion key={`${lesson.id}-${page}`} question={p.question} />}
      {busy && <p className="note">Setting up the views…</p>}
      <div className="lesson-nav">
        <button type="button" aria-disabled={page <= 1} onClick={() => { if (page > 1) void previousPage(); }}>Previous page</button>
        <button type="button" className="primary" aria-disabled={page >= n} onClick={() => { if (page < n) void nextPage(); }}>Next page</button>
        <button type="button" onClick={onClose}>Close lesson</button>
      </div>
    </article>
  );
}
