/**
 * Display notation, mapped once: the engine's numbers never change, only the names and the orientation shown.
 *  - symbols 'textbook': U (input→hidden), W (hidden→hidden), V (hidden→output), b, c
 *  - symbols 'matrix':   W_xh, W_hh, W_hy, b_h, b_y
 *  - form 'column': U·x_t with column vectors; form 'row': X_t·W_xh with row vectors and a batch of n (W_xh = Uᵀ).
 */
export type SymbolSet = 'textbook' | 'matrix';
/** Column vectors (U·x_t) or row vectors with a batch (X_t·W_xh). */
export type Form = 'column' | 'row';

/** The roles a symbol can play in the drawings. */
export type Role = 'input' | 'recurrent' | 'output' | 'hiddenBias' | 'outputBias';

const NAMES: Record<SymbolSet, Record<Role, string>> = {
  textbook: { input: 'U', recurrent: 'W', output: 'V', hiddenBias: 'b', outputBias: 'c' },
  matrix: { input: 'W_xh', recurrent: 'W_hh', output: 'W_hy', hiddenBias: 'b_h', outputBias: 'b_y' },
};

/**
 * What each role means, as the symbol table says it. The textbook output bias is named `c`, like the LSTM's cell
 * state c_t: the bias's meaning says it is one vector for every step, and an LSTM's table adds a row for c_t.
 */
export function meaningOf(role: Role): string {
  return {
    input: 'input → hidden weights', recurrent: 'hidden → hidden weights (the loop)', output: 'hidden → output weights',
    hiddenBias: 'hidden bias (the same at every step)', outputBias: 'output bias (a vector of O numbers, the same at every step)',
  }[role];
}

/** The symbol-table row of the LSTM's cell state: its name in the form shown, its meaning and its shape. */
export function cellStateRow(form: Form, H: number, symbols: SymbolSet): { symbol: string; meaning: string; shape: string } {
  return {
    symbol: form === 'column' ? 'c_t' : 'C_t',
    meaning: `the LSTM's cell state at step t${symbols === 'textbook' ? ' (not the output bias c)' : ''}`,
    shape: form === 'column' ? `${H}` : `n×${H}`,
  };
}

/** The plain-text name of a role, e.g. 'W' or 'W_hh'. */
export function symbolOf(role: Role, symbols: SymbolSet): string {
  return NAMES[symbols][role];
}

/**
 * The shape of a role's matrix as shown, for sizes D, H, O and batch n. G gate blocks (LSTM 4, GRU 3) stack the
 * input and recurrent matrices and the hidden bias, as PyTorch stores them (G·H rows).
 */
export function shapeOf(role: Role, form: Form, d: { D: number; H: number; O: number; G?: number }): string {
  const { D, H, O } = d;
  const gh = d.G && d.G > 1 ? `${d.G}·${H}` : `${H}`;
  const col: Record<Role, string> = { input: `${gh}×${D}`, recurrent: `${gh}×${H}`, output: `${O}×${H}`, hiddenBias: `${gh}`, outputBias: `${O}` };
  const row: Record<Role, string> = { input: `${D}×${gh}`, recurrent: `${H}×${gh}`, output: `${H}×${O}`, hiddenBias: `1×${gh}`, outputBias: `1×${O}` };
  return (form === 'column' ? col : row)[role];
}

/** The hidden-state update rule as plain text in the chosen notation. */
export function updateRule(symbols: SymbolSet, form: Form): string {
  if (form === 'column') {
    return symbols === 'textbook'
      ? 'h_t = σ(U·x_t + W·h_{t−1} + b)'
      : 'h_t = σ(W_xh·x_t + W_hh·h_{t−1} + b_h)';
  }
  return symbols === 'textbook'
    ? 'H_t = σ(X_t·Uᵀ + H_{t−1}·Wᵀ + b)'
    : 'H_t = σ(X_t·W_xh + H_{t−1}·W_hh + b_h)';
}

/** The output rule as plain text in the chosen notation. */
export function outputRule(symbols: SymbolSet, form: Form): string {
  if (form === 'column') return symbols === 'textbook' ? 'y_t = O(V·h_t + c)' : 'y_t = O(W_hy·h_t + b_y)';
  return symbols === 'textbook' ? 'Y_t = O(H_t·Vᵀ + c)' : 'Y_t = O(H_t·W_hy + b_y)';
}
