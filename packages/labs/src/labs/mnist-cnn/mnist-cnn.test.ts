import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

describe(`mnist-cnn on MNIST${skipNote}`, () => {
  it.skipIf(!hasMnist)(
    'learns MNIST: > 85 % test accuracy after 2 epochs on 2 700 images',
    async () => {
      const run = await runQuick('mnist-cnn');
      const m = run.metrics as Record<string, number | boolean>;
      expect(m.train_images).toBe(2700);
      expect(m.validation_images).toBe(300);
      expect(m.test_images).toBe(1000);
      // 32·9+32 + 32·64·9+64 + 7744·64+64 + 64·10+10
      expect(m.parameters).toBe(515146);
      // Measured ≈ 90 % (chance: 10 %).
      expect(m.test_accuracy).toBeGreaterThan(0.85);
      expect(m.best_val_loss).toBeLessThan(0.5);
      expect(m.epochs_run).toBe(2);
      expect(run.figures.sort()).toEqual([
        'confusion-matrix.svg',
        'curves.svg',
        'misclassified.svg',
      ]);
      expect(existsSync(join(run.outDir, 'model.safetensors'))).toBe(true);
      expect(run.console).toContain('Total params: 515,146');
    },
    300_000,
  );
});
