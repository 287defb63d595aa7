/** Chart downloads: the chart's own SVG drawn onto a canvas as PNG, and its figures as CSV. */
import { downloadBlob as download } from '../../lib/download';

/** Downloads text as a UTF-8 CSV with a byte-order mark, so spreadsheets read Chinese correctly. */
export function downloadCsv(csv: string, fileName: string): void {
  download(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }), fileName);
}

/**
 * The chart's own drawing: the largest <svg> in the card. Legend and tooltip icons are small svgs
 * of their own and may come first in the document.
 */
export function chartSvg(container: HTMLElement): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let area = 0;
  for (const svg of container.querySelectorAll('svg')) {
    const r = svg.getBoundingClientRect();
    if (r.width * r.height > area) [best, area] = [svg, r.width * r.height];
  }
  return best;
}

/** Renders the chart's svg to PNG at 2× on the page's background colour. */
export async function downloadPng(container: HTMLElement, fileName: string, background: string): Promise<void> {
  const svg = chartSvg(container);
  if (!svg) return;
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  // Text inherits the page font and colour through CSS, which a detached SVG does not have.
  const style = getComputedStyle(container);
  clone.setAttribute('style', `font-family: ${style.fontFamily}; font-size: 12px; color: ${style.color}`);
  const data = new XMLSerializer().serializeToString(clone);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(data)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * 2);
  canvas.height = Math.ceil(height * 2);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(2, 2);
  ctx.drawImage(img, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob) download(blob, fileName);
}
