/** Two switches of the display notation: symbols and vector orientation. The numbers never change. */
import { useAppStore } from '../../store/useAppStore';

/** Notation controls. */
export function NotationSwitch() {
  const notation = useAppStore((s) => s.notation);
  const setNotation = useAppStore((s) => s.setNotation);
  return (
    <fieldset className="notation">
      <legend>Notation</legend>
      <label>Symbols
        <select aria-label="Symbols" value={notation.symbols} onChange={(e) => setNotation({ symbols: e.currentTarget.value as 'textbook' | 'matrix' })}>
          <option value="textbook">U, W, V, b, c</option>
          <option value="matrix">W_xh, W_hh, W_hy, b_h, b_y</option>
        </select>
      </label>
      <label>Form
        <select aria-label="Form" value={notation.form} onChange={(e) => setNotation({ form: e.currentTarget.value as 'column' | 'row' })}>
          <option value="column">column vectors (U·x_t)</option>
          <option value="row">row vectors, batch n (X_t·W_xh)</option>
        </select>
      </label>
    </fieldset>
  );
}
