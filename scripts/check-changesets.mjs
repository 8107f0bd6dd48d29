// Checks every pending changeset: front matter of `"<package>": major|minor|patch`
// lines between `---` fences, naming published workspace packages, then a summary.
// Biome or an editor reformatting a changeset into something @changesets/cli
// cannot parse would otherwise only surface at release time.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const published = new Set();
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  if (!pkg.private) published.add(pkg.name);
}
const problems = [];
const files = readdirSync(join(root, '.changeset')).filter(
  (f) => f.endsWith('.md') && f !== 'README.md',
);
for (const f of files) {
  const text = readFileSync(join(root, '.changeset', f), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) {
    problems.push(`${f}: missing the --- front matter fences`);
    continue;
  }
  const lines = m[1].split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) problems.push(`${f}: names no package`);
  for (const line of lines) {
    const entry = /^"(@gradlab\/[a-z-]+)": (major|minor|patch)$/.exec(line.trim());
    if (!entry) problems.push(`${f}: cannot parse '${line}'`);
    else if (!published.has(entry[1]))
      problems.push(`${f}: ${entry[1]} is not a published package`);
  }
  if (m[2].trim() === '') problems.push(`${f}: has no summary`);
}
if (problems.length) {
  console.error(`changesets: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`changesets: ${files.length} valid`);
