// Test helpers (not part of the build): well-formedness and simple queries on SVG strings.
import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

/** Asserts that `svg` is a well-formed XML document with an `<svg>` root. */
export function expectWellFormed(svg: string): void {
  const result = XMLValidator.validate(svg);
  expect(result, JSON.stringify(result)).toBe(true);
  expect(svg.trimStart().startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
}

/** Number of `<tag …>` elements. */
export function countTags(svg: string, tag: string): number {
  return (svg.match(new RegExp(`<${tag}[\\s>/]`, 'g')) ?? []).length;
}

/** The text content of every `<text>` element, in document order. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

/** Root width and height attributes. */
export function rootSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg.trimStart());
  return { width: Number(m?.[1]), height: Number(m?.[2]) };
}
