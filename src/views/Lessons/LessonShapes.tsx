/**
 * The shapes of every matrix and vector of the current model in both textbook notations: column vectors for one
 * sequence (U, W, V) beside row vectors for a batch of n (W_xh, W_hh, W_hy). Gated cells stack G gate blocks.
 */
import { useAppStore } from '../../store/useAppStore';
import { symbolOf, type Role } from '../../viz/notation';

/** One row: what it is, its column-notation symbol and shape, its row-notation symbol and shape. */
type ShapeRow = [string, string, string, string, string];

/** The shapes table of a lesson page. */
export function LessonShapes() {
  const config = useAppStore((s) => s.model?.config ?? null);
  if (!config) return null;
  const { inputSize: D, hiddenSize: H, outputSize: O, cell } = config;
  const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  const GH = G === 1 ? `${H}` : `${G}·${H}`;
  const t = (r: Role) => symbolOf(r, 'textbook'), m = (r: Role) => symbolOf(r, 'matrix');
  const rows: ShapeRow[] = [
    [G === 1 ? 'input → hidden weights' : `input → hidden weights (${G} gates stacked)`, t('input'), `${GH}×${D}`, m('input'), `${D}×${GH}`],
    [G === 1 ? 'hidden → hidden weights' : `hidden → hidden weights (${G} gates stacked)`, t('recurrent'), `${GH}×${H}`, m('recurrent'), `${H}×${GH}`],
    ['hidden bias', t('hiddenBias'), GH, m('hiddenBias'), `1×${GH}`],
    ['input at step t', 'x_t', `${D}`, 'X_t', `n×${D}`],
    ['hidden state at step t', 'h_t', `${H}`, 'H_t', `n×${H}`],
  ];
  if (O > 0) {
    rows.push(['hidden → output weights', t('output'), `${O}×${H}`, m('output'), `${H}×${O}`], ['output bias', t('outputBias'), `${O}`, m('outputBias'), `1×${O}`], ['output at step t', 'y_t', `${O}`, 'Y_t', `n×${O}`]);
  }
  return (
    <div className="lesson-shapes table-scroll" role="region" aria-label="Shapes in both notations, scrolls sideways" tabIndex={0}>
      <table>
        <caption>{`Shapes of this model (D = ${D} inputs, H = ${H} units${O > 0 ? `, O = ${O} outputs` : ''}) for a batch of n sequences`}</caption>
        <thead>
          <tr>
            <th scope="col">what</th>
            <th scope="col">columns: symbol</th><th scope="col">shape</th>
            <th scope="col">rows, batch of n: symbol</th><th scope="col">shape</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([what, a, as, b, bs]) => (
            <tr key={what}><th scope="row">{what}</th><td>{a}</td><td>{as}</td><td>{b}</td><td>{bs}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
