/** The tabular binary task of the sgd-weights lab: Pima diabetes or a CSV given with --csv. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCsv, loadPimaDiabetes, type TabularDataset } from '@gradlab/datasets';
import { NDArray } from '@gradlab/tensor';

/** `../shared/data` beside the checkout, used when GRADLAB_DATA is not set (as DATA.md describes). */
function sharedDataRoot(): string | undefined {
  if (process.env.GRADLAB_DATA) return undefined;
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../../shared/data');
  return existsSync(dir) ? dir : undefined;
}

/** A binary task: features [N, F] and 0/1 float targets [N, 1]. */
export interface BinaryTask {
  name: string;
  features: NDArray;
  targets: NDArray;
  featureNames: string[];
  classNames: [string, string];
}

/**
 * Loads Pima diabetes, or the CSV at `csv` with the label column `label`
 * (a 0/1 column or one with exactly two distinct values).
 */
export async function loadBinaryTask(csv?: string, label?: string): Promise<BinaryTask> {
  if (!csv) {
    const root = sharedDataRoot();
    const d = await loadPimaDiabetes(root ? { root } : {});
    return {
      name: 'Pima Indians diabetes',
      features: d.features,
      targets: d.targets!,
      featureNames: d.featureNames,
      classNames: ['no diabetes', 'diabetes'],
    };
  }
  if (!label) throw new Error('sgd-weights: --csv needs --label <column> (the 0/1 target column)');
  if (!existsSync(csv)) throw new Error(`sgd-weights: --csv file '${csv}' does not exist`);
  const d: TabularDataset = loadCsv(csv, { label, labelType: 'class' });
  const classes = d.classes ?? [];
  if (classes.length !== 2)
    throw new Error(
      `sgd-weights: label column '${label}' of ${csv} must have exactly two values for a binary task; found ${classes.length} (${classes.slice(0, 6).join(', ')})`,
    );
  const y = Float32Array.from(d.targets!.dataSync());
  return {
    name: csv.split('/').pop()!,
    features: d.features,
    targets: NDArray.fromTypedArray(y, [y.length, 1]),
    featureNames: d.featureNames,
    classNames: [`${label}=${classes[0]}`, `${label}=${classes[1]}`],
  };
}
