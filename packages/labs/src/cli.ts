import { backendByName, GpuBackend, listBackends } from '@gradlab/tensor';
import { findLab, LABS } from './labs/index.js';
import { labHelp, runLab } from './runner/run-lab.js';

const USAGE = `Usage:
  pnpm --filter labs start list            every lab with a one-line description
  pnpm --filter labs start <lab> [flags]   run a lab (try --help, --quick)`;

// `start list | head` closes the pipe early: stop quietly instead of crashing.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

async function main(argv: string[]): Promise<number> {
  const [id, ...rest] = argv;
  if (!id || id === '--help' || id === '-h' || id === 'help') {
    console.log(USAGE);
    return id ? 0 : 1;
  }
  if (id === 'list') {
    const w = Math.max(...LABS.map((l) => l.id.length)) + 2;
    for (const lab of LABS) console.log(`${lab.id.padEnd(w)}${lab.description}`);
    return 0;
  }
  const lab = findLab(id);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(labHelp(lab));
    return 0;
  }
  await runLab(lab, rest, { write: (s) => process.stdout.write(s), isTTY: process.stdout.isTTY });
  return 0;
}

/** Lets go of the GPU if the lab used one: under WebGPU, Node cannot exit while a device lives. */
async function releaseGpu(): Promise<void> {
  const gpu = listBackends().includes('gpu') ? backendByName('gpu') : undefined;
  if (gpu instanceof GpuBackend) await gpu.dispose();
}

main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      if (process.env.GRADLAB_DEBUG && err instanceof Error) console.error(err.stack);
      process.exitCode = 1;
    },
  )
  .finally(releaseGpu);
