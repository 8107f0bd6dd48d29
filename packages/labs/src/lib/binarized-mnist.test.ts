import { loadMnist } from '@gradlab/datasets';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../runner/test-data.js';
import { loadBinarizedMnist } from './binarized-mnist.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

describe(`binarised MNIST${skipNote}`, () => {
  it.skipIf(!hasMnist)(
    'samples each pixel with probability equal to its grey level, the same bits for any limit',
    async () => {
      const grey = (await loadMnist({ train: false, flatten: true, limit: 200 })).images.dataSync();
      const bits = (await loadBinarizedMnist(false, 200, 'sample')).dataSync();
      const fewer = (await loadBinarizedMnist(false, 50, 'sample')).dataSync();
      expect(Array.from(fewer)).toEqual(Array.from(bits.subarray(0, 50 * 784)));
      let ones = 0;
      let expected = 0;
      for (let i = 0; i < bits.length; i++) {
        expect(bits[i] === 0 || bits[i] === 1).toBe(true);
        if (grey[i] === 0) expect(bits[i]).toBe(0); // background never turns on
        if (grey[i] === 1) expect(bits[i]).toBe(1);
        ones += bits[i]!;
        expected += grey[i]!;
      }
      // 156 800 independent draws: the count of ones is within a few standard deviations of Σ p.
      expect(Math.abs(ones - expected)).toBeLessThan(5 * Math.sqrt(expected));
      // Grey pixels (0 < p < 1) come out both ways, unlike thresholding.
      const thresholded = (await loadBinarizedMnist(false, 200, 'threshold')).dataSync();
      let differ = 0;
      for (let i = 0; i < bits.length; i++) if (bits[i] !== thresholded[i]) differ++;
      expect(differ).toBeGreaterThan(1000);
    },
  );
});
