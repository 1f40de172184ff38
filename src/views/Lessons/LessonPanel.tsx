/**
 * The guided lessons: a "Lessons" button opening the list of the nine, then the open lesson's page (its text, the
 * shapes in both notations where the page asks, its question) with Previous page, Next page and Close lesson. The
 * page's state is applied by the store; every control is a native button or radio, so the keyboard path is the tab
 * order, and no key is taken from the app (← → PageUp PageDown keep stepping).
 */
import { Suspense, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { LESSON_TITLES } from '../../lessons/titles';
import { useAppStore } from '../../store/useAppStore';
import { lazyPanel } from '../lazyPanel';

// The pages (text, questions, shapes) load with the lessons, when one first opens.
const LessonPage = lazyPanel(() => import('./LessonPage').then((m) => m.LessonPage));

/** The lessons panel at the top of the page. */
export function LessonPanel() {
  const id = useAppStore((s) => s.lesson);
  const { openLesson, closeLesson } = useAppStore(useShallow((s) => ({ openLesson: s.openLesson, closeLesson: s.closeLesson })));
  const [menu, setMenu] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  // Focus goes to the lesson's heading when one is chosen from the list, so a screen reader starts reading there.
  const focusHeading = useRef(false);
  const takeFocusRequest = () => {
    const asked = focusHeading.current;
    focusHeading.current = false;
    return asked;
  };

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
        {id === null && !menu && <span className="note">Nine short guided lessons, from one recurrent neuron to LSTM and GRU gates.</span>}
      </div>
      {menu && (
        <ol id="lesson-menu" className="lesson-menu" aria-label="Lessons to choose from">
          {LESSON_TITLES.map((title, k) => (
            <li key={title}>
              <button type="button" aria-current={k + 1 === id ? 'true' : undefined} onClick={() => choose(k + 1)} onKeyDown={escape}>{`${k + 1}. ${title}`}</button>
            </li>
          ))}
        </ol>
      )}
      {id !== null && <Suspense fallback={<p className="note" aria-busy="true">Loading the lesson…</p>}><LessonPage takeFocusRequest={takeFocusRequest} onClose={close} /></Suspense>}
    </section>
  );
}
