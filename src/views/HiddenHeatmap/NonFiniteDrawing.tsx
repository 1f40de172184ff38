/** The drawing of non-finite cells (NonFiniteMarks.tsx), loaded the first time a trace has one. */
import { useId } from 'react';
import { useAppStore } from '../../store/useAppStore';
import { theme } from '../../viz/theme';
import { MAX_MARKS, nonFiniteLabel, type NonFiniteMarksProps } from './NonFiniteMarks';

/** The hatched, crossed-out cells and a legend line under the grid when there are any. */
export function NonFiniteDrawing({ cells, legendY, left, top, cellW, cellH, prefix }: NonFiniteMarksProps) {
  const step = useAppStore((s) => s.step);
  const hatch = `hatch${useId().replace(/:/g, '')}`;
  const shown = cells.filter((k) => k.c < step);
  if (shown.length === 0) return null;
  return (
    <g className="non-finite" pointerEvents="none">
      <defs>
        <pattern id={hatch} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width={6} height={6} fill={theme.nodeFill} />
          <line x1={0} y1={0} x2={0} y2={6} stroke={theme.ink} strokeWidth={2} />
        </pattern>
      </defs>
      {shown.map(({ r, c, v }) => {
        const x = left + c * cellW, y = top + r * cellH;
        return (
          <g key={`${r}:${c}`} data-testid="non-finite-cell">
            <title>{`${prefix}${r + 1} at t = ${c + 1} is ${nonFiniteLabel(v)}`}</title>
            <rect x={x} y={y} width={cellW} height={cellH} fill={`url(#${hatch})`} stroke={theme.ink} strokeWidth={1.5} />
            <line x1={x} y1={y} x2={x + cellW} y2={y + cellH} stroke={theme.ink} strokeWidth={2} />
            <line x1={x + cellW} y1={y} x2={x} y2={y + cellH} stroke={theme.ink} strokeWidth={2} />
            {cellH >= 16 && (
              <text x={x + cellW / 2} y={y + cellH / 2 + 4} textAnchor="middle" fontSize={11} fontWeight={700} fontFamily={theme.mono}
                fill={theme.ink} stroke={theme.nodeFill} strokeWidth={3} paintOrder="stroke">{nonFiniteLabel(v)}</text>
            )}
          </g>
        );
      })}
      <text x={left} y={legendY} fontSize={theme.smallFontSize} fill={theme.ink}>
        {`✕ ${shown.length === MAX_MARKS ? `${MAX_MARKS}+` : shown.length} cell${shown.length > 1 ? 's' : ''} not finite (NaN or ±∞)`}
      </text>
    </g>
  );
}
