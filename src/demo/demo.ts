/**
 * The first run of a new user: on the embedded game (Catcher, which needs no ROM) and its teacher,
 * collect teacher data once, distill two students from it with the same budget, one with KL alone
 * and one with KL + Sobolev (vjp, k = 1), and evaluate both, the teacher and a random policy by the
 * env's evaluation protocol. Writes report.json, the learning curves of both students on one page,
 * and a GIF of each policy playing. Every step is the library's own (collectDataset, distill,
 * evaluateAgent, recordGif); this module only chooses settings and gathers the results.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActPolicy } from '../distill/acting.js';
import { type Agent, RandomAgent, TeacherAgent } from '../distill/evaluate/agents.js';
import type { ReturnsResult } from '../distill/evaluate/returns.js';
import { writeFileAtomic } from '../distill/fs.js';
import { curvesPage, type DistillReport, historySeries } from '../distill/report.js';
import { collectDataset, distill, evaluateAgent } from '../distill/run.js';
import { TRAIN_DEFAULTS, type TrainConfig } from '../distill/train/config.js';
import type { PresetName } from '../envs/presets.js';
import { recordGif } from '../media/record.js';
import { studentCnn } from '../models/spec.js';
import { importTeacher, loadTeacher } from '../teachers/load.js';
import { Teacher } from '../teachers/teacher.js';
import type { TeacherData } from '../teachers/teacher-file.js';
import { type BackendChoice, selectBackend } from '../tf/backend.js';
import { VERSION } from '../version.js';

/** How big the demo is: the full run fits 10 minutes on 2 cores, the quick one 2 minutes. */
export interface DemoScale {
  /** Teacher samples collected (env steps over all envs). */
  readonly samples: number;
  /** Fraction of the collected episodes held out for test KL and agreement. */
  readonly testFraction: number;
  /** Updates per student (the same for both losses). */
  readonly steps: number;
  /** Adam's base learning rate (cosine decay after warmup). */
  readonly lr: number;
  readonly batchSize: number;
  /** Updates between test-split evaluations (the learning curves' points). */
  readonly evalEvery: number;
  /** Test samples per evaluation. */
  readonly evalSamples: number;
  /** Games per policy for the returns. */
  readonly episodes: number;
  /** Agent steps per GIF at most (15 steps per second of play). */
  readonly gifSteps: number;
}

/**
 * Tuned on Catcher for behaviour cloning of the same teacher (src/rl/defaults.ts): Adam at 1.5e-3
 * reached 88% held-out accuracy after 3000 steps where 5e-4 reached 80%.
 */
const CATCHER_LR = 1.5e-3;

export const DEMO_SCALES = {
  full: {
    samples: 16_000,
    testFraction: 0.15,
    steps: 1000,
    lr: CATCHER_LR,
    batchSize: 64,
    evalEvery: 100,
    evalSamples: 1500,
    episodes: 8,
    gifSteps: 900,
  },
  quick: {
    samples: 3000,
    testFraction: 0.25,
    steps: 150,
    lr: CATCHER_LR,
    batchSize: 32,
    evalEvery: 25,
    evalSamples: 500,
    episodes: 2,
    gifSteps: 300,
  },
} as const satisfies Record<string, DemoScale>;

export type DemoScaleName = keyof typeof DEMO_SCALES;

/** The two students: the same budget, the loss the only difference. */
export const DEMO_STUDENTS = {
  kl: { label: 'student KL', sobolev: 'none' },
  sobolev: { label: 'student KL+Sobolev', sobolev: 'vjp' },
} as const;
export type DemoStudent = keyof typeof DEMO_STUDENTS;

/**
 * λ for the Sobolev term: it sums squared errors over every input pixel (4 × 84 × 84), and 1e-4
 * brings it to the KL's scale (the `distill` command's default, see its --sobolev-weight help).
 */
const DEMO_SOBOLEV_WEIGHT = 1e-4;
/** Sobolev directions per sample (the paper's stochastic form with one direction). */
const DEMO_SOBOLEV_DIRECTIONS = 1;
/** Two cores: two envs side by side while collecting (src/distill/run.ts's two-core vector setting). */
const COLLECT_ENVS = 2;
/** Games played side by side in evaluation (batched forward passes). */
const EVAL_ENVS = 4;
/** The teacher samples its actions while collecting, so the data covers more than its greedy path. */
const COLLECT_POLICY: ActPolicy = { mode: 'sample', temperature: 1 };
/** Every policy is scored greedily. */
const EVAL_POLICY: ActPolicy = { mode: 'greedy' };

