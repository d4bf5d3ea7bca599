/**
 * `sobolev-distill train-teacher [--out teachers/catcher.teacher] [--seed 1] [--ppo-steps 0] [--json] …`:
 * trains a teacher by DAgger imitation of a scripted RAM expert (the homebrew Catcher has one),
 * optionally followed by PPO (or PPO alone with --dagger-iterations 0, or continuing from --init),
 * evaluates it against a random policy and writes the teacher file.
 * One line per DAgger iteration and PPO update; with --json, one JSON object at the end instead.
 */
import type { Command } from 'commander';
import { TRAIN_TEACHER_DEFAULTS } from '../../rl/defaults.js';
import { defineCommand } from '../command.js';
import { type ConfigOf, type ConfigSpec, flagName } from '../config.js';
import { BACKEND_FIELD } from './distill-shared.js';

const D = TRAIN_TEACHER_DEFAULTS;

export const TRAIN_TEACHER_CONFIG = {
  env: { kind: 'string', default: D.envId, doc: 'env id (a game with a scripted RAM expert)' },
  preset: {
    kind: 'string',
    default: D.preset,
    choices: ['sb3-atari', 'atari-preprocessing'],
    doc: 'preprocessing preset the teacher acts through (uint8 frame stacks)',
  },
  out: { kind: 'path', default: 'teachers/catcher.teacher', doc: 'teacher file to write (atomically)' },
  seed: { kind: 'int', default: D.seed, min: 0, doc: 'seed of the weights, env resets, β draws and minibatches' },
  numEnvs: { kind: 'int', default: D.numEnvs, min: 1, doc: 'envs played side by side' },
  init: { kind: 'path', default: undefined, doc: 'teacher file to start from (a compact teacher of this preset)' },
  daggerIterations: {
    kind: 'int',
    default: D.daggerIterations,
    min: 0,
    doc: 'DAgger iterations (the first is behaviour cloning)',
  },
  daggerSteps: {
    kind: 'int',
    default: D.daggerStepsPerIteration,
    min: 1,
    doc: 'env steps collected per DAgger iteration',
  },
  daggerGradientSteps: { kind: 'int', default: D.daggerGradientSteps, min: 1, doc: 'Adam steps per DAgger iteration' },
  batchSize: { kind: 'int', default: D.daggerBatchSize, min: 1, doc: 'DAgger minibatch size' },
  learningRate: { kind: 'float', default: D.daggerLearningRate, min: 0, doc: 'DAgger learning rate at the start' },
  finalLearningRate: {
    kind: 'float',
    default: D.daggerFinalLearningRate,
    min: 0,
    doc: 'DAgger learning rate at the end',
  },
  betaDecay: { kind: 'float', default: D.betaDecay, min: 0, max: 1, doc: 'β_i = beta-decay^i: chance the expert acts' },
  ppoSteps: { kind: 'int', default: D.ppoSteps, min: 0, doc: 'PPO env steps after imitation (0: none)' },
  ppoLearningRate: { kind: 'float', default: D.ppoLearningRate, min: 0, doc: 'PPO learning rate (annealed to 0)' },
  ppoRollout: { kind: 'int', default: D.ppoNumSteps, min: 1, doc: 'PPO steps per env per rollout' },
  ppoEntCoef: { kind: 'float', default: D.ppoEntCoef, min: 0, doc: 'PPO entropy bonus' },
  ppoValueWarmup: {
    kind: 'int',
    default: D.ppoValueWarmupUpdates,
    min: 0,
    doc: 'PPO updates that train only the value head first',
  },
  evalEpisodes: {
    kind: 'int',
    default: D.evalEpisodes,
    min: 1,
    doc: 'games scored for the teacher and for a random policy',
  },
  evalSeed: { kind: 'int', default: D.evalSeed, min: 0, doc: 'seed of the evaluation envs (apart from training)' },
  evalMaxSteps: { kind: 'int', default: D.evalMaxSteps, min: 0, doc: 'cap on steps per evaluation game (0: none)' },
  backend: { ...BACKEND_FIELD, default: D.backend },
  json: { kind: 'bool', default: false, doc: 'print one JSON object at the end instead of progress lines' },
} as const satisfies ConfigSpec;

type TrainTeacherOptions = { [K in keyof typeof TRAIN_TEACHER_CONFIG]: unknown };

/** The command line that reproduces a run: every option that differs from its default, plus --out and --seed. */
export function commandLine(config: TrainTeacherOptions): string {
  const parts = ['sobolev-distill', 'train-teacher'];
  for (const [key, field] of Object.entries(TRAIN_TEACHER_CONFIG)) {
    const value = config[key as keyof TrainTeacherOptions];
    if (key === 'json') continue;
    if (value === field.default && key !== 'out' && key !== 'seed') continue;
    parts.push(
      field.kind === 'bool'
        ? value
          ? `--${flagName(key)}`
          : `--no-${flagName(key)}`
        : `--${flagName(key)} ${String(value)}`,
    );
  }
  return parts.join(' ');
}

export function registerTrainTeacherCommand(program: Command): Command {
  return defineCommand(program, {
    name: 'train-teacher',
    description:
      'train a teacher: DAgger imitation of a scripted RAM expert (Catcher), then optionally PPO (or PPO alone)',
    config: TRAIN_TEACHER_CONFIG,
    run: runTrainTeacher,
  });
}

async function runTrainTeacher(config: ConfigOf<typeof TRAIN_TEACHER_CONFIG>): Promise<void> {
  const log = config.json ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
  // Training code (tfjs, the emulator) loads only when the command runs, so `--help` stays fast.
  const { trainTeacher } = await import('../../rl/train-teacher.js');
  const command = commandLine(config);
  const result = await trainTeacher(
    {
      envId: config.env,
      preset: config.preset,
      out: config.out,
      seed: config.seed,
      numEnvs: config.numEnvs,
      ...(config.init ? { init: config.init } : {}),
      daggerIterations: config.daggerIterations,
      daggerStepsPerIteration: config.daggerSteps,
      daggerGradientSteps: config.daggerGradientSteps,
      daggerBatchSize: config.batchSize,
      daggerLearningRate: config.learningRate,
      daggerFinalLearningRate: config.finalLearningRate,
      betaDecay: config.betaDecay,
      ppoSteps: config.ppoSteps,
      ppoLearningRate: config.ppoLearningRate,
      ppoNumSteps: config.ppoRollout,
      ppoEntCoef: config.ppoEntCoef,
      ppoValueWarmupUpdates: config.ppoValueWarmup,
      evalEpisodes: config.evalEpisodes,
      evalSeed: config.evalSeed,
      evalMaxSteps: config.evalMaxSteps,
      backend: config.backend,
      command,
    },
    log,
  );
  const summary = {
    out: result.out,
    bytes: result.bytes,
    parameters: result.parameters,
    teacher: { mean_return: result.teacher.mean, std_return: result.teacher.std, returns: result.teacher.returns },
    random: { mean_return: result.random.mean, std_return: result.random.std, returns: result.random.returns },
    dagger_agreement: result.dagger.map((s) => s.agreement),
    ppo_updates: result.ppo.length,
    wall_seconds: result.wallSeconds,
    machine: result.machine,
    command,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
