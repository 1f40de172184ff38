/**
 * MLP vs RNN: the same model with its recurrence removed (W = 0, a copy), side by side with the real one. Without
 * W each step sees its own input only, so equal inputs give equal states and outputs, whatever came before. The
 * toggle is in the first view; the table's code loads when the comparison is first turned on.
 */
import { useAppStore } from '../../store/useAppStore';
import { DeferredSlot, deferred } from '../deferred';

const tablePart = deferred(() => import('./MlpTable').then((m) => m.MlpTable));

/** The comparison panel, with its toggle. */
export function MlpComparison() {
  const on = useAppStore((s) => s.compareMlp);
  const textbook = useAppStore((s) => s.notation.symbols === 'textbook');
  const setCompareMlp = useAppStore((s) => s.setCompareMlp);
  const W = textbook ? 'W' : 'W_hh';
  return (
    <div className="mlp-compare">
      <label>
        <input type="checkbox" checked={on} onChange={(e) => void setCompareMlp(e.currentTarget.checked)} />
        {` Compare with an MLP: the same weights with ${W} = 0 (no memory)`}
      </label>
      {on && <DeferredSlot part={tablePart} props={{ W }} label="the comparison" eager />}
    </div>
  );
}