export const DEMO_REPORT_FILE = 'report.json';
export const DEMO_CURVES_FILE = 'learning-curves.html';

export interface DemoHooks {
  readonly log?: (line: string) => void;
  /** A long phase's progress: `phase` names it (collect, train KL, evaluate teacher, GIF random, …). */
  readonly progress?: (phase: string, done: number, total: number) => void;
}

export interface DemoOptions {
  readonly out: string;
  readonly scale: DemoScaleName;
  /** The embedded game's id (ALE/Catcher-v5) unless told otherwise. */
  readonly envId: string;
  readonly teacherPath: string;
  readonly seed: number;
  readonly backend: BackendChoice;
  readonly hooks?: DemoHooks;
}

export interface DemoPolicyResult {
  readonly mean_return: number;
  readonly std_return: number;
  readonly returns: readonly number[];
  readonly mean_episode_steps: number;
  /** GIF of episode 0 of the protocol (cut at the scale's gifSteps). */
  readonly gif: string;
}

export interface DemoStudentResult extends DemoPolicyResult {
  readonly loss: string;
  /** KL(teacher‖student) on the held-out episodes, nats. */
  readonly test_kl: number | null;
  /** Top-1 agreement with the teacher on the held-out episodes. */
  readonly action_agreement: number | null;
  readonly sobolev_relative_error: number | null;
  /** The student's own run folder (report.json, metrics.csv, checkpoint, student.teacher). */
  readonly run: string;
  readonly train_s: number;
}

export interface DemoReport {
  readonly format: 'sobolev-distill/demo-report';
  readonly version: 1;
  readonly codeVersion: string;
  readonly created: string;
  readonly scale: DemoScaleName;
  readonly settings: DemoScale;
  readonly backend: string;
  readonly env: { readonly id: string; readonly preset: string; readonly protocol: ReturnsResult['protocol'] };
  readonly seed: number;
  readonly dataset: { readonly dir: string; readonly samples: number; readonly episodes: number };
  readonly teacher: DemoPolicyResult & { readonly file: string };
  readonly random: DemoPolicyResult;
  readonly students: { readonly [K in DemoStudent]: DemoStudentResult };
  readonly learning_curves: string;
  readonly timing: { readonly wall_s: number; readonly [phase: string]: number };
}

function trainConfig(scale: DemoScale, seed: number, teacher: TeacherData, which: DemoStudent): TrainConfig {
  return {
    ...TRAIN_DEFAULTS,
    seed,
    steps: scale.steps,
    batchSize: scale.batchSize,
    lr: scale.lr,
    lrSchedule: {
      ...TRAIN_DEFAULTS.lrSchedule,
      warmupSteps: Math.min(TRAIN_DEFAULTS.lrSchedule.warmupSteps, scale.steps / 10),
    },
    sobolev: DEMO_STUDENTS[which].sobolev,
    k: DEMO_SOBOLEV_DIRECTIONS,
    sobolevWeight: { kind: 'constant', start: DEMO_SOBOLEV_WEIGHT, end: DEMO_SOBOLEV_WEIGHT },
    student: studentCnn({ numActions: teacher.arch.numActions, input: teacher.arch.input }),
    evalEvery: scale.evalEvery,
    evalSamples: scale.evalSamples,
    // One checkpoint at the end, so `evaluate --student` and `play --student` can use the run folder.
    checkpointEvery: scale.steps,
    keepCheckpoints: 1,
  };
}

const summary = (r: ReturnsResult) => ({
  mean_return: r.mean_return,
  std_return: r.std_return,
  returns: r.returns,
  mean_episode_steps: r.mean_episode_steps,
});

