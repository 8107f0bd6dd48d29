/**
 * Default look of every figure: fonts, sizes and neutral colours. Sizes are in
 * SVG user units (pixels at scale 1).
 */
export const theme = {
  fontFamily: "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Helvetica, Arial, sans-serif",
  fontSize: 12,
  tickFontSize: 11,
  titleFontSize: 15,
  textColor: '#222222',
  mutedTextColor: '#555555',
  axisColor: '#444444',
  gridColor: '#e6e6e6',
  background: '#ffffff',
  width: 640,
  height: 420,
} as const;
