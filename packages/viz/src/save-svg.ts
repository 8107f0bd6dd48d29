import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Saves an SVG string to a file (atomically; creates missing folders). Node only.
 *
 * @param path - file path, usually ending in `.svg`
 * @param svg - an SVG document from any figure helper
 */
export function saveSvg(path: string, svg: string): void {
  if (typeof svg !== 'string' || !svg.includes('<svg')) {
    throw new Error(`saveSvg: expected an SVG document string for ${path}`);
  }
  writeFileAtomic(path, svg);
}