export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const t0 = performance.now();
  const timing: Record<string, number> = {};
  const since = (t: number) => (performance.now() - t) / 1000;
  const log = options.hooks?.log ?? (() => undefined);
  const progress = options.hooks?.progress ?? (() => undefined);
  const scale: DemoScale = DEMO_SCALES[options.scale];
  const backend = await selectBackend(options.backend);
  const teacherData = await importTeacher(options.teacherPath);
  const preset = teacherData.preset as PresetName;
  const choice = { envId: options.envId, preset };
  const evaluation = { episodes: scale.episodes, policy: EVAL_POLICY, seed: options.seed, numEnvs: EVAL_ENVS };
  const play = { ...choice, seed: options.seed, maxSteps: scale.gifSteps };
  await mkdir(options.out, { recursive: true });

  // 1. Teacher data, once for both students.
  const datasetDir = join(options.out, 'dataset');
  let t = performance.now();
  const teacher = new Teacher(teacherData);
  let dataset: { samples: number; episodes: number };
  try {
    const collected = await collectDataset({
      ...choice,
      teacher,
      samples: scale.samples,
      numEnvs: COLLECT_ENVS,
      seed: options.seed,
      teacherPolicy: COLLECT_POLICY,
      testFraction: scale.testFraction,
      out: datasetDir,
      overwrite: true,
      source: { demo: options.scale },
      onProgress: (done, total) => progress('collect', done, total),
    });
    dataset = { samples: collected.manifest.counts.samples, episodes: collected.manifest.counts.episodes };
  } finally {
    teacher.dispose();
  }
  timing.collect_s = since(t);
  log(
    `collected ${dataset.samples} teacher samples (${dataset.episodes} episodes) in ${timing.collect_s.toFixed(1)} s`,
  );

  // 2. Two students from the same data, the loss the only difference.
  const reports = {} as Record<DemoStudent, { report: DistillReport; runDir: string }>;
  for (const which of Object.keys(DEMO_STUDENTS) as DemoStudent[]) {
    const { label } = DEMO_STUDENTS[which];
    const runDir = join(options.out, 'students', which);
    // The demo owns this folder: a rerun replaces the student, it does not resume it.
    await rm(runDir, { recursive: true, force: true });
    t = performance.now();
    reports[which] = await distill({
      ...choice,
      teacher: teacherData,
      runDir,
      mode: 'offline',
      datasetDir,
      collect: { samples: scale.samples, numEnvs: COLLECT_ENVS, teacherPolicy: COLLECT_POLICY, testFraction: 0 },
      train: trainConfig(scale, options.seed, teacherData, which),
      evaluation: { ...evaluation, teacher: false, random: false },
      backend,
      invocation: `sobolev-distill demo${options.scale === 'quick' ? ' --quick' : ''} (${which})`,
      hooks: {
        onStep: (step, total) => progress(`train ${label}`, step, total),
        onEvaluation: (_who, done, total) => progress(`evaluate ${label}`, done, total),
      },
    });
    timing[`${which}_s`] = since(t);
    const f = reports[which].report.final;
    log(
      `${label}: test KL ${f.test_kl?.toFixed(4) ?? '—'}, agreement ${f.action_agreement?.toFixed(3) ?? '—'}, return ${f.mean_return?.toFixed(2)} (${timing[`${which}_s`]!.toFixed(1)} s)`,
    );
  }

  // 3. The teacher and a random policy by the same protocol.
  t = performance.now();
  const teacherAgent = new Teacher(teacherData);
  let teacherReturns: ReturnsResult;
  let randomReturns: ReturnsResult;
  try {
    teacherReturns = evaluateAgent(new TeacherAgent(teacherAgent, EVAL_POLICY), choice, evaluation, (d, n) =>
      progress('evaluate teacher', d, n),
    );
    randomReturns = evaluateAgent(new RandomAgent(teacherData.arch.numActions), choice, evaluation, (d, n) =>
      progress('evaluate random', d, n),
    );
  } finally {
    teacherAgent.dispose();
  }
  timing.evaluate_s = since(t);

  // 4. A GIF of each policy: episode 0 of the protocol.
  t = performance.now();
  const gif = async (name: string, agent: Agent) => {
    const path = join(options.out, `${name}.gif`);
    await recordGif(agent, { ...play, onStep: (s) => progress(`GIF ${name}`, s, scale.gifSteps) }, path);
    return path;
  };
  const gifs: Record<string, string> = {};
  {
    const t1 = new Teacher(teacherData);
    try {
      gifs.teacher = await gif('teacher', new TeacherAgent(t1, EVAL_POLICY));
    } finally {
      t1.dispose();
    }
  }
  for (const which of Object.keys(DEMO_STUDENTS) as DemoStudent[]) {
    const file = reports[which].report.student.file;
    if (!file) throw new Error(`distill wrote no student.teacher for the ${which} student`);
    const student = await loadTeacher(file);
    try {
      gifs[which] = await gif(`student-${which}`, new TeacherAgent(student, EVAL_POLICY));
    } finally {
      student.dispose();
    }
  }
  gifs.random = await gif('random', new RandomAgent(teacherData.arch.numActions));
  timing.gif_s = since(t);

  // 5. Learning curves of both students on one page, and the report.
  const students = {} as Record<DemoStudent, DemoStudentResult>;
  for (const which of Object.keys(DEMO_STUDENTS) as DemoStudent[]) {
    const { report, runDir } = reports[which];
    students[which] = {
      loss: DEMO_STUDENTS[which].sobolev === 'none' ? 'KL' : `KL + Sobolev (${DEMO_STUDENTS[which].sobolev}, k=1)`,
      ...summary(report.student.returns),
      test_kl: report.final.test_kl ?? null,
      action_agreement: report.final.action_agreement ?? null,
      sobolev_relative_error: report.final.sobolev_relative_error ?? null,
      gif: gifs[which]!,
      run: runDir,
      train_s: report.timing.train_s ?? 0,
    };
  }
  const curvesPath = join(options.out, DEMO_CURVES_FILE);
  await writeFileAtomic(curvesPath, await demoCurves(students, reports, teacherReturns, randomReturns));
  const report: DemoReport = {
    format: 'sobolev-distill/demo-report',
    version: 1,
    codeVersion: VERSION,
    created: new Date().toISOString(),
    scale: options.scale,
    settings: scale,
    backend,
    env: { id: options.envId, preset, protocol: teacherReturns.protocol },
    seed: options.seed,
    dataset: { dir: datasetDir, ...dataset },
    teacher: { file: options.teacherPath, ...summary(teacherReturns), gif: gifs.teacher! },
    random: { ...summary(randomReturns), gif: gifs.random! },
    students,
    learning_curves: curvesPath,
    timing: { ...timing, wall_s: since(t0) },
  };
  await writeFileAtomic(join(options.out, DEMO_REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));

