import type { DatasetFiles } from './ensure-files.js';

/** Canonical MNIST locations (torchvision's mirrors) and their published md5s. */
export const MNIST_MIRRORS = [
  'https://ossci-datasets.s3.amazonaws.com/mnist/',
  'http://yann.lecun.com/exdb/mnist/',
];

/** Fashion-MNIST's canonical location (Zalando Research). */
export const FASHION_MNIST_MIRRORS = [
  'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
];

function idxFiles(
  subdirs: readonly string[],
  downloadSubdir: string,
  mirrors: readonly string[],
  prefix: 'train' | 't10k',
  md5: [string, string],
): DatasetFiles {
  const images = `${prefix}-images-idx3-ubyte`;
  const labels = `${prefix}-labels-idx1-ubyte`;
  return {
    subdirs,
    downloadSubdir,
    files: [
      {
        name: `${images}.gz`,
        aliases: [images, `${prefix}-images.idx3-ubyte`],
        mirrors,
        md5: md5[0],
      },
      {
        name: `${labels}.gz`,
        aliases: [labels, `${prefix}-labels.idx1-ubyte`],
        mirrors,
        md5: md5[1],
      },
    ],
  };
}

/** The two MNIST files of a split. */
export function mnistFiles(train: boolean): DatasetFiles {
  return idxFiles(
    ['mnist', 'MNIST/raw', ''],
    'mnist',
    MNIST_MIRRORS,
    train ? 'train' : 't10k',
    train
      ? ['f68b3c2dcbeaaa9fbdd348bbdeb94873', 'd53e105ee54ea40749a09fcbcd1e9432']
      : ['9fb629c4189551a2d022fa330f9573f3', 'ec29112dd5afa0611ce80d1b7f02629c'],
  );
}

/** The two Fashion-MNIST files of a split. */
export function fashionMnistFiles(train: boolean): DatasetFiles {
  return idxFiles(
    ['fashion-mnist', 'FashionMNIST/raw', ''],
    'fashion-mnist',
    FASHION_MNIST_MIRRORS,
    train ? 'train' : 't10k',
    train
      ? ['8d4fb7e6c68d591d4c3dfef9ec88bf0d', '25c81989df183df01b3e8a0aad5dffbe']
      : ['bef4ecab320f06d8554ea6380940ec79', 'bb300cfdad3c16e7a12a480ee83cd310'],
  );
}

/** CIFAR-10's binary archive (one tar.gz holding `cifar-10-batches-bin/`). */
export const CIFAR10_ARCHIVE = {
  name: 'cifar-10-binary.tar.gz',
  mirrors: ['https://www.cs.toronto.edu/~kriz/'],
  md5: 'c32a1d4ab5d03f1284b67883e8d87530',
};

/** Where the small CSV files come from (Jason Brownlee's mirror of UCI files; UCI for Auto MPG). */
export const CSV_MIRRORS = ['https://raw.githubusercontent.com/jbrownlee/Datasets/master/'];
export const AUTO_MPG_MIRRORS = [
  'https://archive.ics.uci.edu/ml/machine-learning-databases/auto-mpg/',
];
