/**
 * The backward pass's drawing over the unrolled network, loaded when backward mode is first turned on: each part
 * computes the gradient scale (D3's log scale) from the pass itself, so the page's first chunk needs neither.
 */
import { useMemo } from 'react';
import type { BackwardTrace } from '../../store/slices/backwardSlice';
import { gradientScale } from '../../viz/gradientScale';
import type { UnrolledGeometry } from '../../viz/layoutUnrolled';
import type { SymbolSet } from '../../viz/notation';
import { useAppStore } from '../../store/useAppStore';
import { drawnMagnitudes } from '../Backward/readouts';
import { Accumulators } from './Accumulators';
import { BackwardLayer } from './BackwardLayer';

/** The one scale of a pass (the same for the graph's arrows and the accumulators). */
function useScale(bw: BackwardTrace) {
  return useMemo(() => gradientScale(drawnMagnitudes(bw)), [bw]);
}

/** The gradients drawn over the graph (arrows, lanes, magnitudes). */
export function BackwardGraphLayer({ g, bw, t, symbols, from, to }: { g: UnrolledGeometry; bw: BackwardTrace; t: number; symbols: SymbolSet; from?: number; to?: number }) {
  const projector = useAppStore((s) => s.projector);
  return <BackwardLayer g={g} bw={bw} t={t} scale={useScale(bw)} symbols={symbols} from={from} to={to} projector={projector} />;
}

/** The three accumulators beside the graph, with the scale's legend. */
export function BackwardAccumulators({ bw, t, symbols, height }: { bw: BackwardTrace; t: number; symbols: SymbolSet; height: number }) {
  const projector = useAppStore((s) => s.projector);
  return <Accumulators bw={bw} t={t} scale={useScale(bw)} symbols={symbols} height={height} projector={projector} />;
}

export { BackwardBackdrop } from './BackwardLayer';
