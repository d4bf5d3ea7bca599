/**
 * `sobolev-distill play` (alias `record`): plays one game of a teacher, a student checkpoint or a
 * random policy and writes it as an animated GIF (or, with --png, one PNG per step) in ALE's NTSC
 * colours, pixels doubled horizontally (320 × 210). The game is episode --episode of the evaluation
 * protocol with --seed, so it is the very game `evaluate --seed` scores as that episode.
 */
import type { Command } from 'commander';
import { defineCommand } from '../command.js';
import { type ConfigOf, type ConfigSpec, flag, int, path } from '../config.js';
import { UserError } from '../errors.js';
import {
  actingFields,
  actPolicy,
  ENV_FIELDS,
  envChoice,
  JSON_FIELD,
  loadConfiguredTeacher,
  TEACHER_FIELDS,
} from './distill-shared.js';

export const PLAY_CONFIG = {
  ...TEACHER_FIELDS,
  student: path(
    'student checkpoint (ckpt-*.msgpack) or run folder (its latest checkpoint) to play instead of the teacher',
  ),
  random: flag(false, 'play a uniformly random policy instead of the teacher'),
  ...ENV_FIELDS,
  ...actingFields('how the policy acts'),
  out: path(
    'GIF file to write (default checkpoints/play.gif; with --png the folder of frames, default checkpoints/play-frames)',
  ),
  png: flag(false, 'write one PNG per step (frame-000000.png, …) into --out instead of a GIF'),
  seed: int(0, 'seed of the protocol (as evaluate --seed)', { min: 0 }),
  episode: int(0, "which of the protocol's episodes to play", { min: 0 }),
  maxSteps: int(0, 'stop after this many steps (0: play the whole game)', { min: 0 }),
  json: JSON_FIELD,
} as const satisfies ConfigSpec;

const DEFAULT_GIF = 'checkpoints/play.gif';
const DEFAULT_PNG_DIR = 'checkpoints/play-frames';

export function registerPlayCommand(program: Command): Command {
  const command = defineCommand(program, {
    name: 'play',
    description: 'play one game of a teacher, student or random policy into a GIF (or PNG frames)',
    config: PLAY_CONFIG,
    run: runPlay,
  });
  return command.alias('record');
}

async function runPlay(config: ConfigOf<typeof PLAY_CONFIG>): Promise<void> {
  // Path fields without a default are typed `undefined` by ConfigOf; they hold a string when given.
  const studentArg = config.student as string | undefined;
  const outArg = config.out as string | undefined;
  if (config.random && studentArg) {
    throw new UserError('--random and --student name two policies.', 'Pass one of them (or neither, for the teacher).');
  }
  const [{ selectBackend }, run, agents, { latestCheckpoint }, media, { Progress }] = await Promise.all([
    import('../../tf/backend.js'),
    import('../../distill/run.js'),
    import('../../distill/evaluate/agents.js'),
    import('../../distill/checkpoint.js'),
    import('../../media/record.js'),
    import('../../distill/progress.js'),
  ]);
  await selectBackend(config.backend ?? 'wasm');
  const policy = actPolicy(config.policy ?? 'greedy', config.temperature, config.epsilon);
  // The teacher gives the preset (and the action count) even when another policy plays.
  const { teacher } = await loadConfiguredTeacher(config);
  let studentModel: { dispose(): void } | undefined;
  try {
    let agent: import('../../distill/evaluate/agents.js').Agent;
    let who: string;
    if (studentArg) {
      let file = studentArg;
      if (!file.endsWith('.msgpack')) {
        const latest =
          (await latestCheckpoint(`${file}/checkpoints`).catch(() => undefined)) ?? (await latestCheckpoint(file));
        if (!latest)
          throw new UserError(`No checkpoint in ${studentArg}.`, 'Pass a ckpt-*.msgpack file or a run folder.');
        file = latest.path;
      }
      const student = await run.loadStudentCheckpoint(file);
      studentModel = student.model;
      agent = new agents.StudentAgent(student.model, policy);
      who = `student ${file}`;
    } else if (config.random) {
      agent = new agents.RandomAgent(teacher.numActions);
      who = 'random';
    } else {
      agent = new agents.TeacherAgent(teacher, policy);
      who = `teacher ${teacher.provenance.source}`;
    }
    const preset = (config.preset ?? teacher.preset) as 'sb3-atari';
    const out = outArg ?? (config.png ? DEFAULT_PNG_DIR : DEFAULT_GIF);
    // A whole game has no known length: the bar is drawn when --max-steps bounds it.
    const bar = new Progress({ json: config.json || config.maxSteps === 0 }).bar('play', config.maxSteps);
    const options = {
      ...envChoice(config),
      preset,
      seed: config.seed,
      episode: config.episode,
      ...(config.maxSteps > 0 ? { maxSteps: config.maxSteps } : {}),
      onStep: (steps: number) => bar.update(steps),
    };
    const result = config.png
      ? await media.recordPngFrames(agent, options, out)
      : await media.recordGif(agent, options, out);
    bar.stop();
    if (!config.json) {
      process.stdout.write(
        `${who}: return ${result.return} in ${result.steps} steps (${result.gameOver ? 'game over' : 'cut at --max-steps'}); wrote ${result.images} ${config.png ? 'PNG frames to' : 'GIF frames to'} ${result.path}\n`,
      );
    }
    process.stdout.write(
      `${JSON.stringify({ out: result.path, format: config.png ? 'png' : 'gif', return: result.return, steps: result.steps, frames: result.frames, game_over: result.gameOver, images: result.images, env: config.env, seed: config.seed, episode: config.episode })}\n`,
    );
  } finally {
    studentModel?.dispose();
    teacher.dispose();
  }
}
