/**
 * `sobolev-distill experiment paper`: the Atari distillation experiment of Czarnecki et al. (2017)
 * on baby-a3c's teachers (src/distill/experiment.ts): the teachers' returns in our emulator, then per
 * game students trained with KL and with KL + Sobolev on datasets of increasing size over seeds;
 * writes docs/results.md, its plot and the raw numbers. Flags shrink it to a quick run.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ActPolicy } from '../../distill/acting.js';
import { defineCommand } from '../command.js';
import { type ConfigOf, choice, flag, float, int, path, text } from '../config.js';
import { UserError } from '../errors.js';
import { POLICY_MODES } from './distill-shared.js';

export const PAPER_CONFIG = {
  games: text('games to distill, comma-separated (pong, breakout, spaceinvaders; "none" for none)', 'pong'),
  teacherGames: text('games whose teachers are evaluated for the teacher table (default: --games; "none" for none)'),
  teachers: path("folder of baby-a3c's teachers (babya3c_<game>_v4.safetensors)", '../shared/teachers'),
  romDir: path('folder of ALE ROMs (default: $ALE_ROM_DIR)'),
  sizes: text('training-set sizes in samples, increasing, comma-separated (5k = 5000)', '1000,5000,20000,100000'),
  testSamples: int(2000, 'samples of the test set (episodes apart from training)', { min: 1 }),
  seeds: int(3, 'students per size and loss (seeds --seed, --seed+1, …)', { min: 1 }),
  seed: int(0, 'first seed (collection, training, evaluation)', { min: 0 }),
  steps: int(20000, 'training updates per student (both losses)', { min: 1 }),
  batchSize: int(64, 'samples per update', { min: 1 }),
  lr: float(5e-4, 'Adam learning rate (warmup, then cosine decay to 10%)', { min: 0 }),
  warmup: int(100, 'steps of learning-rate warmup', { min: 0 }),
  sobolevWeight: float(
    1e-4,
    "λ of the Sobolev term (vjp, k=1; it sums squared errors over the teacher's 80×80 input)",
    {
      min: 0,
    },
  ),
  evalEvery: int(0, 'steps between test-set evaluations, for learning curves in the JSON (0: at the end only)', {
    min: 0,
  }),
  episodes: int(10, 'return episodes per student (and for the teacher beside them)', { min: 1 }),
  teacherEpisodes: int(20, 'episodes per acting rule (greedy, sampled) in the teacher table (0: none)', { min: 0 }),
  collectPolicy: choice('sample', POLICY_MODES, 'how the teacher acts while collecting'),
  evalPolicy: choice('greedy', POLICY_MODES, 'how students and teacher act for returns'),
  collectEnvs: int(2, 'envs stepped side by side while collecting', { min: 1 }),
  evalEnvs: int(8, 'envs played side by side in evaluation', { min: 1 }),
  workDir: path('where the datasets go', 'checkpoints/paper'),
  out: path('the write-up (its plot goes beside it as .svg)', 'docs/results.md'),
  jsonOut: path('the raw numbers', 'docs/results.json'),
  notes: path('markdown file included verbatim under "Discussion"'),
  rerender: flag(false, 'only re-render --out and its plot from --json-out (e.g. after editing --notes); runs nothing'),
  backend: choice('wasm', ['wasm', 'cpu', 'tensorflow', 'auto'], 'tfjs backend'),
  json: flag(false, 'print one final JSON line (no progress lines)'),
} as const;

type PaperConfig = ConfigOf<typeof PAPER_CONFIG>;

function list(flagName: string, raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'none') return [];
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new UserError(`--${flagName} has an empty item: "${raw}".`, 'Separate items with single commas.');
  return items;
}

function sizes(raw: string | undefined): number[] {
  return list('sizes', raw).map((s) => {
    const n = Number(s.replace(/k$/i, '000'));
    if (!Number.isInteger(n) || n <= 0)
      throw new UserError(`--sizes: "${s}" is not a positive whole number of samples.`, 'Use e.g. --sizes 1000,5000.');
    return n;
  });
}

const policy = (mode: ActPolicy['mode']): ActPolicy => ({ mode });

export function registerExperimentCommand(program: Command): Command {
  const experiment = program.command('experiment').description('reproducible experiments that write docs/');
  defineCommand(experiment, {
    name: 'paper',
    description:
      'Czarnecki et al. 2017 on baby-a3c teachers: KL vs KL + Sobolev students over dataset sizes and seeds; writes docs/results.md',
    config: PAPER_CONFIG,
    run: (config) => runPaper(config),
  });
  return experiment;
}

async function runPaper(config: PaperConfig): Promise<void> {
  const { runPaperExperiment, plotPathFor, rerenderPaper } = await import('../../distill/experiment.js');
  const games = list('games', config.games);
  const teacherGames = config.teacherGames === undefined ? games : list('teacher-games', config.teacherGames);
  const notesPath = config.notes as string | undefined;
  let notes: string | undefined;
  if (notesPath) {
    notes = await readFile(notesPath, 'utf8').catch(() => {
      throw new UserError(`Cannot read the notes file ${notesPath}.`, 'Pass an existing markdown file to --notes.');
    });
  }
  if (config.rerender) {
    await rerenderPaper({
      markdownPath: config.out as string,
      jsonPath: config.jsonOut as string,
      ...(notes ? { notes } : {}),
    });
    process.stdout.write(`${JSON.stringify({ out: config.out, json: config.jsonOut, rerendered: true })}\n`);
    return;
  }
  const log = (line: string) => {
    if (!config.json) process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  };
  const romDir = (config.romDir as string | undefined) ?? process.env.ALE_ROM_DIR;
  const result = await runPaperExperiment({
    games,
    teacherGames,
    teacherDir: config.teachers as string,
    sizes: sizes(config.sizes),
    testSamples: config.testSamples,
    seeds: config.seeds,
    seed: config.seed,
    train: {
      steps: config.steps,
      batchSize: config.batchSize,
      lr: config.lr,
      warmup: config.warmup,
      sobolevWeight: config.sobolevWeight,
      evalEvery: config.evalEvery,
    },
    episodes: config.episodes,
    teacherEpisodes: config.teacherEpisodes,
    collectPolicy: policy(config.collectPolicy ?? 'sample'),
    evalPolicy: policy(config.evalPolicy ?? 'greedy'),
    collectEnvs: config.collectEnvs,
    evalEnvs: config.evalEnvs,
    workDir: config.workDir as string,
    markdownPath: config.out as string,
    jsonPath: config.jsonOut as string,
    ...(romDir ? { romDir } : {}),
    backend: config.backend as 'wasm',
    invocation: `sobolev-distill ${process.argv.slice(2).join(' ')}`,
    ...(notes ? { notes } : {}),
    log,
  });
  log(`wrote ${config.out as string}, ${plotPathFor(config.out as string)}, ${config.jsonOut as string}`);
  process.stdout.write(
    `${JSON.stringify({
      out: config.out,
      json: config.jsonOut,
      wall_s: result.wall_s,
      teachers: result.teachers.map((t) => ({
        env: t.env,
        greedy: t.greedy.mean_return,
        sample: t.sample.mean_return,
      })),
      games: result.games.map((g) => ({
        env: g.env,
        summary: g.summary,
        teacher_mean_return: g.teacher_returns.mean_return,
      })),
    })}\n`,
  );
}
