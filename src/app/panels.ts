/**
 * The parts of the page loaded after the first view, each from its own chunk: everything below the three views
 * (debug tools, training, backpropagation, the gradient lab, the weights, the settings), the formula beside the
 * heatmap (KaTeX loads later still) and the keyboard help. The first view (controls, folded cell, unrolled graph,
 * heatmap) stays in the entry chunk.
 */
import { deferred } from '../views/deferred';

/** The update rule next to the heatmap. */
export const formulaPart = deferred(() => import('../views/FormulaPanel').then((m) => m.FormulaPanel));
/** Debug the hidden state. */
export const debugPart = deferred(() => import('../views/Debug').then((m) => m.DebugPanel));
/** Training. */
export const trainingPart = deferred(() => import('../views/Training').then((m) => m.TrainingPanel));
/** Backpropagation through time. */
export const backwardPart = deferred(() => import('../views/Backward').then((m) => m.BackwardPanel));
/** Vanishing and exploding gradients. */
export const labPart = deferred(() => import('../views/GradientLab').then((m) => m.GradientLab));
/** The weight matrices. */
export const weightsPart = deferred(() => import('../views/WeightsPanel').then((m) => m.WeightsPanel));
/** Model, model files, notation and image export. */
export const settingsPart = deferred(() => import('./SettingsRow').then((m) => m.SettingsRow));
/** The keyboard help dialog. */
export const keyboardHelpPart = deferred(() => import('../views/Controls/KeyboardHelp').then((m) => m.KeyboardHelp));

/** Every deferred part. */
export const DEFERRED_PARTS = [formulaPart, debugPart, trainingPart, backwardPart, labPart, weightsPart, settingsPart, keyboardHelpPart];

/** Loads every deferred part (component tests, which query the whole page at once). */
export async function loadAllParts(): Promise<void> {
  await Promise.all(DEFERRED_PARTS.map((p) => p.load()));
}
