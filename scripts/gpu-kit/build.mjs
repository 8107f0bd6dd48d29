// Builds .gpu-kit/: everything the gpu backend's checks need on a machine
// with a GPU but no network and no Node (the device machines lent to some
// sessions), in under 64 MiB: Node itself (xz), the labs CLI, the bench and
// the golden check bundled with esbuild, gpu.js and Dawn's WebGPU binary for
// Linux x64, MNIST, and Debian's Vulkan loader. Run it here, then on the
// device: bash .gpu-kit/run.sh (see scripts/gpu-kit/README.md).
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const kit = join(root, '.gpu-kit');
const tensorRequire = createRequire(join(root, 'packages/tensor/package.json'));
const { build } = tensorRequire('esbuild');
const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...opts });

rmSync(kit, { recursive: true, force: true });
mkdirSync(kit);

// 1. Programs, bundled: the packages' TypeScript sources (the 'source' condition), no node_modules.
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  external: [
    'gpu.js',
    'webgpu',
    'gl',
    '@resvg/resvg-js',
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-backend-wasm',
  ],
  // CommonJS dependencies (ndarray) call require(): give the ESM bundle one.
  banner: {
    js: "import { createRequire as __gradlabRequire } from 'node:module'; const require = __gradlabRequire(import.meta.url);",
  },
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: [join(root, 'packages/labs/src/cli.ts')],
  outfile: join(kit, 'labs.mjs'),
});
// The bench finds its PyTorch scripts at ../py from its own file.
await build({
  ...common,
  entryPoints: [join(root, 'bench/src/run.ts')],
  outfile: join(kit, 'bench/src/bench.mjs'),
});
cpSync(join(root, 'bench/py'), join(kit, 'bench/py'), { recursive: true });
await build({
  ...common,
  entryPoints: [join(root, 'scripts/gpu-kit/golden.ts')],
  outfile: join(kit, 'golden.mjs'),
});
cpSync(join(root, 'scripts/golden/tensor-ops.json'), join(kit, 'tensor-ops.json'));

// 2. gpu.js and what it loads at run time, with Dawn's binary for this platform only.
const gpujsDir = dirname(tensorRequire.resolve('gpu.js/package.json'));
const gpujsRequire = createRequire(join(gpujsDir, 'package.json'));
const modules = join(kit, 'node_modules');
cpSync(gpujsDir, join(modules, 'gpu.js'), {
  recursive: true,
  dereference: true,
  filter: (p) => !p.includes('/dist') && !p.endsWith('.md'),
});
for (const dep of ['acorn', 'gpu-mock.js']) {
  const dir = realpathSync(dirname(gpujsRequire.resolve(`${dep}/package.json`)));
  cpSync(dir, join(modules, dep), { recursive: true, dereference: true });
}
// webgpu: the version the workspace pins (0.3.10), through tensor's own resolution.
const webgpuDir = realpathSync(dirname(createRequire(`${gpujsDir}/`).resolve('webgpu')));
mkdirSync(join(modules, 'webgpu/dist'), { recursive: true });
for (const f of ['package.json', 'index.js'])
  cpSync(join(webgpuDir, f), join(modules, 'webgpu', f));
// Dawn's binary travels compressed (18.6 → ≈ 5 MiB); run.sh unpacks it.
sh('sh', [
  '-c',
  `xz -T2 -6 -c "${join(webgpuDir, 'dist/linux-x64.dawn.node')}" > "${join(modules, 'webgpu/dist/linux-x64.dawn.node.xz')}"`,
]);

// resvg (viz's PNG renderer, a native addon) with its Linux x64 binary.
const vizRequire = createRequire(join(root, 'packages/viz/package.json'));
const resvgDir = realpathSync(dirname(vizRequire.resolve('@resvg/resvg-js/package.json')));
cpSync(resvgDir, join(modules, '@resvg/resvg-js'), { recursive: true, dereference: true });
const resvgBin = realpathSync(
  dirname(createRequire(`${resvgDir}/`).resolve('@resvg/resvg-js-linux-x64-gnu/package.json')),
);
cpSync(resvgBin, join(modules, '@resvg/resvg-js-linux-x64-gnu'), {
  recursive: true,
  dereference: true,
});

// 3. Data: MNIST, from ../shared/data or $GRADLAB_DATA.
const data = process.env.GRADLAB_DATA ?? join(root, '../shared/data');
if (!existsSync(join(data, 'mnist')))
  throw new Error(`no MNIST under ${data}/mnist (set GRADLAB_DATA)`);
cpSync(join(data, 'mnist'), join(kit, 'data/mnist'), {
  recursive: true,
  filter: (p) => !/\.(idx\d?-ubyte)$/.test(p) || !existsSync(`${p}.gz`),
});

// 4. Node (this machine's, x86-64 and self-contained) and Debian's Vulkan loader.
sh('sh', ['-c', `xz -T2 -6 -c "$(readlink -f "$(command -v node)")" > "${join(kit, 'node.xz')}"`]);
mkdirSync(join(kit, 'debs'));
const lists = '/tmp/gradlab-kit-apt';
mkdirSync(join(lists, 'partial'), { recursive: true });
const apt = [
  '-oAPT::Architecture=amd64',
  '-oAPT::Architectures=amd64',
  `-oDir::State::Lists=${lists}`,
];
sh('apt-get', [...apt, 'update', '-qq']);
sh('apt-get', [...apt, 'download', 'libvulkan1'], { cwd: join(kit, 'debs') });

cpSync(join(root, 'scripts/gpu-kit/run.sh'), join(kit, 'run.sh'));
const size = (p) =>
  statSync(p).isDirectory()
    ? readdirSync(p).reduce((s, f) => s + size(join(p, f)), 0)
    : statSync(p).size;
const mib = size(kit) / 2 ** 20;
writeFileSync(
  join(kit, 'BUILT'),
  `${new Date().toISOString()} from ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim()}\n`,
);
console.log(`gpu kit: ${kit}, ${mib.toFixed(1)} MiB (the device tool carries at most 64 MiB)`);
if (mib > 56) {
  console.error('gpu kit: too big to travel beside the working tree');
  process.exitCode = 1;
}
