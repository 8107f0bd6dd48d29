import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { savePng } from '@gradlab/viz';
const dir = process.argv[2]!;
for (const f of readdirSync(dir)) if (f.endsWith('.svg')) savePng(join('/tmp/cnn/png', `${dir.split('/').pop()}-${f.replace('.svg', '.png')}`), readFileSync(join(dir, f), 'utf8'), { scale: 1 });
