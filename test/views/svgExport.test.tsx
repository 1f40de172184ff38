import { describe, expect, it } from 'vitest';
import { viewToSvg } from '../../src/views/ImageExport/svgExport';

describe('viewToSvg with HTML boxes over the cells', () => {
  it('draws curtains and outlines marked .export-box as rectangles, in the order the page paints them', () => {
    const container = document.createElement('section');
    container.innerHTML = `
      <div class="heat-curtain export-box" data-export-fill="#ffffff" style="position:absolute"></div>
      <svg xmlns="http://www.w3.org/2000/svg"><text>h1</text></svg>
      <div class="heat-cursor export-box" data-export-stroke="var(--viz-current, #b35900)" style="position:absolute; border: 3px solid red"></div>
      <div class="not-exported" style="border: 2px solid blue"></div>`;
    document.body.append(container);
    const { svg } = viewToSvg(container, 'Hidden state heatmap');
    container.remove();
    // Read back with the HTML parser (jsdom's serializer writes the xmlns attribute twice, which XML parsing refuses).
    const holder = document.createElement('div');
    holder.innerHTML = svg;
    const root = holder.querySelector('svg')!;
    const drawn = Array.from(root.children).slice(3).map((el) => `${el.tagName}:${el.getAttribute('fill') ?? ''}:${el.getAttribute('stroke') ?? ''}:${el.getAttribute('stroke-width') ?? ''}`);
    // After the title, the white background and the heading: the curtain (filled, no stroke), the SVG's content,
    // then the outline (no fill, the box's border width and its colour); the unmarked box is not drawn.
    expect(drawn).toEqual(['rect:#ffffff::', 'g:::', 'rect:none:var(--viz-current, #b35900):3']);
    expect(root.querySelector('g text')?.textContent).toBe('h1');
  });
});
