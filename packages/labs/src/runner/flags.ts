/** A command-line flag a lab accepts. */
export interface FlagSpec {
  name: string;
  type: 'number' | 'integer' | 'string' | 'boolean';
  help: string;
  default?: number | string | boolean;
  /** Allowed values for string flags. */
  choices?: readonly string[];
  /** Smallest allowed value for number flags. */
  min?: number;
}

export type FlagValues = Record<string, number | string | boolean | undefined>;

/** Flags every lab has (LABS.md, "What every lab does"). */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  {
    name: 'seed',
    type: 'integer',
    help: 'random seed (every run with the same seed is identical)',
    default: 42,
    min: 0,
  },
  { name: 'epochs', type: 'integer', help: 'training epochs (default: the lab’s own)', min: 1 },
  { name: 'out', type: 'string', help: 'output directory (default: runs/<lab>/)' },
  {
    name: 'quick',
    type: 'boolean',
    help: 'a small, fast configuration (used by the tests); still trains for real',
    default: false,
  },
  {
    name: 'backend',
    type: 'string',
    help: 'tensor backend: wasm (fast, the default where supported), cpu (the reference) or gpu (gpu.js; falls back to wasm without a GPU, and under WebGPU for labs that read values synchronously)',
  },
  {
    name: 'gpuMode',
    type: 'string',
    help: 'with --backend gpu, where gpu.js runs the kernels: auto (a GPU adapter, the default), webgpu (any WebGPU adapter, software ones such as SwiftShader too), webgl2, webgl, headlessgl, or webasm / cpu (the kernels on the CPU, slowly: for checking)',
    choices: ['auto', 'webgpu', 'webgl2', 'webgl', 'headlessgl', 'webasm', 'cpu'],
  },
  {
    name: 'resume',
    type: 'boolean',
    help: 'continue from the checkpoint in the out dir (labs that train for minutes write one every epoch)',
    default: false,
  },
  { name: 'help', type: 'boolean', help: 'show this help', default: false },
];

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Parses `--name value`, `--name=value` and boolean `--name` / `--no-name`
 * against the specs. Unknown flags, missing values and bad values are errors
 * that name the flag and what was expected.
 */
export function parseFlags(
  lab: string,
  argv: readonly string[],
  specs: readonly FlagSpec[],
): FlagValues {
  const byName = new Map(specs.map((s) => [kebab(s.name), s]));
  const values: FlagValues = {};
  for (const s of specs) if (s.default !== undefined) values[s.name] = s.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--'))
      throw new Error(`${lab}: unexpected argument '${arg}' (flags start with --; see --help)`);
    let [key, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    let negated = false;
    if (!byName.has(key) && key.startsWith('no-') && byName.get(key.slice(3))?.type === 'boolean') {
      key = key.slice(3);
      negated = true;
    }
    const spec = byName.get(key);
    if (!spec) {
      throw new Error(
        `${lab}: unknown flag --${key} (valid flags: ${[...byName.keys()].map((k) => `--${k}`).join(', ')})`,
      );
    }
    if (spec.type === 'boolean') {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') {
        throw new Error(
          `${lab}: --${key} is a switch; got '${inline}' (use --${key} or --no-${key})`,
        );
      }
      values[spec.name] = negated ? false : inline !== 'false';
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined || (inline === undefined && raw.startsWith('--'))) {
      throw new Error(`${lab}: --${key} needs a value (${spec.help})`);
    }
    values[spec.name] = convert(lab, key, spec, raw);
  }
  return values;
}

function convert(lab: string, key: string, spec: FlagSpec, raw: string): number | string {
  if (spec.type === 'string') {
    if (spec.choices && !spec.choices.includes(raw)) {
      throw new Error(`${lab}: --${key} must be one of ${spec.choices.join(', ')}; got '${raw}'`);
    }
    return raw;
  }
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v))
    throw new Error(`${lab}: --${key} must be a number; got '${raw}'`);
  if (spec.type === 'integer' && !Number.isInteger(v))
    throw new Error(`${lab}: --${key} must be an integer; got '${raw}'`);
  if (spec.min !== undefined && v < spec.min)
    throw new Error(`${lab}: --${key} must be ≥ ${spec.min}; got ${v}`);
  return v;
}

/** The help text for a lab's flags. */
export function formatFlags(specs: readonly FlagSpec[]): string {
  const rows = specs.map((s) => {
    const arg =
      s.type === 'boolean'
        ? `--${kebab(s.name)}`
        : `--${kebab(s.name)} <${s.choices ? s.choices.join('|') : s.type}>`;
    const dflt = s.default !== undefined && s.type !== 'boolean' ? ` (default ${s.default})` : '';
    return [arg, `${s.help}${dflt}`];
  });
  const w = Math.max(...rows.map(([a]) => a!.length)) + 2;
  return rows.map(([a, h]) => `  ${a!.padEnd(w)}${h}`).join('\n');
}

export { camel as flagKey };
