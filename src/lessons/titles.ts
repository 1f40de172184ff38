/** The nine lessons' titles, in order: all the page needs before a lesson opens (the lessons themselves load then). */
export const LESSON_TITLES: readonly string[] = [
  'What a recurrent neuron is',
  'Unrolling and shared weights',
  'The hidden-state update, term by term',
  'The output',
  'MLP vs RNN',
  'The state matrix',
  'Training with BPTT',
  'Vanishing and exploding gradients',
  'LSTM and GRU gates',
];
