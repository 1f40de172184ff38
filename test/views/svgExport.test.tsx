import { describe, expect, it } from 'vitest';
import { viewToSvg } from '../../src/views/ImageExport/svgExport';

const SVG_NS = 'http://www.w3.org/2000/svg';

function box(className: string, style: string, data: Record<string, string> = {}): HTMLDivElement {
  const div = document.createElement('div');
  div.className = className;
  div.setAttribute('style', style);
  for (const [key, value] of Object.entries(data)) div.dataset[key] = value;
  return div;
}

describe('viewToSvg with HTML boxes over the cells', () => {
  it('draws curtains and outlines marked .export-box as rectangles, in the order the page paints them', () => {
    const container = document.createElement('section');
    const svgView = document.createElementNS(SVG_NS, 'svg');
    const label = document.createElementNS(SVG_NS, 'text');
    label.textContent = 'h1';
    svgView.append(label);
    container.append(
      box('heat-curtain export-box', 'position:absolute', { exportFill: '#ffffff' }),
      svgView,
      box('heat-cursor export-box', 'position:absolute; border: 3px solid red', { exportStroke: 'var(--viz-current, #b35900)' }),
      box('not-exported', 'border: 2px solid blue'),
    );
    document.body.append(container);
    const { svg } = viewToSvg(container, 'Hidden state heatmap');
    container.remove();
    // Read back with the HTML parser (jsdom's serializer writes the xmlns attribute twice, which XML parsing refuses).
    const root = new DOMParser().parseFromString(svg, 'text/html').querySelector('svg')!;
    const drawn = Array.from(root.children).slice(3).map((el) => `${el.tagName}:${el.getAttribute('fill') ?? ''}:${el.getAttribute('stroke') ?? ''}:${el.getAttribute('stroke-width') ?? ''}`);
    // After the title, the white background and the heading: the curtain (filled, no stroke), the SVG's content,
    // then the outline (no fill, the box's border width and its colour); the unmarked box is not drawn.
    expect(drawn).toEqual(['rect:#ffffff::', 'g:::', 'rect:none:var(--viz-current, #b35900):3']);
    expect(root.querySelector('g text')?.textContent).toBe('h1');
  });
});
