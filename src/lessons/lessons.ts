/**
 * The nine guided lessons, as data: plain-text pages, the state each page puts the views in, and questions whose
 * answers are read from the live trace, gradients or lab run when the reader answers (never written in here).
 * docs/lessons.md lists them.
 */
import { distance, fmt, gateAt, gradientPartsAt, labEnds, predictionAt, quote, stateAt, termsAt, batchStateAt } from './readings';
import { LESSON_TITLES } from './titles';
import type { Lesson, LessonState } from './types';

export type { Answer, Lesson, LessonPage, LessonQuestion, LessonState } from './types';

/** Where every lesson starts: the app's default model on “hello world”, before the lesson's own `start`. */
export const LESSON_DEFAULTS: LessonState = {
  settings: { cell: 'rnn', hiddenSize: 8, numLayers: 1, nonlinearity: 'tanh', outputActivation: 'softmax', seed: 1, task: 'text', init: 'pytorch' },
  input: 'hello world', step: 0, unit: 1, line: 1, highlight: null, notation: { symbols: 'textbook', form: 'column' },
  panels: ['folded', 'unrolled', 'heatmap', 'formula'], compareMlp: false, backward: false,
};

const YES_NO_SAME = ['The same', 'Different'] as const;

const lesson1: Lesson = {
  id: 1, title: LESSON_TITLES[0],
  start: { panels: ['folded', 'formula'] },
  pages: [
    { text: 'A recurrent neuron reads a sequence one item at a time. Here it reads “hello world”, one character per step, and nothing has been read yet (t = 0).' },
    { text: 'The input x_t comes in through the weights U. The loop on the neuron carries its own last state h_{t−1} back in through W: that loop is its memory. W is lit up in the drawing.',
      state: { step: 1, highlight: 'recurrent' } },
    { text: 'Each step adds the input’s part and the memory’s part and squashes the sum with tanh, so every unit of h_t stays between −1 and 1. The heatmap keeps a column per step.',
      state: { step: 3, highlight: null, panels: ['folded', 'heatmap', 'formula'] } },
    {
      text: 'Step 3 has read the first ‘l’. Predict before you look:',
      question: {
        prompt: 'After the next input (t = 4, the second ‘l’), will unit h_1 be positive or negative?',
        choices: ['Positive', 'Negative'],
        reveal: { step: 4 },
        answer(s) {
          const h = stateAt(s, 4);
          if (!h) return null;
          return { correct: h[0] > 0 ? 0 : 1, because: `At t = 4, h_1 = ${fmt(h[0])}.` };
        },
      },
    },
    { text: 'Press Step forward (or →) to feed the rest yourself. It is one neuron with one set of weights, used again at every step.', state: { step: 4 } },
  ],
};

const lesson2: Lesson = {
  id: 2, title: LESSON_TITLES[1],
  start: { panels: ['folded', 'unrolled'] },
  pages: [
    { text: 'Unrolling draws the same neuron once per step, side by side: one column per character, starting from h₀ on the left. Nothing new is added; the loop is just laid out in time.' },
    { text: 'Every arrow from one column to the next carries the same matrix W, lit up here at every step. Hover or focus any W label to light it up yourself.',
      state: { step: 5, highlight: 'recurrent' } },
    { text: 'U on the inputs and V on the outputs are shared in the same way. Training changes one copy of each, and every step sees the change.',
      state: { highlight: 'input' } },
    {
      text: 'The letter ‘l’ is read at t = 3 and again at t = 4, through the same U and the same W.',
      state: { step: 3, highlight: null, panels: ['unrolled', 'heatmap'] },
      question: {
        prompt: 'Will h_3 and h_4 be the same vector?',
        choices: YES_NO_SAME,
        reveal: { step: 4 },
        answer(s) {
          const a = stateAt(s, 3), b = stateAt(s, 4);
          if (!a || !b) return null;
          const d = distance(a, b);
          return { correct: d > 1e-6 ? 1 : 0, because: `‖h_4 − h_3‖ = ${fmt(d)}: the inputs are equal but h_{t−1} is not, so the states ${d > 1e-6 ? 'differ' : 'agree'}. That difference is the memory.` };
        },
      },
    },
    { text: 'Shared weights are why an RNN reads a sequence of any length: type one more character into the input and the unrolled network grows by one column.',
      state: { step: 'end' } },
  ],
};

