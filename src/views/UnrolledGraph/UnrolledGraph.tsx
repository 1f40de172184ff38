/** The network unrolled over time: one column per step, shared matrices on every edge. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/useAppStore';
import { layoutUnrolled, unrolledGeometry } from '../../viz/layoutUnrolled';
import { symbolOf, type Role } from '../../viz/notation';
import { theme } from '../../viz/theme';
import { h0Of, hAt, outputLabel, stateColor, yAt } from '../readouts';
import { ArrowMarker, showToken, StateStrip } from '../shared';

/** The unrolled view; hovering or focusing a matrix label highlights that matrix at every step. */
export function UnrolledGraph() {
  const { trace, model, tokens, step, layer, hovered, symbols, unit } = useAppStore(useShallow((s) => ({
    trace: s.trace, model: s.model, tokens: s.tokens, step: s.step, layer: s.layer,
    hovered: s.hoveredRole, symbols: s.notation.symbols, unit: s.selectedUnit,
  })));
  const hoverRole = useAppStore((s) => s.hoverRole);
  const stepTo = useAppStore((s) => s.stepTo);
  const selectUnit = useAppStore((s) => s.selectUnit);
  const T = tokens.length;
  const g = useMemo(() => unrolledGeometry(T), [T]);
  const { nodes, edges } = useMemo(() => layoutUnrolled(T, step, g), [T, step, g]);
  const { color } = stateColor(trace, model, layer);
  const scroller = useRef<HTMLDivElement>(null);
  const [folded, setFolded] = useState(false);
  // Folding slides every column onto the current one (CSS transitions on transform and opacity; React renders
  // the elements, the browser animates them) and shows the self-loop: the unrolled net becomes the folded neuron.
  const focus = Math.max(1, step);
  const fold = (t: number, keep = t === focus): React.CSSProperties => (folded
    ? { transform: `translate(${(focus - t) * g.colWidth}px, 0)`, opacity: keep ? 1 : 0, pointerEvents: keep ? undefined : 'none' }
    : { transform: 'translate(0px, 0)' });

  // Keep the current step in view on long sequences.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const x = g.left + step * g.colWidth;
    if (x < el.scrollLeft + 40 || x > el.scrollLeft + el.clientWidth - 80) el.scrollLeft = Math.max(0, x - el.clientWidth / 2);
  }, [step, g]);

  const edgeColor = (role: Role, phase: string) => (hovered === role ? theme.highlight : phase === 'future' ? theme.ghost : phase === 'current' ? theme.current : theme.edge);
  const label = (role: Role) => symbolOf(role, symbols).replace('_', '');
  if (T === 0) {
    return (
      <div className="empty-state" role="img" aria-label="Unrolled network">
        <p>Nothing to unroll yet. Type a word in <strong>Input sequence</strong> above (for example “hello”), then press <strong>Step forward</strong>.</p>
      </div>
    );
  }
  const loopX = g.left + focus * g.colWidth;
  return (
    <div className="unrolled-scroll" ref={scroller} tabIndex={0} role="region" aria-label="Unrolled network, scrolls sideways">
      <button type="button" className="fold-button" aria-pressed={folded} onClick={() => setFolded((f) => !f)}>
        {folded ? 'Unfold over time' : 'Fold into one neuron'}
      </button>
      <svg role="figure" aria-label="Unrolled network" width={Math.max(g.width, 320)} height={g.height} className="unrolled">
        <title>Unrolled network</title>
        <desc>{T === 0 ? 'No input yet.' : `${T} steps, ${step} computed. Each column is one step; the same matrices are used in every column.`}</desc>
        <defs>
          <ArrowMarker id="arrow-unrolled" color={theme.edge} />
        </defs>
        <text x={8} y={g.rowY + 5} fontSize={theme.fontSize} fill={theme.muted}>y</text>
        <text x={8} y={g.rowH + 5} fontSize={theme.fontSize} fill={theme.muted}>h</text>
        <text x={8} y={g.rowX + 5} fontSize={theme.fontSize} fill={theme.muted}>x</text>
        <path className="fold-anim" style={{ opacity: folded ? 1 : 0 }} fill="none" stroke={theme.current} strokeWidth={2.5} markerEnd="url(#arrow-unrolled)"
          d={`M ${loopX + 16} ${g.rowH - 10} C ${loopX + 70} ${g.rowH - 10}, ${loopX + 70} ${g.rowH + 70}, ${loopX} ${g.rowH + 70} C ${loopX - 70} ${g.rowH + 70}, ${loopX - 70} ${g.rowH - 10}, ${loopX - 16} ${g.rowH - 10}`} />
        {edges.map((e) => (
          <g key={e.id} opacity={e.phase === 'future' ? 0.45 : 1} className="fold-anim" style={fold(e.t, e.t === focus && e.role !== 'recurrent')}>
            <line x1={e.x1} y1={e.y1} x2={e.x2} y2={e.y2} stroke={edgeColor(e.role, e.phase)}
              strokeWidth={hovered === e.role ? 4 : e.phase === 'current' ? theme.currentStroke : theme.stroke} markerEnd="url(#arrow-unrolled)" />
            <text
              x={e.role === 'recurrent' ? (e.x1 + e.x2) / 2 : e.x1 + 8} y={e.role === 'recurrent' ? e.y1 - 8 : (e.y1 + e.y2) / 2 + 5}
              textAnchor={e.role === 'recurrent' ? 'middle' : 'start'} fontSize={theme.fontSize} fontWeight={hovered === e.role ? 700 : 500}
              fill={hovered === e.role ? theme.ink : theme.muted}
              tabIndex={e.t === Math.max(1, step) ? 0 : -1} role="button" aria-label={`Shared matrix ${label(e.role)}`}
              onMouseEnter={() => hoverRole(e.role)} onMouseLeave={() => hoverRole(null)}
              onFocus={() => hoverRole(e.role)} onBlur={() => hoverRole(null)}
              className="matrix-label"
            >{label(e.role)}</text>
          </g>
        ))}
        {nodes.map((n) => {
          const future = n.phase === 'future';
          if (n.kind === 'h' || n.kind === 'h0') {
            const values = n.kind === 'h0' ? h0Of(trace, model, layer) : future ? null : hAt(trace, model, layer, n.t - 1);
            return (
              <g key={n.id} className="node fold-anim" onClick={() => stepTo(n.t)} style={{ cursor: 'pointer', ...fold(n.t) }}>
                <StateStrip values={values} x={n.cx - 14} y={n.cy - g.half.h} width={28} height={2 * g.half.h} color={color} selected={unit} ghost={future} onSelect={(j) => { selectUnit(j); stepTo(n.t); }} />
                <text x={n.cx + 17} y={n.cy - g.half.h + 8} textAnchor="start" fontSize={theme.smallFontSize}
                  fontWeight={n.phase === 'current' ? 700 : 400} fill={n.phase === 'current' ? theme.current : theme.muted}>{n.kind === 'h0' ? 'h₀' : `h${n.t}`}</text>
              </g>
            );
          }
          if (n.kind === 'x') {
            return (
              <g key={n.id} opacity={future ? 0.45 : 1} onClick={() => stepTo(n.t)} className="fold-anim" style={{ cursor: 'pointer', ...fold(n.t) }}>
                <rect x={n.cx - g.half.x} y={n.cy - g.half.x} width={2 * g.half.x} height={2 * g.half.x} rx={6}
                  fill={n.phase === 'current' ? '#fff4e5' : theme.nodeFill} stroke={n.phase === 'current' ? theme.current : theme.edge} strokeWidth={n.phase === 'current' ? 3 : 1.5} />
                <text x={n.cx} y={n.cy + 6} textAnchor="middle" fontSize={18} fontFamily={theme.mono} fill={theme.ink}>{showToken(tokens[n.t - 1])}</text>
                <text x={n.cx} y={n.cy + g.half.x + 18} textAnchor="middle" fontSize={theme.smallFontSize} fill={theme.muted}>{`t=${n.t}`}</text>
              </g>
            );
          }
          const y = future ? null : yAt(trace, model, n.t - 1);
          return (
            <g key={n.id} opacity={future ? 0.45 : 1} className="fold-anim" style={fold(n.t)}>
              <rect x={n.cx - 26} y={n.cy - g.half.y} width={52} height={2 * g.half.y} rx={6} fill={theme.nodeFill}
                stroke={n.phase === 'current' ? theme.current : theme.edge} strokeWidth={n.phase === 'current' ? 3 : 1.5} strokeDasharray={future ? '4 3' : undefined} />
              <text x={n.cx} y={n.cy + 5} textAnchor="middle" fontSize={theme.smallFontSize} fontFamily={theme.mono} fill={theme.ink}>
                {outputLabel(model, y)}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
