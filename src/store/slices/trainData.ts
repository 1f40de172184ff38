/**
 * The data a training task feeds (generated from its preset and seed, or read from the input box), and its summary
 * for the task panel. Loaded with the training panel or when training starts, not with the page.
 */
import { DEFAULT_VOCABULARY } from '../../engine/gates';
import { parseSeries } from '../../engine/series';
import { echoTask, ECHO_DELAY, nextCharTask, nextStepSeriesTask, parityTask, sineTask, TASK_SIZES, type TaskData } from '../../engine/tasks';
import type { Model } from '../../engine/types';
import type { AppState } from '../types';
import { messageOf } from './sliceArgs';
import { modelFitsTask } from './trainTask';

/** Whether a text task may be trained on the model's own vocabulary (it then keeps the model's one-hot layout). */
function textVocabulary(model: Model | null): readonly string[] {
  return model && model.vocabulary.length > 0 && model.config.embeddingSize === 0 ? model.vocabulary : DEFAULT_VOCABULARY;
}

/**
 * The data of a task. Presets draw from the training seed; "your own" reads the input box (text: next character of
 * each line, over the model's vocabulary; numbers: the next row, or its target column).
 */
export function taskDataOf(s: Pick<AppState, 'trainTask' | 'trainText' | 'trainTargetColumn' | 'trainSettings' | 'input' | 'settings' | 'model'>): TaskData {
  const seed = s.trainSettings.seed;
  switch (s.trainTask) {
    case 'hello': case 'rhyme': return nextCharTask(s.trainText);
    case 'sine': return sineTask({ ...TASK_SIZES.sine, seed });
    case 'echo': return echoTask({ ...TASK_SIZES.echo, delay: ECHO_DELAY, seed });
    case 'parity': return parityTask({ ...TASK_SIZES.parity, seed });
    case 'own': return s.settings.task === 'numbers' ? nextStepSeriesTask(parseSeries(s.input), s.trainTargetColumn) : nextCharTask(s.input, textVocabulary(s.model));
  }
}

/** What Train would feed the model, for the task panel: sizes and whether the current model fits, or why it cannot. */
export type TaskSummary =
  | { n: number; T: number; inputSize: number; outputSize: number; vocabularySize: number; fits: boolean; problem?: undefined }
  | { problem: string };

/** The summary of the task in a state (the data is small: at most a few thousand numbers are built). */
export function taskSummaryOf(s: Parameters<typeof taskDataOf>[0]): TaskSummary {
  try {
    const d = taskDataOf(s);
    return { n: d.batch.n, T: d.batch.T, inputSize: d.inputSize, outputSize: d.outputSize, vocabularySize: d.vocabulary.length, fits: modelFitsTask(s.model, d) };
  } catch (e) {
    return { problem: messageOf(e) };
  }
}

