/**
 * `sobolev-distill distill`: trains a student from a teacher with KL(teacher‖student) plus an
 * optional Sobolev term, evaluates it (test KL, action agreement, Sobolev error; returns next to the
 * teacher's and a random policy's) and writes report.json, metrics.csv and learning-curve.html to
 * --out. Online (default) it collects in a worker thread while training, in DAgger rounds where the
 * student acts more and more often (β decays); offline it trains on --dataset, or collects one first
 * into <out>/dataset. Checkpoints go to <out>/checkpoints (online runs also keep their rounds in
 * <out>/online-rounds until they finish); --resume continues a run exactly where its last
 * checkpoint left it.
 *
 * Defaults: the embedded game (ALE/Catcher-v5) and its teacher (teachers/catcher.teacher).
 */
import type { Command } from 'commander';
import { defineCommand } from '../command.js';
import { type ConfigOf, type ConfigSpec, choice, flag, float, int, path } from '../config.js';
import { UserError } from '../errors.js';
import {
  actPolicy,
  ENV_FIELDS,
  envChoice,
  importConfiguredTeacher,
  JSON_FIELD,
  POLICY_MODES,
  TEACHER_FIELDS,
} from './distill-shared.js';

const SCHEDULES = ['constant', 'linear', 'cosine'] as const;

