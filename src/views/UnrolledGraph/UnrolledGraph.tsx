/**
 * The network unrolled over time: one column per step, shared matrices on every edge. In backward mode the forward
 * pass is complete and the backward pass is drawn over it, from t = T down to the backward cursor.
 * Only the columns in the scroll viewport (and a few either side) are drawn, each a memoized component, so a step
 * re-renders the previous and the current column and nothing else, whatever the sequence's length.
 */
import { memo, Suspense, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { formatMagnitude } from '../../viz/format';
import { columnAt, layoutColumn, phaseOf, unrolledGeometry, visibleColumns, type UnrolledGeometry, type UnrolledNode } from '../../viz/layoutUnrolled';
import { symbolOf, type Role, type SymbolSet } from '../../viz/notation';
import type { ColorFn } from '../../viz/scales';
import { theme } from '../../viz/theme';
import type { Model, Trace } from '../../engine/types';
import { backwardColumn } from '../Backward/readouts';
import { h0Of, hAt, outputLabel, stateColor, yAt } from '../readouts';
import { lazyPanel } from '../lazyPanel';
import { ArrowMarker, showToken, StateStrip } from '../shared';
import { BACKWARD_LANES, BACKWARD_RIGHT, BACKWARD_TOP } from './backwardGeometry';

// The backward pass's drawing loads when backward mode is first used.
const parts = () => import('./BackwardParts');
const BackwardBackdrop = lazyPanel(() => parts().then((m) => m.BackwardBackdrop));
const BackwardGraphLayer = lazyPanel(() => parts().then((m) => m.BackwardGraphLayer));
const BackwardAccumulators = lazyPanel(() => parts().then((m) => m.BackwardAccumulators));

/** Columns drawn either side of the viewport, so that a short scroll or a step shows no empty column. */
const MARGIN_COLUMNS = 3;

/** What a column's nodes need; all primitive or stable, so a column re-renders only when its own look changes. */
interface ColumnProps {
  t: number;
  g: UnrolledGeometry;
  phase: UnrolledNode['phase'];
  /** Folded: the offset that slides the column onto the focused one, and whether it stays visible there. */
  shift: number | null;
  keep: boolean;
}

/**
 * Fold style of a column: CSS transitions on transform and opacity animate it (class fold-anim). The dimming of the
 * steps not yet run sits on a group outside it, so that a step, which changes only that, starts no transition: a
 * 700 ms opacity transition on SVG is a repaint every frame on the main thread.
 */
function foldStyle(shift: number | null, keep: boolean): React.CSSProperties {
  return shift !== null
    ? { transform: `translate(${shift}px, 0)`, opacity: keep ? 1 : 0, pointerEvents: keep ? undefined : 'none' }
    : { transform: 'translate(0px, 0)' };
}

/** The three edges into column t, each labelled with its shared matrix. */
const ColumnEdges = memo(function ColumnEdges({ t, g, phase, shift, keep, hovered, symbols, hoverRole }: ColumnProps & {
  hovered: string | null; symbols: SymbolSet; hoverRole: (r: Role | null) => void;
}) {
  const edgeColor = (role: Role) => (hovered === role ? theme.highlight : phase === 'future' ? theme.ghost : phase === 'current' ? theme.current : theme.edge);
  const label = (role: Role) => symbolOf(role, symbols).replace('_', '');
  return layoutColumn(t, phase, g).edges.map((e) => (
    <g key={e.id} opacity={phase === 'future' ? 0.45 : 1}><g className="fold-anim" style={foldStyle(shift, keep && e.role !== 'recurrent')}>
      <line x1={e.x1} y1={e.y1} x2={e.x2} y2={e.y2} stroke={edgeColor(e.role)}
        strokeWidth={hovered === e.role ? 4 : phase === 'current' ? theme.currentStroke : theme.stroke} markerEnd="url(#arrow-unrolled)" />
      <text
        x={e.role === 'recurrent' ? (e.x1 + e.x2) / 2 : e.x1 + 8} y={e.role === 'recurrent' ? e.y1 - 8 : (e.y1 + e.y2) / 2 + 5}
        textAnchor={e.role === 'recurrent' ? 'middle' : 'start'} fontSize={theme.fontSize} fontWeight={hovered === e.role ? 700 : 500}
        fill={hovered === e.role ? theme.ink : theme.muted}
        tabIndex={keep ? 0 : -1} role="button" aria-label={`Shared matrix ${label(e.role)}`}
        onMouseEnter={() => hoverRole(e.role)} onMouseLeave={() => hoverRole(null)}
        onFocus={() => hoverRole(e.role)} onBlur={() => hoverRole(null)}
        className="matrix-label"
      >{label(e.role)}</text>
    </g></g>
  ));
});

/** The nodes of column t: x_t, h_t (its state strip) and y_t, or h_0 for column 0. */
const ColumnNodes = memo(function ColumnNodes({ t, g, phase, shift, keep, trace, model, layer, color, unit, token, stepTo, selectUnit }: ColumnProps & {
  trace: Trace | null; model: Model | null; layer: number; color: ColorFn; unit: number; token: string | undefined;
  stepTo: (t: number) => void; selectUnit: (j: number) => void;
}) {
  const future = phase === 'future';
  const fold = foldStyle(shift, keep);
  return layoutColumn(t, phase, g).nodes.map((n) => {
    if (n.kind === 'h' || n.kind === 'h0') {
      const values = n.kind === 'h0' ? h0Of(trace, model, layer) : future ? null : hAt(trace, model, layer, n.t - 1);
      return (
        <g key={n.id} className="node fold-anim" onClick={() => stepTo(n.t)} style={{ cursor: 'pointer', ...fold }}>
          <StateStrip values={values} x={n.cx - 14} y={n.cy - g.half.h} width={28} height={2 * g.half.h} color={color} selected={unit} ghost={future} onSelect={(j) => { selectUnit(j); stepTo(n.t); }} />
          <text x={n.cx + 17} y={n.cy - g.half.h + 8} textAnchor="start" fontSize={theme.smallFontSize}
            fontWeight={phase === 'current' ? 700 : 400} fill={phase === 'current' ? theme.current : theme.muted}>{n.kind === 'h0' ? 'h₀' : `h${n.t}`}</text>
        </g>
      );
    }
    if (n.kind === 'x') {
      return (
        <g key={n.id} opacity={future ? 0.45 : 1}><g onClick={() => stepTo(n.t)} className="fold-anim" style={{ cursor: 'pointer', ...fold }}>
          <rect x={n.cx - g.half.x} y={n.cy - g.half.x} width={2 * g.half.x} height={2 * g.half.x} rx={6}
            fill={phase === 'current' ? theme.currentFill : theme.nodeFill} stroke={phase === 'current' ? theme.current : theme.edge} strokeWidth={phase === 'current' ? 3 : 1.5} />
          <text x={n.cx} y={n.cy + 6} textAnchor="middle" fontSize={18} fontFamily={theme.mono} fill={theme.ink}>{showToken(token)}</text>
          <text x={n.cx} y={n.cy + g.half.x + 18} textAnchor="middle" fontSize={theme.smallFontSize} fill={theme.muted}>{`t=${n.t}`}</text>
        </g></g>
      );
    }
    const y = future ? null : yAt(trace, model, n.t - 1);
    return (
      <g key={n.id} opacity={future ? 0.45 : 1}><g className="fold-anim" style={fold}>
        <rect x={n.cx - 26} y={n.cy - g.half.y} width={52} height={2 * g.half.y} rx={6} fill={theme.nodeFill}
          stroke={phase === 'current' ? theme.current : theme.edge} strokeWidth={phase === 'current' ? 3 : 1.5} strokeDasharray={future ? '4 3' : undefined} />
        <text x={n.cx} y={n.cy + 5} textAnchor="middle" fontSize={theme.smallFontSize} fontFamily={theme.mono} fill={theme.ink}>
          {outputLabel(model, y)}
        </text>
      </g></g>
    );
  });
});

/** The unrolled view; hovering or focusing a matrix label highlights that matrix at every step. */
export function UnrolledGraph() {
  const { trace, model, tokens, step, layer, hovered, symbols, unit, backwardOn, bw, bt } = useAppStore(useShallow((s) => ({
    trace: s.trace, model: s.model, tokens: s.tokens, step: s.step, layer: s.layer,
    hovered: s.hoveredRole, symbols: s.notation.symbols, unit: s.selectedUnit,
    // The backward panel holds the controls and keeps the pass current: with it hidden, the view draws forward.
    backwardOn: s.backwardOn && !s.hiddenPanels.includes('backward'), bw: s.backward, bt: s.backwardStep,
  })));
  const hoverRole = useAppStore((s) => s.hoverRole);
  const stepForwardTo = useAppStore((s) => s.stepTo);
  const backwardTo = useAppStore((s) => s.backwardTo);
  const selectUnit = useAppStore((s) => s.selectUnit);
  const T = tokens.length;
  // Backward mode draws once its pass matches the input shown (same line, same length).
  const backward = backwardOn && bw !== null && bw.T === T && bt >= 1 ? bw : null;
  const stepTo = backward ? backwardTo : stepForwardTo;
  const g = useMemo(() => unrolledGeometry(T), [T]);
  // One colour function per trace (not per render), so that the memoized columns keep their props.
  const color = useMemo(() => stateColor(trace, model, layer).color, [trace, model, layer]);
  const scroller = useRef<HTMLDivElement>(null);
  const [foldedState, setFolded] = useState(false);
  const scrubbing = useRef<{ id: number; t: number; moved: boolean } | null>(null);
  const folded = foldedState && !backward;
  // Folding slides every column onto the current one (CSS transitions on transform and opacity; React renders
  // the elements, the browser animates them) and shows the self-loop: the unrolled net becomes the folded neuron.
  const focus = backward ? bt : Math.max(1, step);
  const cursor = backward ? bt : step;
  const svgWidth = Math.max(g.width + (backward ? BACKWARD_RIGHT : 0), 320);

  // The columns in view, kept as a column range so that scrolling within a column re-renders nothing. The scroller's
  // position and size are read when it scrolls or resizes (the layout is clean then) and kept here, so that a step
  // does not force a layout of the page to read them.
  const [range, setRange] = useState<{ from: number; to: number }>(() => visibleColumns(0, typeof window === 'undefined' ? 1440 : window.innerWidth, g, T, MARGIN_COLUMNS));
  const view = useRef<{ left: number; width: number; perPixel: number } | null>(null);
  const update = useCallback(() => {
    const v = view.current;
    if (!v) return;
    const next = visibleColumns(v.left * v.perPixel, v.width * v.perPixel, g, T, MARGIN_COLUMNS);
    setRange((r) => (r.from === next.from && r.to === next.to ? r : next));
  }, [g, T]);
  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    // The drawing is scaled to the height the page's layout gives it (app.css): its width in the scroller's own pixels
    // (clientWidth, like scrollLeft, ignores a zoom on the page) converts between drawing units and scroll pixels.
    const svg = el.querySelector('svg');
    const shown = svg ? (svg.clientWidth || svg.getBoundingClientRect().width) : 0;
    view.current = { left: el.scrollLeft, width: el.clientWidth > 0 ? el.clientWidth : window.innerWidth, perPixel: shown > 0 ? svgWidth / shown : 1 };
    update();
  }, [svgWidth, update]);
  const onScroll = () => {
    const el = scroller.current;
    if (el && view.current) { view.current.left = el.scrollLeft; update(); } else measure();
  };

  // Keep the current step in view on long sequences; before the paint, so the columns it scrolls to are drawn in
  // the same frame. Again when the scroller changes size (the page's layout scales the drawing), as a step may then
  // fall outside it.
  const cursorRef = useRef(cursor);
  const reveal = useCallback(() => {
    const el = scroller.current, v = view.current;
    if (!el || !v) return;
    const x = (g.left + cursorRef.current * g.colWidth) / v.perPixel;
    if (x < v.left + 40 || x > v.left + v.width - 80) {
      el.scrollLeft = Math.max(0, x - v.width / 2);
      v.left = el.scrollLeft;
    }
  }, [g]);
  useLayoutEffect(() => {
    cursorRef.current = cursor;
    if (!scroller.current) return;
    if (!view.current) measure();
    reveal();
    update();
  }, [cursor, measure, reveal, update]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const o = new ResizeObserver(() => { measure(); reveal(); update(); });
    o.observe(el);
    return () => o.disconnect();
    // measure changes with T, so the observer is set up again when the scroller first appears.
  }, [measure, reveal, update]);

  if (T === 0) {
    return (
      <div className="empty-state" role="img" aria-label="Unrolled network">
        <p>Nothing to unroll yet. Type a word in <strong>Input sequence</strong> above (for example “hello”), then press <strong>Step forward</strong>.</p>
      </div>
    );
  }
  // Scrubbing: a finger (or a held mouse button) dragged across the columns moves the step to the column under it.
  // The svg takes horizontal drags itself (touch-action: pan-y in app.css); the view scrolls to keep the step shown.
  const columnUnder = (e: React.PointerEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const perPixel = rect.width > 0 ? svgWidth / rect.width : 1;
    return columnAt((e.clientX - rect.left) * perPixel, g, T, backward ? 1 : 0);
  };
  const scrubStart = (e: React.PointerEvent<SVGSVGElement>) => {
    if (folded || e.button !== 0 || (e.target as Element).closest('.matrix-label, button')) return;
    scrubbing.current = { id: e.pointerId, t: columnUnder(e), moved: false };
  };
  const scrubMove = (e: React.PointerEvent<SVGSVGElement>) => {
    const s = scrubbing.current;
    if (!s || s.id !== e.pointerId) return;
    const t = columnUnder(e);
    if (t === s.t) return;
    if (!s.moved) { s.moved = true; e.currentTarget.setPointerCapture?.(e.pointerId); }
    s.t = t;
    stepTo(t);
  };
  const scrubEnd = (e: React.PointerEvent<SVGSVGElement>) => {
    if (scrubbing.current?.id === e.pointerId) scrubbing.current = null;
  };
  const loopX = g.left + focus * g.colWidth;
  const top = backward ? BACKWARD_TOP : 0;
  const height = g.height + (backward ? BACKWARD_TOP + BACKWARD_LANES : 0);
  const col = backward ? backwardColumn(backward, bt) : null;
  const desc = T === 0 ? 'No input yet.' : col
    ? `Backward pass: steps ${T} down to ${bt} back-propagated. At t = ${bt} ‖∂L/∂o_t‖ = ${formatMagnitude(col.dOut)} enters at the top, `
      + `‖∂L/∂h_t‖ = ${formatMagnitude(col.dh)}, and ${formatMagnitude(col.back)} flows left to h_${bt - 1}. Arrow width and colour show the gradient's size on a log scale.`
    : `${T} steps, ${step} computed. Each column is one step; the same matrices are used in every column.`;
  // The columns drawn: those in view, and always the focused one (its matrix labels take the keyboard focus).
  const from = Math.min(range.from, T), to = Math.min(range.to, T);
  const shown: number[] = [];
  for (let t = from; t <= to; t++) shown.push(t);
  if (focus < from || focus > to) shown.push(focus);
  // Backward: every column is computed and the current one is the backward cursor's; the forward edges stay thin
  // and grey under the gradient arrows.
  const nodePhase = (t: number): UnrolledNode['phase'] => (backward ? (t === bt ? 'current' : 'past') : t === 0 ? (step === 0 ? 'current' : 'past') : phaseOf(t, step));
  const edgePhase = (t: number): UnrolledNode['phase'] => (backward ? 'past' : phaseOf(t, step));
  const shift = (t: number) => (folded ? (focus - t) * g.colWidth : null);
  const graph = (
    <div className="unrolled-scroll" ref={scroller} tabIndex={0} role="region" aria-label="Unrolled network, scrolls sideways" onScroll={onScroll}>
      {!backward && (
        <button type="button" className="fold-button" aria-pressed={folded} onClick={() => setFolded((f) => !f)}>
          {folded ? 'Unfold over time' : 'Fold into one neuron'}
        </button>
      )}
      <svg role="figure" aria-label="Unrolled network" width={svgWidth} height={height} viewBox={`0 0 ${svgWidth} ${height}`} className="unrolled"
        onPointerDown={scrubStart} onPointerMove={scrubMove} onPointerUp={scrubEnd} onPointerCancel={scrubEnd}>
        <title>Unrolled network</title>
        <desc>{desc}</desc>
        <defs>
          <ArrowMarker id="arrow-unrolled" color={theme.edge} />
        </defs>
        <g transform={`translate(0,${top})`}>
        {backward && <Suspense fallback={null}><BackwardBackdrop g={g} t={bt} /></Suspense>}
        <text x={8} y={g.rowY + 5} fontSize={theme.fontSize} fill={theme.muted}>y</text>
        <text x={8} y={g.rowH + 5} fontSize={theme.fontSize} fill={theme.muted}>h</text>
        <text x={8} y={g.rowX + 5} fontSize={theme.fontSize} fill={theme.muted}>x</text>
        <path className="fold-anim" style={{ opacity: folded ? 1 : 0 }} fill="none" stroke={theme.current} strokeWidth={2.5} markerEnd="url(#arrow-unrolled)"
          d={`M ${loopX + 16} ${g.rowH - 10} C ${loopX + 70} ${g.rowH - 10}, ${loopX + 70} ${g.rowH + 70}, ${loopX} ${g.rowH + 70} C ${loopX - 70} ${g.rowH + 70}, ${loopX - 70} ${g.rowH - 10}, ${loopX - 16} ${g.rowH - 10}`} />
        {shown.map((t) => t > 0 && (
          <ColumnEdges key={t} t={t} g={g} phase={edgePhase(t)} shift={shift(t)} keep={t === focus} hovered={hovered} symbols={symbols} hoverRole={hoverRole} />
        ))}
        {shown.map((t) => (
          <ColumnNodes key={t} t={t} g={g} phase={nodePhase(t)} shift={shift(t)} keep={t === focus} trace={trace} model={model} layer={layer}
            color={color} unit={unit} token={tokens[t - 1]} stepTo={stepTo} selectUnit={selectUnit} />
        ))}
        {backward && <Suspense fallback={null}><BackwardGraphLayer g={g} bw={backward} t={bt} symbols={symbols} from={from} to={to} /></Suspense>}
        </g>
      </svg>
    </div>
  );
  if (!backward) return graph;
  return (
    <div className="backward-unrolled">
      {graph}
      <Suspense fallback={null}><BackwardAccumulators bw={backward} t={bt} symbols={symbols} height={height} /></Suspense>
    </div>
  );
}