const lesson3: Lesson = {
  id: 3, title: LESSON_TITLES[2],
  start: { panels: ['unrolled', 'formula'] },
  pages: [
    { text: 'h_t = tanh(U·x_t + W·h_{t−1} + b). The formula panel shows this rule with the live numbers of the selected unit j at the current step.', state: { step: 1 } },
    { text: 'U·x_t is what the new input says. x_t is one-hot (a single 1 at the current character), so U·x_t just picks that character’s column of U.',
      state: { step: 2, highlight: 'input' } },
    { text: 'W·h_{t−1} is what the memory says: the previous state mixed through W. At t = 1 it is exactly 0, because h₀ is all zeros.',
      state: { step: 1, highlight: 'recurrent' } },
    {
      text: 'Now unit j = 2 at the next step.',
      state: { step: 3, unit: 2, highlight: null },
      question: {
        prompt: 'At t = 4, which term will be larger in size for unit 2: the input term (U·x_t)_2 or the memory term (W·h_{t−1})_2?',
        choices: ['The input term', 'The memory term'],
        reveal: { step: 4 },
        answer(s) {
          const x = termsAt(s, 4, 1);
          if (!x) return null;
          return { correct: Math.abs(x.input) >= Math.abs(x.memory) ? 0 : 1, because: `(U·x_4)_2 = ${fmt(x.input)} and (W·h_3)_2 = ${fmt(x.memory)}.` };
        },
      },
    },
    { text: 'Books write this rule two ways. Columns, one sequence: h_t = σ(U·x_t + W·h_{t−1} + b). Rows, a batch of n sequences: H_t = σ(X_t·W_xh + H_{t−1}·W_hh + b_h), with W_xh = Uᵀ and W_hh = Wᵀ. The numbers are the same.',
      state: { notation: { symbols: 'matrix', form: 'row' } }, shapes: true },
    { text: 'With a batch of n, X_t is n×D, W_xh is D×H, H_{t−1} is n×H and W_hh is H×H, so both products are n×H: one row per sequence. The table lists every shape in both notations.',
      shapes: true },
  ],
};

const lesson4: Lesson = {
  id: 4, title: LESSON_TITLES[3],
  start: { panels: ['unrolled', 'heatmap', 'formula'] },
  pages: [
    { text: 'The hidden state is not the answer yet. An output layer reads it: y_t = softmax(V·h_t + c) gives one probability per character of the vocabulary (c is the output bias, the same at every step).',
      state: { step: 2, highlight: 'output' } },
    { text: 'This model was trained to predict the next character of “hello world”. The probabilities are drawn beside the heatmap, and the formula panel names the most likely one.' },
    {
      text: 'The model has read “he”. Step 3 feeds ‘l’.',
      state: { highlight: null },
      question: {
        prompt: 'After “hel”, which character will the model rate most likely to come next?',
        choices: ['‘l’', '‘o’', '‘e’', 'Another character'],
        reveal: { step: 3 },
        answer(s) {
          const k = predictionAt(s, 3);
          if (k === null) return null;
          const at = ['l', 'o', 'e'].indexOf(k);
          return { correct: at < 0 ? 3 : at, because: `After “hel” the model’s most likely next character is ${quote(k)}.` };
        },
      },
    },
    { text: 'In the other notation: y_t = softmax(W_hy·h_t + b_y), and for a batch Y_t = softmax(H_t·W_hy + b_y) is n×O: one row of probabilities per sequence.',
      state: { notation: { symbols: 'matrix', form: 'row' }, highlight: 'output' }, shapes: true },
  ],
};

