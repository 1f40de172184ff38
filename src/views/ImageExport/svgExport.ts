/**
 * A view as a standalone image: its SVG with any canvas layers (the heatmap cells) embedded as images, a title and
 * the app version; then PNG at a chosen scale. Everything happens in the page: nothing is sent anywhere.
 */

import { APP_VERSION } from '../../version';

/** Version of the app, written into every exported image. */
export const IMAGE_APP_VERSION = APP_VERSION;

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * A standalone SVG document of the view inside `container`: every <svg> and <canvas> in it, at their positions,
 * on a white background, with a title line.
 */
export function viewToSvg(container: HTMLElement, title: string): { svg: string; width: number; height: number } {
  const box = container.getBoundingClientRect();
  const width = Math.max(1, Math.ceil(container.scrollWidth || box.width));
  const titleH = 28;
  const height = Math.max(1, Math.ceil(container.scrollHeight || box.height)) + titleH;
  const doc = document.implementation.createDocument(SVG_NS, 'svg', null);
  const root = doc.documentElement;
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('font-family', 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif');
  const t = doc.createElementNS(SVG_NS, 'title');
  t.textContent = `${title} (rnn-unfold ${IMAGE_APP_VERSION})`;
  root.append(t);
  const bg = doc.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x: '0', y: '0', width: String(width), height: String(height), fill: '#ffffff' })) bg.setAttribute(k, v);
  root.append(bg);
  const heading = doc.createElementNS(SVG_NS, 'text');
  for (const [k, v] of Object.entries({ x: '8', y: '20', 'font-size': '16', 'font-weight': '700', fill: '#1b1f24' })) heading.setAttribute(k, v);
  heading.textContent = title;
  root.append(heading);
  const offset = (el: Element) => {
    const r = el.getBoundingClientRect();
    return { x: r.left - box.left + container.scrollLeft, y: r.top - box.top + container.scrollTop + titleH };
  };
  // Canvases (cells), SVGs (axes, marks, legends) and HTML boxes marked .export-box (the curtain over the steps not
  // yet run, the current step's outline), in the order the page paints them.
  for (const el of Array.from(container.querySelectorAll('canvas, svg, .export-box'))) {
    const { x, y } = offset(el);
    const r = el.getBoundingClientRect();
    if (el instanceof HTMLCanvasElement) {
      const img = doc.createElementNS(SVG_NS, 'image');
      for (const [k, v] of Object.entries({ x: String(x), y: String(y), width: String(r.width), height: String(r.height), preserveAspectRatio: 'none' })) img.setAttribute(k, v);
      img.setAttribute('href', el.toDataURL('image/png'));
      img.setAttribute('style', 'image-rendering: pixelated');
      root.append(img);
    } else if (el instanceof SVGSVGElement) {
      if (el.parentElement?.closest('svg')) continue;
      const g = doc.createElementNS(SVG_NS, 'g');
      g.setAttribute('transform', `translate(${x},${y})`);
      for (const child of Array.from(el.childNodes)) g.append(doc.importNode(child, true));
      root.append(g);
    } else if (el instanceof HTMLElement) {
      // A box: filled (data-export-fill) or outlined (data-export-stroke, its border's width, drawn inside the box).
      // A filled box bleeds half a pixel all round: the cells' image, scaled, blurs past its edges when rasterised.
      const w = el.dataset.exportStroke ? parseFloat(getComputedStyle(el).borderTopWidth) || 0 : -1;
      const rect = doc.createElementNS(SVG_NS, 'rect');
      for (const [k, v] of Object.entries({
        x: String(x + w / 2), y: String(y + w / 2), width: String(Math.max(0, r.width - w)), height: String(Math.max(0, r.height - w)),
        fill: el.dataset.exportFill ?? 'none', ...(el.dataset.exportStroke ? { stroke: el.dataset.exportStroke, 'stroke-width': String(w) } : {}),
      })) rect.setAttribute(k, v);
      root.append(rect);
    }
  }
  // Interactive attributes mean nothing in a file.
  for (const el of Array.from(root.querySelectorAll('[tabindex], [role]'))) { el.removeAttribute('tabindex'); el.removeAttribute('role'); }
  return { svg: new XMLSerializer().serializeToString(doc), width, height };
}

/**
 * Draws an SVG document on a new canvas at `scale` (1 = screen size). The canvas is `size` when given (frames of one
 * animation share a size: the picture sits at the top left on white), else the SVG's size times `scale`.
 */
export async function svgToCanvas(svg: string, width: number, height: number, scale: number, size?: { width: number; height: number }): Promise<HTMLCanvasElement> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => { img.onload = () => resolve(); img.onerror = () => reject(new Error('The image could not be drawn.')); img.src = url; });
    const canvas = document.createElement('canvas');
    canvas.width = size?.width ?? Math.round(width * scale);
    canvas.height = size?.height ?? Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw images.');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, 0, 0, Math.round(width * scale), Math.round(height * scale));
    return canvas;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** PNG bytes of a canvas. */
export async function canvasToPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (!blob) throw new Error('The PNG could not be written.');
  return new Uint8Array(await blob.arrayBuffer());
}

/** Renders an SVG document to PNG bytes at `scale` (1 = screen size). */
export async function svgToPng(svg: string, width: number, height: number, scale: number): Promise<Uint8Array> {
  return canvasToPng(await svgToCanvas(svg, width, height, scale));
}
