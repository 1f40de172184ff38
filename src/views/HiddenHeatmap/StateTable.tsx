/** The text alternative of the heatmap: the same numbers as a table, one row per unit, one column per step run. */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { showToken } from '../shared';

/** Hidden state h_t,j for every unit j and every computed step t. */
export function StateTable() {
  const { trace, model, tokens, step, layer } = useAppStore(useShallow((s) => ({ trace: s.trace, model: s.model, tokens: s.tokens, step: s.step, layer: s.layer })));
  const H = model?.config.hiddenSize ?? 0;
  const h = trace?.layers[layer]?.h;
  const cols = Array.from({ length: step }, (_, c) => c);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Hidden state table, scrolls sideways">
      <table aria-label="Hidden state table">
        <caption>Hidden state h after each step (rows: units, columns: steps)</caption>
        <thead>
          <tr><th scope="col">unit</th>{cols.map((c) => <th key={c} scope="col">{`t=${c + 1} '${showToken(tokens[c])}'`}</th>)}</tr>
        </thead>
        <tbody>
          {Array.from({ length: H }, (_, r) => (
            <tr key={r}><th scope="row">{`h${r + 1}`}</th>{cols.map((c) => <td key={c}>{h ? h[c * H + r].toFixed(3) : ''}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
