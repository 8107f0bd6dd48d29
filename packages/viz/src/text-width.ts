const NARROW = new Set([..."ijl.,:;|!'`Iİ·"]);
const SEMI = new Set([...'frt()[]{}-/\\"*ˣ⁰¹²³⁴⁵⁶⁷⁸⁹⁻']);
const WIDE = new Set([...'mwMW%@—']);

/**
 * Estimates the rendered width of a string in a sans-serif font. The
 * estimate is tuned on DejaVu Sans (one of the widest common sans fonts), so
 * layouts computed from it leave room for narrower system fonts too.
 *
 * @param text - the label
 * @param fontSize - font size in pixels
 * @returns the approximate width in pixels
 */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (ch === ' ') em += 0.32;
    else if (NARROW.has(ch)) em += 0.3;
    else if (SEMI.has(ch)) em += 0.42;
    else if (WIDE.has(ch)) em += 0.95;
    else if (ch >= '0' && ch <= '9') em += 0.64;
    else if (ch >= 'A' && ch <= 'Z') em += 0.72;
    else if (ch === '−' || ch === '+' || ch === '=' || ch === '<' || ch === '>') em += 0.84;
    else em += 0.62;
  }
  return em * fontSize;
}
