/**
 * `sobolev-distill distill`: trains a student from a teacher with KL(teacher‖student) plus an
 * optional Sobolev term, evaluates it (test KL, action agreement, Sobolev error; returns next to the
 * teacher's and a random policy's) and writes report.json, metrics.csv and learning-curve.html to
 * --out. Offline (default) it trains on --dataset, or collects one first into <out>/dataset; online
 * it collects in a worker thread while training (DAgger with --beta < 1). Checkpoints go to
 * <out>/checkpoints; --resume continues a run exactly where its last checkpoint left it.
 *
 * Defaults: the embedded game (ALE/Catcher-v5) and its teacher (teachers/catcher.teacher).
 */
import type { Command } from 'commander';
import { addConfigOptions, type ConfigSpec, formatConfig, readConfig } from '../config.js';
import { UserError } from '../errors.js';
import {
  actPolicy,
  archName,
  asUserErrors,
  ENV_FIELDS,
  envChoice,
  POLICY_MODES,
  TEACHER_FIELDS,
  teacherPath,
} from './distill-shared.js';

export const DISTILL_CONFIG = {
  ...TEACHER_FIELDS,
  ...ENV_FIELDS,
  out: { kind: 'path', default: 'checkpoints/distill', doc: 'run folder (checkpoints, report, plots)' },
  resume: { kind: 'bool', default: false, doc: 'continue the run in --out from its last checkpoint' },
  mode: {
    kind: 'string',
    default: 'offline',
    choices: ['offline', 'online'],
    doc: 'train on a dataset, or collect while training',
  },
  dataset: {
    kind: 'path',
    default: undefined,
    doc: 'dataset folder to train on (offline; default: collect into <out>/dataset)',
  },
  samples: { kind: 'int', default: 20000, min: 1, doc: 'samples to collect when there is no --dataset' },
  envs: { kind: 'int', default: 2, min: 1, doc: 'envs stepped side by side during collection' },
  collectPolicy: {
    kind: 'string',
    default: 'sample',
    choices: POLICY_MODES,
    doc: 'how the teacher acts while collecting',
  },
  testFraction: { kind: 'float', default: 0.1, min: 0, max: 0.9, doc: 'fraction of episodes held out for testing' },
  studentArch: {
    kind: 'string',
    default: 'student-cnn',
    choices: ['student-cnn', 'nature-cnn'],
    doc: 'student network',
  },
  studentStack: {
    kind: 'int',
    default: 0,
    min: 0,
    doc: "frames the student sees (0: the teacher's, at least 4 for one-frame teachers)",
  },
  steps: { kind: 'int', default: 3000, min: 1, doc: 'training updates' },
  batchSize: { kind: 'int', default: 64, min: 1, doc: 'samples per update' },
  lr: { kind: 'float', default: 5e-4, min: 0, doc: 'Adam learning rate' },
  lrSchedule: {
    kind: 'string',
    default: 'cosine',
    choices: ['constant', 'linear', 'cosine'],
    doc: 'learning-rate decay after warmup',
  },
  warmup: { kind: 'int', default: 100, min: 0, doc: 'steps of linear learning-rate warmup' },
  lrFinal: {
    kind: 'float',
    default: 0.1,
    min: 0,
    max: 1,
    doc: 'final learning rate as a fraction of --lr (linear, cosine)',
  },
  clipNorm: { kind: 'float', default: 10, min: 0, doc: 'global gradient-norm clip (0: none)' },
  klDirection: {
    kind: 'string',
    default: 'forward',
    choices: ['forward', 'reverse'],
    doc: 'KL(teacher‖student) or KL(student‖teacher)',
  },
  temperature: { kind: 'float', default: 1, min: 0, doc: 'teacher softmax temperature in the KL' },
  sobolev: {
    kind: 'string',
    default: 'vjp',
    choices: ['none', 'vjp', 'jvp', 'full'],
    doc: "Sobolev term (vjp: the paper's stochastic form)",
  },
  k: { kind: 'int', default: 1, min: 1, doc: 'random directions per sample (vjp, jvp)' },
  sobolevWeight: {
    kind: 'float',
    default: 1e-4,
    min: 0,
    doc: "λ, the Sobolev term's weight (the term sums squared errors over every input pixel; 1e-4 brings it to the KL's scale for 4×84×84 inputs: compare the kl and sobolev columns of metrics.csv)",
  },
  sobolevSchedule: {
    kind: 'string',
    default: 'constant',
    choices: ['constant', 'linear', 'cosine'],
    doc: 'how λ moves to --sobolev-weight-final',
  },
  sobolevWeightFinal: { kind: 'float', default: 0, min: 0, doc: 'λ at the last step (linear, cosine)' },
  targets: {
    kind: 'string',
    default: 'worker',
    choices: ['worker', 'learner'],
    doc: "where the teacher's derivatives are computed",
  },
  evalEvery: { kind: 'int', default: 250, min: 0, doc: 'steps between test-split evaluations (0: only at the end)' },
  evalSamples: { kind: 'int', default: 2000, min: 0, doc: 'test samples per evaluation (0: all)' },
  checkpointEvery: { kind: 'int', default: 500, min: 0, doc: 'steps between checkpoints (0: none)' },
  keepCheckpoints: { kind: 'int', default: 2, min: 1, doc: 'checkpoints kept' },
  seed: {
    kind: 'int',
    default: 0,
    min: 0,
    doc: 'seed of everything (init, batches, directions, collection, evaluation)',
  },
  roundSteps: { kind: 'int', default: 64, min: 1, doc: 'online: vector steps per collection round' },
  updatesPerRound: { kind: 'int', default: 50, min: 1, doc: 'online: learner updates per round' },
  beta: {
    kind: 'float',
    default: 1,
    min: 0,
    max: 1,
    doc: 'online: probability that the teacher acts (DAgger β) at the first round',
  },
  betaSchedule: {
    kind: 'string',
    default: 'constant',
    choices: ['constant', 'linear', 'exponential'],
    doc: 'online: β over rounds',
  },
  betaFinal: { kind: 'float', default: 0, min: 0, max: 1, doc: 'online: β at the last round (linear)' },
  betaDecay: { kind: 'float', default: 0.9, min: 0, max: 1, doc: 'online: β factor per round (exponential)' },
  episodes: { kind: 'int', default: 10, min: 1, doc: 'evaluation episodes per policy' },
  evalPolicy: { kind: 'string', default: 'greedy', choices: POLICY_MODES, doc: 'how policies act in evaluation' },
  evalEnvs: { kind: 'int', default: 8, min: 1, doc: 'evaluation envs played side by side' },
  teacherReturns: { kind: 'bool', default: true, doc: "measure the teacher's returns by the same protocol" },
  randomReturns: { kind: 'bool', default: true, doc: "measure a random policy's returns by the same protocol" },
  json: { kind: 'bool', default: false, doc: 'print one final JSON line (no progress bars)' },
} as const satisfies ConfigSpec;