export const DISTILL_CONFIG = {
  ...TEACHER_FIELDS,
  ...ENV_FIELDS,
  out: path('run folder (checkpoints, report, plots)', 'checkpoints/distill'),
  resume: flag(false, 'continue the run in --out from its last checkpoint'),
  // Online over offline: on Catcher (KL only, 6000 updates, ~100k samples either way) DAgger rounds reached test KL
  // 0.089-0.118 and 65-107% of the teacher's return over two runs, where a 100k teacher-driven dataset stopped at
  // 0.129 and 42%: the student learns the states its own mistakes lead to.
  mode: choice('online', ['offline', 'online'], 'collect while training (DAgger rounds), or train on a dataset'),
  dataset: path('dataset folder to train on (implies --mode offline; offline without it: collect into <out>/dataset)'),
  // 100k over 20k: on Catcher, KL-only, 6000 updates reach test KL 0.129 and 42% of the teacher's return on
  // 100k samples (11 min on 2 idle cores), where 20k samples and 1500 updates stay at 0.35 and return 0.
  samples: int(100000, 'offline: samples to collect when there is no --dataset', { min: 1 }),
  envs: int(2, 'envs stepped side by side during collection', { min: 1 }),
  // ε-greedy: the states of the greedy play the student is judged on, with 5% random actions for
  // recovery states. (On Catcher, 20k samples either way hold ~108 episodes of ~185 steps, 71% NOOP.)
  collectPolicy: choice('epsilon-greedy', POLICY_MODES, 'how the teacher acts while collecting'),
  testFraction: float(0.1, 'fraction of episodes held out for testing', { min: 0, max: 0.9 }),
  // compact-cnn over student-cnn: on Catcher, seed 1 (KL only, 400-step rounds), student-cnn (677k parameters)
  // overfitted (12000 updates: train KL 0.065, test KL 0.118, 80% of the teacher's return over 100 games) where
  // compact-cnn (154k) reached test KL 0.079 and 104% (95% CI 90-117%) after 16000 updates; at seed 0, 0.061 and
  // 94% (CI 81-106%). It is as large as the embedded teacher, which is already compact, and a tenth of a
  // Nature-CNN teacher.
  studentArch: choice(
    'compact-cnn',
    ['compact-cnn', 'student-cnn', 'nature-cnn', 'teacher'],
    "student network (compact-cnn: 3 convs + 256 units; student-cnn: 2 convs + 256 units, the sobolev_reference fixture's student; teacher: the teacher's own convolutional architecture, fresh weights)",
  ),
  studentStack: int(0, "frames the student sees (0: the teacher's, at least 4 for one-frame teachers)", { min: 0 }),
  // Online on Catcher (compact-cnn, 400-step rounds, seed 1), test KL by update: 0.102 at 6000, 0.081 at 12000,
  // 0.079 at 16000; the cosine schedule stretched over 16000 also keeps the learning rate up for longer.
  steps: int(16000, 'training updates', { min: 1 }),
  batchSize: int(64, 'samples per update', { min: 1 }),
  // 2e-3 over 5e-4: test KL 0.39 against 0.58 after 500 steps on the default dataset; 5e-3 was worse.
  lr: float(2e-3, 'Adam learning rate', { min: 0 }),
  lrSchedule: choice('cosine', SCHEDULES, 'learning-rate decay after warmup'),
  warmup: int(100, 'steps of linear learning-rate warmup', { min: 0 }),
  lrFinal: float(0.1, 'final learning rate as a fraction of --lr (linear, cosine)', { min: 0, max: 1 }),
  clipNorm: float(10, 'global gradient-norm clip (0: none)', { min: 0 }),
  klDirection: choice('forward', ['forward', 'reverse'], 'KL(teacher‖student) or KL(student‖teacher)'),
  temperature: float(1, 'teacher softmax temperature in the KL', { min: 0 }),
  // Off by default: on Catcher (100k samples, 6000 updates, offline) KL + Sobolev(vjp, λ 1e-4) ended at test KL 0.153
  // and 23% of the teacher's return against KL alone's 0.129 and 42%, at twice the time per update; pass --sobolev vjp.
  sobolev: choice('none', ['none', 'vjp', 'jvp', 'full'], "Sobolev term (vjp: the paper's stochastic form)"),
  k: int(1, 'random directions per sample (vjp, jvp)', { min: 1 }),
  sobolevWeight: float(
    1e-4,
    "λ, the Sobolev term's weight (the term sums squared errors over every input pixel; 1e-4 brings it to the KL's scale for 4×84×84 inputs: compare the kl and sobolev columns of metrics.csv)",
    { min: 0 },
  ),
  sobolevSchedule: choice('constant', SCHEDULES, 'how λ moves to --sobolev-weight-final'),
  sobolevWeightFinal: float(0, 'λ at the last step (linear, cosine)', { min: 0 }),
  targets: choice('worker', ['worker', 'learner'], "where the teacher's derivatives are computed"),
  evalEvery: int(250, 'steps between test-split evaluations (0: only at the end)', { min: 0 }),
  evalSamples: int(2000, 'test samples per evaluation (0: all)', { min: 0 }),
  checkpointEvery: int(500, 'steps between checkpoints (0: none)', { min: 0 }),
  keepCheckpoints: int(2, 'checkpoints kept', { min: 1 }),
  seed: int(0, 'seed of everything (init, batches, directions, collection, evaluation)', { min: 0 }),
  // 400 vector steps × 2 envs per 50 updates: 256k samples over the default 16000 updates, each seen ~4 times.
  // On Catcher (seed 0, 12000 updates) 400 reached test KL 0.079 and 95% of the teacher's return over 100 games
  // (103% over the 100 games of evaluation seed 7), where 200 (96k samples, each seen ~8 times) overfitted: train
  // KL 0.044 against test KL 0.087, and 85% on evaluation seed 7. The worker keeps up: the learner waited 1%.
  roundSteps: int(400, 'online: vector steps per collection round', { min: 1 }),
  updatesPerRound: int(50, 'online: learner updates per round', { min: 1 }),
  beta: float(1, 'online: probability that the teacher acts (DAgger β) at the first round', { min: 0, max: 1 }),
  // β = 0.965^round: the teacher leads the first rounds, the student acts in most steps after ~60 of 320 rounds.
  betaSchedule: choice('exponential', ['constant', 'linear', 'exponential'], 'online: β over rounds'),
  betaFinal: float(0, 'online: β at the last round (linear)', { min: 0, max: 1 }),
  betaDecay: float(0.965, 'online: β factor per round (exponential)', { min: 0, max: 1 }),
  // 100 over 30: Catcher's returns spread widely (teacher 35.7 ± 19), so a ratio of 30-game means is ±0.12
  // (one standard error) and of 100-game means ±0.07; report.json gives the ratio's 95% interval.
  episodes: int(100, 'evaluation episodes per policy', { min: 1 }),
  evalPolicy: choice('greedy', POLICY_MODES, 'how policies act in evaluation'),
  evalEnvs: int(8, 'evaluation envs played side by side', { min: 1 }),
  teacherReturns: flag(true, "measure the teacher's returns by the same protocol"),
  randomReturns: flag(true, "measure a random policy's returns by the same protocol"),
  json: JSON_FIELD,
} as const satisfies ConfigSpec;

