import type { LabDefinition } from '../runner/lab.js';
import { mccullochPitts } from './mcculloch-pitts/index.js';

/** Every lab, in the order of LABS.md. */
export const LABS: readonly LabDefinition[] = [mccullochPitts];

export function findLab(id: string): LabDefinition {
  const lab = LABS.find((l) => l.id === id);
  if (!lab) {
    throw new Error(
      `unknown lab '${id}'. Run 'pnpm --filter labs start list' to see them: ${LABS.map((l) => l.id).join(', ')}`,
    );
  }
  return lab;
}