const lesson5: Lesson = {
  id: 5, title: LESSON_TITLES[4],
  start: { panels: ['unrolled', 'formula'], compareMlp: true },
  pages: [
    { text: 'An MLP (a plain feed-forward network) sees one input at a time. Take this same model and set W = 0: the loop is cut and what is left is an MLP.',
      state: { highlight: 'recurrent' } },
    { text: 'The table under the unrolled network runs both on the same input, with the same U, V and biases. Only W differs.', state: { step: 2, highlight: null } },
    {
      text: '‘l’ comes at t = 3 and again at t = 4.',
      question: {
        prompt: 'Will the MLP predict the same next character at t = 3 and at t = 4?',
        choices: YES_NO_SAME,
        reveal: { step: 4 },
        answer(s) {
          const a = predictionAt(s, 3, 'mlp'), b = predictionAt(s, 4, 'mlp');
          const r3 = predictionAt(s, 3), r4 = predictionAt(s, 4);
          if (a === null || b === null || r3 === null || r4 === null) return null;
          return { correct: a === b ? 0 : 1, because: `The MLP predicts ${quote(a)} then ${quote(b)}; the RNN predicts ${quote(r3)} then ${quote(r4)}.` };
        },
      },
    },
    { text: 'Without memory the MLP cannot tell the first ‘l’ from the second, so it cannot know that “hell” goes on with ‘o’. The RNN’s state carries where in the word it is.',
      state: { step: 'end' } },
  ],
};

const lesson6: Lesson = {
  id: 6, title: LESSON_TITLES[5],
  start: { panels: ['heatmap', 'formula'] },
  pages: [
    { text: 'The heatmap is the hidden state over time: one row per unit, one column per step. Read down a column to see h_t; read along a row to follow one unit.',
      state: { step: 'end' } },
    { text: 'Several lines in the input are a batch, one sequence per line. Here three words are read together.',
      state: { input: 'hello\nhelp\nhold', step: 3, panels: ['unrolled', 'heatmap', 'formula'] } },
    { text: 'For a batch, the states at step t stack into a matrix H_t with one row per sequence: n×H, here n = 3. In rows: H_t = σ(X_t·W_xh + H_{t−1}·W_hh + b_h), all rows at once.',
      state: { notation: { symbols: 'matrix', form: 'row' } }, shapes: true },
    {
      text: '“hello” and “help” start with the same three letters, from the same h₀.',
      question: {
        prompt: 'At t = 3, will their rows of H_3 be the same?',
        choices: YES_NO_SAME,
        answer(s) {
          const a = batchStateAt(s, 0, 3), b = batchStateAt(s, 1, 3), a4 = batchStateAt(s, 0, 4), b4 = batchStateAt(s, 1, 4);
          if (!a || !b || !a4 || !b4) return null;
          const d = distance(a, b);
          return { correct: d < 1e-6 ? 0 : 1, because: `The rows differ by ${fmt(d)} at t = 3; at t = 4 (‘l’ against ‘p’) by ${fmt(distance(a4, b4))}.` };
        },
      },
    },
    { text: 'Sample shown, under the input, picks the row the views draw. Here it is line 2, “help”: from t = 4 on, its columns part from “hello”.',
      state: { line: 2, step: 4 } },
  ],
};

