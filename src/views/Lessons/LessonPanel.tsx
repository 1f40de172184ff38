/**
 * The guided lessons: a "Lessons" button opening the list of the nine, then the open lesson's page (its text, the
 * shapes in both notations where the page asks, its question) with Previous page, Next page and Close lesson. The
 * page's state is applied by the store; every control is a native button or radio, so the keyboard path is the tab
 * order, and no key is taken from the app (← → PageUp PageDown keep stepping).
 */
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { lessonOf, LESSONS } from '../../lessons/lessons';
import { useAppStore } from '../../store/useAppStore';
import { LessonQuestion } from './LessonQuestion';
import { LessonShapes } from './LessonShapes';
import { Subscripted } from '../Subscripted';

/** The lessons panel at the top of the page. */
export function LessonPanel() {
  const { id, page, busy } = useAppStore(useShallow((s) => ({ id: s.lesson, page: s.lessonPage, busy: s.lessonBusy })));
  const { openLesson, nextPage, previousPage, closeLesson } = useAppStore(useShallow((s) => ({
    openLesson: s.openLesson, nextPage: s.nextPage, previousPage: s.previousPage, closeLesson: s.closeLesson,
  })));
  const [menu, setMenu] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus goes to the lesson's heading when one is chosen from the list, so a screen reader starts reading there.
  const focusHeading = useRef(false);
  useEffect(() => {
    if (focusHeading.current && heading.current) { heading.current.focus(); focusHeading.current = false; }
  });

  const lesson = id === null ? null : lessonOf(id);
  const p = lesson?.pages[page - 1] ?? null;
  const n = lesson?.pages.length ?? 0;
  const choose = (k: number) => {
    focusHeading.current = true;
    setMenu(false);
    void openLesson(k);
  };
  // Escape in the list closes it and goes back to the Lessons button.
  const escape = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') { setMenu(false); menuButton.current?.focus(); }
  };
  const close = () => {
    closeLesson();
    menuButton.current?.focus();
  };
  return (
    <section className="lesson" aria-label="Guided lessons">
      <div className="lesson-bar">
        <button ref={menuButton} type="button" aria-expanded={menu} aria-controls="lesson-menu" onClick={() => setMenu(!menu)}>Lessons</button>
        {lesson === null && !menu && <span className="note">Nine short guided lessons, from one recurrent neuron to LSTM and GRU gates.</span>}
      </div>
      {menu && (
        <ol id="lesson-menu" className="lesson-menu" aria-label="Lessons to choose from">
          {LESSONS.map((l) => (
            <li key={l.id}>
              <button type="button" aria-current={l.id === id ? 'true' : undefined} onClick={() => choose(l.id)} onKeyDown={escape}>{`${l.id}. ${l.title}`}</button>
            </li>
          ))}
        </ol>
      )}
      {lesson && p && (
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
            <button type="button" onClick={close}>Close lesson</button>
          </div>
        </article>
      )}
    </section>
  );
}
