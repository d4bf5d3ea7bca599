/** Helpers for the collect/distill/evaluate CLI tests: a tiny teacher file and running the CLI. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { buildModel, getWeights } from '../../src/models/build.js';
import type { ArchitectureSpec, ConvActorCriticSpec } from '../../src/models/spec.js';
import { writeTeacherFile } from '../../src/teachers/teacher-file.js';
import { PROJECT_ROOT } from '../helpers/shared.js';

export const CLI = resolve(PROJECT_ROOT, 'src/cli/index.ts');
/** Catcher with the SB3 stack: [4, 84, 84] frames, 5 actions; needs no ROM. */
export const CATCHER = 'CatcherNoFrameskip-v4';

export const TINY_TEACHER: ConvActorCriticSpec = {
  kind: 'conv-actor-critic',
  input: [4, 84, 84],
  convs: [{ channels: 4, kernel: 8, stride: 4 }],
  hidden: [16],
  activation: 'relu',
  numActions: 5,
  value: false,
};

/** Writes a random-weights Catcher teacher (sb3-atari preset, TINY_TEACHER unless `arch`) and returns its path. */
export async function writeTinyTeacher(path: string, seed = 5, arch: ArchitectureSpec = TINY_TEACHER): Promise<string> {
  const model = buildModel(arch, { seed });
  await writeTeacherFile(path, {
    arch,
    preset: 'sb3-atari',
    inputScale: 1 / 255,
    actions: { count: 5 },
    weights: getWeights(model),
    provenance: { source: 'test (random weights)', licence: 'MIT', trainingEnv: CATCHER },
  });
  model.dispose();
  return path;
}

export function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

/** The last non-empty stdout line, parsed as JSON. */
export function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}
