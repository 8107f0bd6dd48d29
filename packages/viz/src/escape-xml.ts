/**
 * Escapes text for use in XML/HTML element content and attribute values.
 *
 * @param text - any string
 * @returns the string with `& < > " '` replaced by entities
 */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