const lesson7: Lesson = {
  id: 7, title: LESSON_TITLES[6],
  start: { panels: ['unrolled', 'training'], step: 'end' },
  pages: [
    { text: 'Training asks the model, at every step, to predict the next character, and measures how wrong it was: the loss L, averaged over the steps. Training lowers L; the next pages show how its gradient is found.' },
    { text: 'Backpropagation through time (BPTT) finds how L changes with every weight. It starts at the last step, t = T, and walks back to t = 1 through the unrolled network.',
      state: { panels: ['unrolled', 'formula', 'backward'], backward: true, backwardStep: 'end' } },
    { text: 'At each step ∂L/∂h_t has two sources: the output at that step, from above, and step t + 1, from the right through Wᵀ.', state: { backwardStep: 6 } },
    {
      text: 'The backward cursor is at t = 4.',
      state: { backwardStep: 4 },
      question: {
        prompt: 'At t = 3, which part of ∂L/∂h_3 will be larger: the part from the output at step 3, or the part flowing back from step 4?',
        choices: ['From the output at step 3', 'From step 4'],
        reveal: { backwardStep: 3 },
        answer(s) {
          const g = gradientPartsAt(s, 3);
          if (!g) return null;
          return { correct: g.fromOutput >= g.fromNext ? 0 : 1, because: `From the output: ${fmt(g.fromOutput)}; from step 4: ${fmt(g.fromNext)}.` };
        },
      },
    },
    { text: 'U, W and V are shared, so every step adds its piece to one gradient per matrix; the accumulators under the unrolled view sum them. An optimizer step then moves every weight a little against its gradient.',
      state: { backwardStep: 1 } },
    { text: 'In the Training panel, Train runs many such steps and draws the loss curve as it falls. Undo brings back the weights from before.',
      state: { panels: ['unrolled', 'training'], backward: false } },
  ],
};

const lesson8: Lesson = {
  id: 8, title: LESSON_TITLES[7],
  start: { panels: ['lab'], lab: { cell: 'rnn', nonlinearity: 'identity', rho: 1, steps: 50, clip: false } },
  pages: [
    { text: 'Going back one step multiplies the gradient by that step’s Jacobian, roughly W times the slope of σ. Over many steps these factors multiply, like interest on a debt.' },
    { text: 'The lab takes a copy of this model, rescales W so that its spectral radius (how much it stretches at most, in the long run) is ρ, and sends a gradient back from step T = 50. Here ρ = 1.' },
    {
      text: 'Now ρ drops to 0.5.',
      question: {
        prompt: 'With ρ = 0.5, will the gradient that reaches step 1 be larger or smaller than the one that left step 50?',
        choices: ['Larger', 'Smaller'],
        reveal: { lab: { rho: 0.5 } },
        answer(s) {
          const e = labEnds(s);
          if (!e || e.rho !== 0.5) return null;
          return { correct: e.first > e.last ? 0 : 1, because: `‖∂L/∂h_1‖ = ${fmt(e.first)} against ‖∂L/∂h_50‖ = ${fmt(e.last)}: it ${e.first < e.last ? 'vanishes' : 'grows'}.` };
        },
      },
    },
    {
      text: 'And now ρ rises to 1.5.',
      state: { lab: { rho: 0.5 } },
      question: {
        prompt: 'With ρ = 1.5, will the gradient that reaches step 1 be larger or smaller than the one that left step 50?',
        choices: ['Larger', 'Smaller'],
        reveal: { lab: { rho: 1.5 } },
        answer(s) {
          const e = labEnds(s);
          if (!e || e.rho !== 1.5) return null;
          return { correct: e.first > e.last ? 0 : 1, because: `‖∂L/∂h_1‖ = ${fmt(e.first)} against ‖∂L/∂h_50‖ = ${fmt(e.last)}: it ${e.first > e.last ? 'explodes' : 'shrinks'}.` };
        },
      },
    },
    { text: 'Clipping scales a too-large gradient down to norm 1, so one exploding update cannot wreck the weights. It does nothing for vanishing: for that, the next lesson’s gates.',
      state: { lab: { rho: 1.5, clip: true } } },
  ],
};

