import { escapeXml } from './escape-xml.js';
import { svgNumber as n } from './svg-number.js';
import { theme } from './theme.js';

/** Placeholder that figure code writes where a document-unique id prefix goes. */
export const ID_PLACEHOLDER = '@ID@';

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Wraps figure markup in a standalone `<svg>` root with a white background,
 * the default font and an accessible `<title>`. Ids written with
 * {@link ID_PLACEHOLDER} become `g<hash of the content>`: deterministic, and
 * different for different figures, so many figures can be inlined in one
 * HTML page without id clashes.
 *
 * @param width - width in pixels
 * @param height - height in pixels
 * @param body - the figure's SVG markup
 * @param title - accessible title (also shown as a tooltip)
 * @returns the SVG document as a string
 */
export function svgDocument(width: number, height: number, body: string, title?: string): string {
  const id = `g${fnv1a(`${width}x${height}${body}`)}`;
  const t = title ? `<title>${escapeXml(title)}</title>` : '';
  const w = n(width);
  const h = n(height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
    `font-family="${theme.fontFamily}" font-size="${theme.fontSize}" role="img">` +
    `${t}<rect width="${w}" height="${h}" fill="${theme.background}"/>` +
    `${body.split(ID_PLACEHOLDER).join(id)}</svg>\n`
  );
}