/** One-frame teachers (baby-a3c) get students that see this many frames. */
const MIN_STUDENT_STACK = 4;

export function registerDistillCommand(program: Command): Command {
  const command = program
    .command('distill')
    .description('distill a teacher into a student with KL + Sobolev losses; evaluate and report');
  addConfigOptions(command, DISTILL_CONFIG);
  command.action(async (options: Record<string, unknown>) => {
    const config = readConfig(DISTILL_CONFIG, options);
    if (!config.json) process.stdout.write(`${formatConfig('distill', config)}\n`);
    await asUserErrors(() => runDistill(config));
  });
  return command;
}

async function runDistill(config: ReturnType<typeof readConfig<typeof DISTILL_CONFIG>>): Promise<void> {
  const [{ importTeacher }, { natureCnn, studentCnn }, run, { Progress }, { TRAIN_DEFAULTS }] = await Promise.all([
    import('../../teachers/load.js'),
    import('../../models/spec.js'),
    import('../../distill/run.js'),
    import('../../distill/progress.js'),
    import('../../distill/train/config.js'),
  ]);
  const arch = archName(config.arch);
  const path = teacherPath(config.teacher);
  const teacherData = await importTeacher(path, {
    ...(arch ? { arch } : {}),
    ...(config.preset && config.preset !== 'none' ? { preset: config.preset } : {}),
  });
  const [tc, h, w] = teacherData.arch.input;
  const stack = config.studentStack > 0 ? config.studentStack : tc === 1 ? MIN_STUDENT_STACK : tc;
  if (stack < tc) {
    throw new UserError(`--student-stack ${stack} is below the teacher's ${tc} frames.`, `Use at least ${tc}.`);
  }
  const studentSpec =
    (config.studentArch as string) === 'nature-cnn'
      ? natureCnn({ numActions: teacherData.arch.numActions, input: [stack, h, w], value: false })
      : studentCnn({ numActions: teacherData.arch.numActions, input: [stack, h, w] });
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
      runDir: config.out as string,
      mode: config.mode as 'offline' | 'online',
      ...(config.dataset ? { datasetDir: config.dataset as string } : {}),
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
          kind: config.betaSchedule as 'constant',
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
        lrSchedule: { kind: config.lrSchedule as 'cosine', warmupSteps: config.warmup, finalFraction: config.lrFinal },
        clipNorm: config.clipNorm,
        kl: { direction: config.klDirection as 'forward', temperature: config.temperature },
        sobolev: config.sobolev as 'vjp',
        k: config.k,
        sobolevWeight: {
          kind: config.sobolevSchedule as 'constant',
          start: config.sobolevWeight,
          end: config.sobolevWeightFinal,
        },
        student: studentSpec,
        targets: config.targets as 'worker',
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
      backend: config.backend as 'wasm',
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
