// Figure helpers: one call per figure type.

// The plotting core: marks over shared scales.
export type { AxisOptions } from './axis-options.js';
export { type BarChartOptions, type BarSeries, barChart } from './bar-chart.js';
export type { ColorBarOptions } from './color-bar.js';
export {
  type ColorMap,
  type ColorMapName,
  colorMap,
  colorMapNames,
  isDiverging,
} from './color-maps.js';
export {
  type ConfusionMatrixOptions,
  confusionCounts,
  confusionMatrix,
} from './confusion-matrix.js';
export { contourSegments, type Segment } from './contour-segments.js';
export { type DecisionRegionsOptions, decisionRegions } from './decision-regions.js';
export { encodePng } from './encode-png.js';
export { decimalsFor, formatNumber } from './format-number.js';
export { type HeatmapOptions, heatmap } from './heatmap.js';
export {
  binCounts,
  binEdges,
  type HistogramOptions,
  type HistogramSeries,
  histogram,
} from './histogram.js';
export { type ImageGridOptions, type ImageRange, imageGrid } from './image-grid.js';
export type { ImageInput } from './image-input.js';
export type { LegendEntry, LegendPosition } from './legend.js';
export { type LineChartOptions, type LineSeries, lineChart } from './line-chart.js';
export type { Frame, Mark, PlotContext } from './mark.js';
export { type BarMarkOptions, barMark } from './mark-bar.js';
export { type CellMarkOptions, cellMark } from './mark-cell.js';
export { type ContourMarkOptions, contourMark } from './mark-contour.js';
export { type DotMarkOptions, dotMark } from './mark-dot.js';
export { type LineMarkOptions, lineMark } from './mark-line.js';
export { type RasterMarkOptions, rasterMark } from './mark-raster.js';
export { type RectMarkOptions, rectMark } from './mark-rect.js';
export { type TextMarkOptions, textMark } from './mark-text.js';
export { niceDomain, niceTicks, tickStep } from './nice-ticks.js';
export { category10, seriesColor } from './palette.js';
export { type PlotOptions, plot } from './plot.js';
// Reports.
export { type CellValue, Report, type ReportOptions, type TableOptions } from './report.js';
export { saveSvg } from './save-svg.js';
export type { AxisValue, Scale, ScaleType, Tick } from './scale.js';
export { type BandOptions, scaleBand } from './scale-band.js';
export { scaleLinear } from './scale-linear.js';
export { niceLogDomain, scaleLog } from './scale-log.js';
export { scaleTime } from './scale-time.js';
export { type ScatterPlotOptions, scatterPlot } from './scatter-plot.js';
export { type SubplotsOptions, subplots } from './subplots.js';
export { type Surface3dOptions, surface3d } from './surface3d.js';
export { svgDocument } from './svg-document.js';
// Node only: files and PNG.
export { type PngOptions, savePng, svgToPng } from './svg-to-png.js';
export type { SymbolName } from './symbol.js';
export { theme } from './theme.js';
export type { Numbers } from './to-numbers.js';
export { writeFileAtomic } from './write-file-atomic.js';
