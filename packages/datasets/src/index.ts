export { CIFAR10_CLASSES, type Cifar10Options, loadCifar10 } from './cifar10.js';
export { countMissing } from './count-missing.js';
export {
  CSV_DATASETS,
  type CsvDatasetName,
  type CsvDatasetOptions,
  type CsvDatasetSpec,
  loadAutoMpg,
  loadCsvDataset,
  loadDailyMinTemperatures,
  loadPimaDiabetes,
  readCsvDataset,
  type TimeSeries,
} from './csv-datasets.js';
export { cacheDir, type DataDirOptions, dataSearchDirs } from './data-dirs.js';
export {
  type BatchContext,
  type BatchTransform,
  DataLoader,
  type DataLoaderOptions,
} from './data-loader.js';
export { type DecodedImage, decodeImage } from './decode-image.js';
export {
  type DownloadFileOptions,
  type DownloadProgress,
  downloadFile,
  type ProgressCallback,
} from './download-file.js';
export type { DownloadOptions } from './download-options.js';
export { type DatasetFiles, ensureFiles, type RemoteFile } from './ensure-files.js';
export { extractTarGz } from './extract-tar.js';
export { type GaussianNoiseOptions, gaussianNoise } from './gaussian-noise.js';
export {
  buildImageDataset,
  type ImageDataset,
  type ImageTransformOptions,
  type RawImages,
} from './image-dataset.js';
export { type ImageFolderOptions, loadImageFolder } from './image-folder.js';
export { IRIS_CLASSES, IRIS_FEATURE_NAMES, loadIris } from './iris.js';
export {
  type CategoricalEncoding,
  type LoadCsvOptions,
  loadCsv,
  tableToDataset,
} from './load-csv.js';
export { DataNotFoundError } from './locate-files.js';
export {
  type ClassificationSet,
  type MakeGaussianMixtureOptions,
  type MakeOptions,
  makeCircles,
  makeGaussianMixture,
  makeMoons,
  makeSpirals,
} from './make-classification.js';
export {
  type MakeNoisySineOptions,
  type MakeQuadraticOptions,
  type MakeSequenceSumsOptions,
  makeNoisySine,
  makeQuadratic,
  makeSequenceSums,
  type RegressionSet,
} from './make-regression.js';
export { MinMaxScaler, type MinMaxScalerOptions } from './min-max-scaler.js';
export {
  FASHION_MNIST_CLASSES,
  loadFashionMnist,
  loadMnist,
  MNIST_CLASSES,
  type MnistOptions,
  readIdxPair,
} from './mnist.js';
export { type CsvRecord, type ParseCsvOptions, parseCsv } from './parse-csv.js';
export { type IdxData, parseIdx } from './parse-idx.js';
export { randomSplit, validationSplit } from './random-split.js';
export {
  type CsvTable,
  csvColumn,
  DEFAULT_NA_VALUES,
  parseCsvTable,
  type ReadCsvOptions,
  readCsv,
} from './read-csv.js';
export { resizeBilinear } from './resize-bilinear.js';
export type { SeedOptions } from './seed-option.js';
export { type ImputeStrategy, SimpleImputer, type SimpleImputerOptions } from './simple-imputer.js';
export { type SlidingWindowOptions, slidingWindows, type Windows } from './sliding-windows.js';
export { StandardScaler, type StandardScalerOptions } from './standard-scaler.js';
export type { TabularDataset } from './tabular-dataset.js';
export { TensorDataset } from './tensor-dataset.js';
export { type DatasetLike, toTensorDataset } from './to-tensor-dataset.js';
export { creditRisk, fluPatients, perceptronEeg, xor } from './toy-sets.js';
export { type TrainTestSplitOptions, trainTestSplit } from './train-test-split.js';
