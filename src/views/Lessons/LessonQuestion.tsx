/**
 * Predict, then reveal: the page's question as a group of radio buttons and a "Check answer" button. The views
 * move on to show the answer only after the reader has answered; the right choice is read from the live numbers.
 */
import { useId, useState } from 'react';
import type { LessonQuestion as Question } from '../../lessons/types';
import type { LessonAnswer } from '../../store/slices/lessonSlice';
import { useAppStore } from '../../store/useAppStore';
import { Subscripted } from '../Subscripted';

/** The sentence under an answered question. */
function verdict(q: Question, a: LessonAnswer): string {
  if (a.correct === null) return a.because ?? 'Working out the answer from the model…';
  const right = a.correct === a.choice;
  return `${right ? 'Right' : 'Not quite'}: the answer is “${q.choices[a.correct]}”. ${a.because ?? ''}`.trim();
}

/** The question of the open page; `key` it by lesson and page so each page starts unanswered. */
export function LessonQuestion({ question }: { question: Question }) {
  const answer = useAppStore((s) => s.lessonAnswer);
  const answerQuestion = useAppStore((s) => s.answerQuestion);
  const [choice, setChoice] = useState<number | null>(null);
  const [nudge, setNudge] = useState(false);
  const name = useId();
  const check = () => {
    if (choice === null) { setNudge(true); return; }
    void answerQuestion(choice);
  };
  const state = answer === null ? null : answer.correct === null ? 'pending' : answer.correct === answer.choice ? 'right' : 'wrong';
  return (
    <div className="lesson-question">
      <fieldset disabled={answer !== null}>
        <legend><Subscripted text={`Predict: ${question.prompt}`} /></legend>
        {question.choices.map((c, k) => (
          <label key={c}>
            <input type="radio" name={name} value={k} checked={(answer?.choice ?? choice) === k} onChange={() => { setChoice(k); setNudge(false); }} />
            {' '}<Subscripted text={c} />
          </label>
        ))}
      </fieldset>
      {answer === null && <button type="button" onClick={check}>Check answer</button>}
      <p className={`lesson-verdict${state ? ` ${state}` : ''}`} aria-live="polite">
        {answer !== null ? <Subscripted text={verdict(question, answer)} /> : nudge ? 'Choose an answer first.' : ''}
      </p>
    </div>
  );
}