const lesson9: Lesson = {
  id: 9, title: LESSON_TITLES[8],
  start: { settings: { cell: 'lstm' }, panels: ['folded', 'heatmap', 'formula'], step: 3 },
  pages: [
    { text: 'An LSTM keeps a second state, the cell state c_t, and three gates that decide what to write, what to keep and what to show. Each gate is a sigmoid, between 0 and 1.' },
    { text: 'c_t = f ⊙ c_{t−1} + i ⊙ g: the forget gate f keeps part of the old cell state c_{t−1} and the input gate i writes new content g. Then h_t = o ⊙ tanh(c_t) shows part of it.',
      state: { step: 4 } },
    {
      text: 'Step 5 feeds ‘o’.',
      question: {
        prompt: 'At t = 5, will the forget gate f of unit 1 be above 0.5 (keeping more than it forgets) or below?',
        choices: ['Above 0.5', 'Below 0.5'],
        reveal: { step: 5 },
        answer(s) {
          const f = gateAt(s, 5, 1, 0);
          if (f === null || s.model?.config.cell !== 'lstm') return null;
          return { correct: f > 0.5 ? 0 : 1, because: `f_1 at t = 5 is ${fmt(f)}.` };
        },
      },
    },
    { text: 'Where f stays near 1 the cell passes its content, and its gradient, along almost unchanged: that is how an LSTM keeps gradients from vanishing.', state: { step: 5 } },
    { text: 'A GRU does the same with two gates. The update gate z mixes old and new, h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}; the reset gate r decides how much of h_{t−1} the candidate n sees.',
      state: { settings: { cell: 'gru' }, step: 4 } },
    {
      text: 'Step 5 feeds ‘o’ again.',
      question: {
        prompt: 'At t = 5, will the update gate z of unit 1 be above 0.5 (mostly keeping h_4) or below (mostly taking the new n)?',
        choices: ['Above 0.5', 'Below 0.5'],
        reveal: { step: 5 },
        answer(s) {
          const z = gateAt(s, 5, 1, 0);
          if (z === null || s.model?.config.cell !== 'gru') return null;
          return { correct: z > 0.5 ? 0 : 1, because: `z_1 at t = 5 is ${fmt(z)}.` };
        },
      },
    },
    { text: 'PyTorch stacks the gates’ weights: W_ih is 3H×D for a GRU (r, z, n) and 4H×D for an LSTM (i, f, g, o). With row vectors for a batch of n, every gate is n×H.',
      state: { notation: { symbols: 'matrix', form: 'row' }, step: 5 }, shapes: true },
  ],
};

/** The lessons, in order; `LESSONS[k − 1].id === k`. */
export const LESSONS: readonly Lesson[] = [lesson1, lesson2, lesson3, lesson4, lesson5, lesson6, lesson7, lesson8, lesson9];

/** The lesson with number `id` (1-based), or null. */
export function lessonOf(id: number): Lesson | null {
  return LESSONS[id - 1] ?? null;
}

/**
 * The whole state of a page (1-based): the defaults, the lesson's start, then every page up to it, with the reveals
 * of the questions before it (the views go on from the answer). A page is the same whichever way the reader arrived
 * (a link, Next page, Previous page), answered or not.
 */
export function stateOf(lesson: Lesson, page: number): LessonState {
  const layers = [LESSON_DEFAULTS, lesson.start, ...lesson.pages.slice(0, page).flatMap((p, k) => [
    p.state ?? {}, ...(k < page - 1 && p.question?.reveal ? [p.question.reveal] : []),
  ])];
  return layers.reduce<LessonState>(mergeState, {});
}

/** `b` over `a`; settings, notation and lab knobs merge key by key. */
export function mergeState(a: LessonState, b: LessonState): LessonState {
  return {
    ...a, ...b,
    ...(a.settings || b.settings ? { settings: { ...a.settings, ...b.settings } } : {}),
    ...(a.notation || b.notation ? { notation: { ...a.notation, ...b.notation } } : {}),
    ...(a.lab || b.lab ? { lab: { ...a.lab, ...b.lab } } : {}),
  };
}
