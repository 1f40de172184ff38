/**
 * One weight matrix as a small heatmap. The value under the pointer (or under the keyboard cursor: focus the
 * matrix, then use the arrow keys) is written beside it. An editable matrix takes a typed value, or a drag: press
 * on an entry and move up or down (50 px = the matrix's largest |value|; Shift for a tenth of that), and every step
 * re-computes as the value changes; one Undo takes the whole drag back.
 */
// The matrix is an ARIA application: focusable, arrow keys move its cursor (also under a screen reader), and the
// read-out is its accessible name. jsx-a11y does not count `application` as interactive, hence:
/* oxlint-disable jsx-a11y/no-noninteractive-tabindex, jsx-a11y/no-noninteractive-element-interactions */
import { useRef, useState } from 'react';
import type { Arr } from '../../engine/types';
import { divergingColor, symmetricMax } from '../../viz/scales';
import { theme } from '../../viz/theme';
import { HeatCanvas } from '../HiddenHeatmap/HeatCanvas';
import { ColorLegend } from '../shared';

/** Props of one matrix view. */
export interface MatrixHeatmapProps {
  /** Display name, e.g. 'W' or 'W_hh'. */
  name: string;
  /** Role key shared with the other views' highlight. */
  role: string;
  /** Row-major values. */
  data: Arr;
  rows: number;
  cols: number;
  /** Whether another view is pointing at this matrix. */
  highlighted: boolean;
  onHover(role: string | null): void;
  /**
   * Sets entry (row, col) to a value typed or dragged by the user (an undoable model change); `continuing` marks
   * the later values of one drag. Resolves once the model is re-traced.
   */
  onEdit?(row: number, col: number, value: number, continuing: boolean): Promise<void> | void;
}

/** A small heatmap of a matrix with a value read-out. */
export function MatrixHeatmap({ name, role, data, rows, cols, highlighted, onHover, onEdit }: MatrixHeatmapProps) {
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  // A drag in progress: the entry, where it started, and the value waiting while the previous one is applied.
  const drag = useRef<{ id: number; r: number; c: number; y0: number; v0: number; moved: boolean; busy: boolean; pending: number | null } | null>(null);
  const max = symmetricMax(data);
  const color = divergingColor(max);
  // Entries stay at least 10 px (a pointer, a finger or a drag can hit one); a wide matrix scrolls sideways.
  const cell = Math.max(10, Math.min(16, Math.floor(220 / Math.max(rows, cols))));
  const w = cols * cell, h = rows * cell;
  const move = (dr: number, dc: number) => {
    const [r, c] = cursor ?? [0, 0];
    setCursor([Math.max(0, Math.min(rows - 1, r + dr)), Math.max(0, Math.min(cols - 1, c + dc))]);
  };
  const entryAt = (e: React.MouseEvent<SVGSVGElement>): [number, number] => {
    const box = e.currentTarget.getBoundingClientRect();
    return [Math.max(0, Math.min(rows - 1, Math.floor((e.clientY - box.top) / cell))), Math.max(0, Math.min(cols - 1, Math.floor((e.clientX - box.left) / cell)))];
  };
  /** Applies the newest dragged value, one at a time: a value that arrives meanwhile waits, older ones are dropped. */
  const send = (d: NonNullable<typeof drag.current>, value: number) => {
    if (!onEdit) return;
    if (d.busy) { d.pending = value; return; }
    d.busy = true;
    const continuing = d.moved;
    d.moved = true;
    void Promise.resolve(onEdit(d.r, d.c, value, continuing)).finally(() => {
      d.busy = false;
      const next = d.pending;
      d.pending = null;
      if (next !== null) send(d, next);
    });
  };
  const readout = cursor ? `${name}[${cursor[0] + 1}, ${cursor[1] + 1}] = ${data[cursor[0] * cols + cursor[1]].toFixed(4)}` : `${rows}×${cols}, |max| = ${max.toFixed(3)}`;
  return (
    <figure className={`matrix${highlighted ? ' highlighted' : ''}`}>
      <figcaption><strong>{name}</strong> <span className="note">{readout}</span></figcaption>
      <div className="matrix-scroll">
      <div style={{ position: 'relative', width: w, height: h }}>
        <HeatCanvas rows={rows} cols={cols} cellW={cell} cellH={cell} color={color} value={(r, c) => data[r * cols + c]} version={data} />
        <svg
          role="application" aria-roledescription="matrix" aria-label={`Weights ${name}: ${readout}`} tabIndex={0} width={w} height={h}
          onMouseEnter={() => onHover(role)} onMouseLeave={() => { onHover(null); setCursor(null); }}
          style={{ position: 'absolute', left: 0, top: 0, outline: highlighted ? `3px solid ${theme.highlight}` : undefined }}
          onMouseMove={(e) => {
            if (!drag.current) setCursor(entryAt(e));
          }}
          onPointerDown={(e) => {
            if (!onEdit || e.button !== 0) return;
            const [r, c] = entryAt(e);
            setCursor([r, c]);
            drag.current = { id: e.pointerId, r, c, y0: e.clientY, v0: data[r * cols + c], moved: false, busy: false, pending: null };
            e.currentTarget.setPointerCapture?.(e.pointerId);
          }}
          onPointerMove={(e) => {
            const d = drag.current;
            if (!d || d.id !== e.pointerId) return;
            const dy = d.y0 - e.clientY;
            if (!d.moved && Math.abs(dy) < 3) return;
            const perPixel = Math.max(max, 0.1) / 50 * (e.shiftKey ? 0.1 : 1);
            send(d, Math.round((d.v0 + dy * perPixel) * 1e4) / 1e4);
          }}
          onPointerUp={(e) => { if (drag.current?.id === e.pointerId) drag.current = null; }}
          onPointerCancel={(e) => { if (drag.current?.id === e.pointerId) drag.current = null; }}
          onFocus={() => { onHover(role); if (!cursor) setCursor([0, 0]); }}
          onBlur={() => onHover(null)}
          onKeyDown={(e) => {
            const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
            const m = moves[e.key];
            if (m) { e.preventDefault(); e.stopPropagation(); move(m[0], m[1]); }
          }}
        >
          {cursor && <rect x={cursor[1] * cell} y={cursor[0] * cell} width={cell} height={cell} fill="none" stroke={theme.ink} strokeWidth={2} />}
        </svg>
      </div>
      </div>
      <svg className="matrix-legend" width={170} height={46} aria-hidden="true">
        <ColorLegend color={color} min={-max || -1} max={max || 1} label="blue −, red +" x={4} y={14} width={160} />
      </svg>
      {onEdit && cursor && (
        <label className="weight-edit">{`Set ${name}[${cursor[0] + 1}, ${cursor[1] + 1}]`}{' '}
          <input type="number" step="any" key={`${cursor[0]},${cursor[1]},${data[cursor[0] * cols + cursor[1]]}`}
            defaultValue={Number(data[cursor[0] * cols + cursor[1]].toFixed(4))} aria-label={`Value of ${name}[${cursor[0] + 1}, ${cursor[1] + 1}]`}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              const v = Number(e.currentTarget.value);
              if (e.currentTarget.value.trim() !== '' && Number.isFinite(v) && Math.abs(v) <= 1e6) void onEdit(cursor[0], cursor[1], v, false);
            }} />
        </label>
      )}
    </figure>
  );
}