/** One-frame teachers (baby-a3c) get students that see this many frames. */
const MIN_STUDENT_STACK = 4;

export function registerDistillCommand(program: Command): Command {
  return defineCommand(program, {
    name: 'distill',
    description: 'distill a teacher into a student with KL + Sobolev losses; evaluate and report',
    config: DISTILL_CONFIG,
    run: runDistill,
  });
}

async function runDistill(config: ConfigOf<typeof DISTILL_CONFIG>): Promise<void> {
  const [{ compactCnn, natureCnn, studentCnn }, run, { Progress }, { TRAIN_DEFAULTS }] = await Promise.all([
    import('../../models/spec.js'),
    import('../../distill/run.js'),
    import('../../distill/progress.js'),
    import('../../distill/train/config.js'),
  ]);
  const { data: teacherData } = await importConfiguredTeacher(config);
  const [tc, h, w] = teacherData.arch.input;
  const stack = config.studentStack > 0 ? config.studentStack : tc === 1 ? MIN_STUDENT_STACK : tc;
  if (stack < tc) {
    throw new UserError(`--student-stack ${stack} is below the teacher's ${tc} frames.`, `Use at least ${tc}.`);
  }
  const numActions = teacherData.arch.numActions;
  let studentSpec: ReturnType<typeof studentCnn>;
  if (config.studentArch === 'teacher') {
    if (teacherData.arch.kind !== 'conv-actor-critic') {
      throw new UserError(
        `--student-arch teacher needs a feed-forward convolutional teacher; this one is ${teacherData.arch.kind}.`,
        'Use --student-arch student-cnn or nature-cnn.',
      );
    }
    studentSpec = { ...teacherData.arch, input: [stack, h, w], value: false };
  } else {
    const builders = {
      'compact-cnn': compactCnn,
      'student-cnn': studentCnn,
      'nature-cnn': natureCnn,
    } as const;
    studentSpec = builders[config.studentArch]({ numActions, input: [stack, h, w], value: false });
  }
  const progress = new Progress({ json: config.json });
  let collectBar: ReturnType<typeof progress.bar> | undefined;
  let trainBar: ReturnType<typeof progress.bar> | undefined;
  let evalBar: { who: string; bar: ReturnType<typeof progress.bar> } | undefined;
  const log = (line: string) => {
    if (!config.json) process.stdout.write(`${line}\n`);
  };
  const invocation = `sobolev-distill ${process.argv.slice(2).join(' ')}`;
  try {
    const { report, runDir } = await run.distill({
      ...envChoice(config),
      teacher: teacherData,
      runDir: config.out,
      // A dataset to train on means offline training, whatever --mode says.
      mode: config.dataset ? 'offline' : config.mode,
      ...(config.dataset ? { datasetDir: config.dataset } : {}),
      collect: {
        samples: config.samples,
        numEnvs: config.envs,
        teacherPolicy: actPolicy(config.collectPolicy, 1, 0.05),
        testFraction: config.testFraction,
      },
      online: {
        envSteps: config.roundSteps,
        updatesPerRound: config.updatesPerRound,
        beta: {
          kind: config.betaSchedule,
          start: config.beta,
          end: config.betaFinal,
          decay: config.betaDecay,
        },
        testFraction: config.testFraction,
        numEnvs: config.envs,
        teacherPolicy: actPolicy(config.collectPolicy, 1, 0.05),
        studentPolicy: { mode: 'greedy' },
      },
      train: {
        ...TRAIN_DEFAULTS,
        seed: config.seed,
        steps: config.steps,
        batchSize: config.batchSize,
        lr: config.lr,
        lrSchedule: { kind: config.lrSchedule, warmupSteps: config.warmup, finalFraction: config.lrFinal },
        clipNorm: config.clipNorm,
        kl: { direction: config.klDirection, temperature: config.temperature },
        sobolev: config.sobolev,
        k: config.k,
        sobolevWeight: {
          kind: config.sobolevSchedule,
          start: config.sobolevWeight,
          end: config.sobolevWeightFinal,
        },
        student: studentSpec,
        targets: config.targets,
        evalEvery: config.evalEvery,
        evalSamples: config.evalSamples,
        checkpointEvery: config.checkpointEvery,
        keepCheckpoints: config.keepCheckpoints,
      },
      resume: config.resume,
      evaluation: {
        episodes: config.episodes,
        policy: actPolicy(config.evalPolicy, 1, 0.05),
        seed: config.seed,
        numEnvs: config.evalEnvs,
        teacher: config.teacherReturns,
        random: config.randomReturns,
      },
      backend: config.backend,
      invocation,
      hooks: {
        log,
        onCollect: (done, total) => {
          collectBar ??= progress.bar('collect', total);
          collectBar.update(done, total);
          if (done >= total) collectBar.stop();
        },
        onStep: (step, total) => {
          trainBar ??= progress.bar('train', total);
          trainBar.update(step, total);
        },
        onRecord: (r) => {
          if (!progress.enabled) {
            const test = r.test ? `, test KL ${r.test.kl.toFixed(4)}, agreement ${r.test.agreement.toFixed(3)}` : '';
            log(
              `step ${r.step}: loss ${r.loss.toFixed(4)}, KL ${r.kl.toFixed(4)}, Sobolev ${r.sobolev.toExponential(3)}${test}`,
            );
          }
        },
        onCheckpoint: (p, step) => {
          if (!progress.enabled) log(`checkpoint step ${step}: ${p}`);
        },
        onEvaluation: (who, done, total) => {
          if (evalBar?.who !== who) {
            trainBar?.stop();
            evalBar?.bar.stop();
            evalBar = { who, bar: progress.bar(who, total) };
          }
          evalBar.bar.update(done, total);
        },
      },
    });
    trainBar?.stop();
    evalBar?.bar.stop();
    const f = report.final;
    log(
      (f.test_kl !== null
        ? `test KL ${f.test_kl!.toFixed(4)} nats, action agreement ${f.action_agreement!.toFixed(3)}, `
        : '') +
        `student return ${f.mean_return!.toFixed(2)}` +
        (f.teacher_mean_return !== undefined ? `, teacher ${f.teacher_mean_return!.toFixed(2)}` : '') +
        (typeof f.return_ratio_ci95_low === 'number'
          ? ` (ratio ${f.return_ratio!.toFixed(2)}, 95% CI ${f.return_ratio_ci95_low.toFixed(2)}–${f.return_ratio_ci95_high!.toFixed(2)})`
          : '') +
        (f.random_mean_return !== undefined ? `, random ${f.random_mean_return!.toFixed(2)}` : ''),
    );
    log(`report: ${runDir}/report.json, ${runDir}/metrics.csv, ${runDir}/learning-curve.html`);
    process.stdout.write(
      `${JSON.stringify({ out: runDir, ...report.final, learner_idle_fraction: report.timing.learner_idle_fraction, wall_s: report.timing.wall_s })}\n`,
    );
  } finally {
    collectBar?.stop();
    trainBar?.stop();
    evalBar?.bar.stop();
  }
}