/** One page: the returns table, then both students' curves (KL, agreement, Sobolev error) overlaid. */
async function demoCurves(
  students: Record<DemoStudent, DemoStudentResult>,
  reports: Record<DemoStudent, { report: DistillReport }>,
  teacher: ReturnsResult,
  random: ReturnsResult,
): Promise<string> {
  const panels: Record<string, ReturnType<typeof historySeries>[string]> = {};
  for (const which of Object.keys(DEMO_STUDENTS) as DemoStudent[]) {
    const series = historySeries(reports[which].report.history, `${DEMO_STUDENTS[which].label}: `);
    for (const [title, s] of Object.entries(series)) panels[title] = [...(panels[title] ?? []), ...s];
  }
  const rows: [string, string][] = [
    ['teacher mean return', `${teacher.mean_return.toFixed(2)} ± ${teacher.std_return.toFixed(2)}`],
    ...(Object.keys(DEMO_STUDENTS) as DemoStudent[]).map((w): [string, string] => {
      const s = students[w];
      return [
        `${DEMO_STUDENTS[w].label} mean return`,
        `${s.mean_return.toFixed(2)} ± ${s.std_return.toFixed(2)} (test KL ${fixed(s.test_kl, 4)}, agreement ${fixed(s.action_agreement, 3)})`,
      ];
    }),
    ['random mean return', `${random.mean_return.toFixed(2)} ± ${random.std_return.toFixed(2)}`],
  ];
  return curvesPage('sobolev-distill demo: KL vs KL + Sobolev on Catcher', rows, panels);
}

/** The demo's results as a short text table (policy, mean return ± std, test KL, agreement). */
export function demoTable(report: DemoReport): string {
  const header = ['policy', 'mean return', 'test KL', 'agreement'];
  const row = (name: string, r: DemoPolicyResult, kl: number | null, agreement: number | null) => [
    name,
    `${r.mean_return.toFixed(2)} ± ${r.std_return.toFixed(2)}`,
    fixed(kl, 4),
    fixed(agreement, 3),
  ];
  const rows = [
    header,
    row('teacher', report.teacher, null, null),
    ...(Object.keys(DEMO_STUDENTS) as DemoStudent[]).map((w) =>
      row(DEMO_STUDENTS[w].label, report.students[w], report.students[w].test_kl, report.students[w].action_agreement),
    ),
    row('random', report.random, null, null),
  ];
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
