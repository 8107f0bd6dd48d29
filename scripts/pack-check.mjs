// Release dry run: builds every published package, packs it with `pnpm pack`
// (which rewrites workspace:^ ranges to real versions), installs the tarballs
// into a fresh plain Node project outside the workspace, and imports every
// entry of each package's `exports` map from there. Proves that what we would
// publish installs and resolves for a real user.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.pack-check');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only'], root);
const packages = [];
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  run('pnpm', ['pack', '--pack-destination', out], pkgDir);
  packages.push(pkg);
}
const tarballs = readdirSync(out).filter((f) => f.endsWith('.tgz'));
console.log(`packed ${tarballs.length} packages: ${tarballs.join(', ')}`);

const project = mkdtempSync(join(tmpdir(), 'gradlab-consumer-'));
writeFileSync(
  join(project, 'package.json'),
  JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
);
run(
  'npm',
  ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map((t) => join(out, t))],
  project,
);
const lines = [];
for (const pkg of packages) {
  for (const sub of Object.keys(pkg.exports)) {
    const spec = sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`;
    lines.push(
      `const m${lines.length} = await import('${spec}'); if (Object.keys(m${lines.length}).length === 0) throw new Error('${spec} exports nothing'); console.log('${spec}: ' + Object.keys(m${lines.length}).length + ' exports');`,
    );
  }
}
lines.push(
  "const { array } = await import('@gradlab/tensor'); const { tensor } = await import('@gradlab/autograd');",
  "const y = tensor([2], { requiresGrad: true }); y.mul(y).sum().backward(); if (y.grad.item() !== 4) throw new Error('autograd from the tarball computed ' + y.grad.item());",
  "console.log('tensor + autograd from the tarballs work:', array([1, 2]).add(1).toArray());",
);
writeFileSync(join(project, 'check.mjs'), lines.join('\n'));
process.stdout.write(run('node', ['check.mjs'], project));
rmSync(project, { recursive: true, force: true });
console.log('pack check: ok');
