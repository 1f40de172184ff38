/**
 * The presets of the training panel: names, sizes, learning rates and sentences, as plain data (the page shows them
 * before any data is generated; the generators are in tasks.ts).
 */
import { EngineError } from './errors';

/** The presets of the training panel. */
export type TaskId = 'hello' | 'rhyme' | 'sine' | 'echo' | 'parity' | 'own';

/** How a task's inputs are written: characters of a vocabulary, or numbers. */
export type TaskInput = 'text' | 'numbers';

/** A preset: what it is called, what it teaches and the sizes it starts from. */
export interface TaskPreset {
  /** Stable id. */
  id: TaskId;
  /** Name shown in the task list. */
  name: string;
  /** One sentence on what the task teaches. */
  teaches: string;
  /** How its inputs are written (text tasks feed characters, series tasks numbers). */
  input: TaskInput;
  /** H of a model built for the task. */
  hiddenSize: number;
  /** Optimizer steps of one run. */
  steps: number;
  /** Adam learning rate that trains it in `steps`. */
  lr: number;
  /** Training text of a text preset (editable), else ''. */
  text: string;
}

/** The nursery rhyme preset's text, in the default vocabulary. */
export const RHYME = 'twinkle twinkle little star, how i wonder what you are.';

/** Echo delay k of the delayed-echo preset, in steps. */
export const ECHO_DELAY = 3;

/** Sizes of the generated tasks: sequences n and steps T. */
export const TASK_SIZES = { sine: { n: 4, T: 50, period: 20 }, echo: { n: 32, T: 20 }, parity: { n: 32, T: 10 } } as const;

/** Every preset, in the order of the task list. */
export const TASK_PRESETS: readonly TaskPreset[] = [
  { id: 'hello', name: '“hello world”', input: 'text', hiddenSize: 8, steps: 300, lr: 0.02, text: 'hello world',
    teaches: 'Next-character prediction: after “l” comes “l”, “o” or “d”, so the state must remember where in the word it is.' },
  { id: 'rhyme', name: 'Nursery rhyme', input: 'text', hiddenSize: 24, steps: 800, lr: 0.02, text: RHYME,
    teaches: 'A longer text: the state has to carry which word and which line it is in to tell repeated letters apart.' },
  { id: 'sine', name: 'Sine forecast', input: 'numbers', hiddenSize: 8, steps: 400, lr: 0.01, text: '',
    teaches: 'One-step-ahead forecasting of a wave; free-running then feeds each forecast back in, so errors compound.' },
  { id: 'echo', name: `Delayed echo (k = ${ECHO_DELAY})`, input: 'text', hiddenSize: 16, steps: 600, lr: 0.01, text: '',
    teaches: `Repeat each input bit ${ECHO_DELAY} steps later: the answer is not in the input any more, only in memory.` },
  { id: 'parity', name: 'Running parity', input: 'text', hiddenSize: 16, steps: 1500, lr: 0.01, text: '',
    teaches: 'Is the count of ones so far odd? One bit of memory that every input flips, never forgets and cannot read off the last step.' },
  { id: 'own', name: 'Your own input', input: 'text', hiddenSize: 16, steps: 500, lr: 0.01, text: '',
    teaches: 'The text or numbers in the input box, each step predicting the next: whatever you type becomes the lesson.' },
];

/** The preset with an id. */
export function presetOf(id: TaskId): TaskPreset {
  const p = TASK_PRESETS.find((t) => t.id === id);
  if (!p) throw new EngineError(`Unknown task "${String(id)}".`);
  return p;
}

