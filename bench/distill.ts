/**
 * Distillation benchmark on the tfjs `wasm` backend, 2 cores:
 *
 * 1. Learner throughput (training samples/s) with a Nature-size student (Mnih et al. 2015 torso, no
 *    value head) and a Nature-size teacher, offline on stored frames: KL only, and KL + Sobolev (vjp,
 *    k = 1) with the teacher's VJP computed in the teacher worker beside the learner ("outside") or in
 *    the learner's step ("inside"). `sobolev_step_over_kl_step` is the outside ratio (the default
 *    setup); the inside one is reported next to it.
 * 2. Online training with collection overlapped: Catcher (the embedded game, no ROM) stepped and
 *    labelled by the teacher in the worker thread while the learner trains KL + Sobolev(vjp, k = 1);
 *    `learner_idle_fraction` is the fraction of the learner's wall time spent waiting for data or
 *    teacher targets, after the first round (before it there is nothing to train on).
 *
 * Teacher weights are random: timing does not depend on them. Step times are medians over
 * interleaved repetitions, so load from other processes hits each variant alike.
 * Run: npm run bench:distill [-- --quick]
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SegmentBuilder } from '../src/distill/dataset/builder.js';
import { Dataset } from '../src/distill/dataset/dataset.js';
import type { DatasetInfo, Segment } from '../src/distill/dataset/types.js';
import { Random } from '../src/distill/rng.js';
import { distill } from '../src/distill/run.js';
import { TRAIN_DEFAULTS, type TrainConfig } from '../src/distill/train/config.js';
import { InlineTargets, type TargetProvider } from '../src/distill/train/targets.js';
import { epochData, Trainer } from '../src/distill/train/trainer.js';
import { TeacherWorker } from '../src/distill/worker/client.js';
import { buildModel, getWeights } from '../src/models/build.js';
import { natureCnn } from '../src/models/spec.js';
import { Teacher } from '../src/teachers/teacher.js';
import type { TeacherData } from '../src/teachers/teacher-file.js';
import { selectBackend } from '../src/tf/backend.js';

const QUICK = process.argv.includes('--quick');
const BATCH = 64;
/** Timed steps per run (after one untimed warm-up step) and interleaved repetitions. */
const STEPS = QUICK ? 4 : 10;
const REPEATS = QUICK ? 2 : 3;
const NUM_ACTIONS = 5;
const DATASET_FRAMES = 512;
const ONLINE_STEPS = QUICK ? 24 : 60;
const ONLINE = { numEnvs: 2, envSteps: 16, updatesPerRound: 6 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number, digits = 3) => Number(n.toFixed(digits));

function teacherData(): TeacherData {
  const arch = natureCnn({ numActions: NUM_ACTIONS });
  const model = buildModel(arch, { seed: 1 });
  const weights = getWeights(model);
  model.dispose();
  return {
    arch,
    preset: 'sb3-atari',
    inputScale: 1 / 255,
    actions: { count: NUM_ACTIONS },
    weights,
    provenance: { source: 'bench (random weights)', licence: 'MIT', trainingEnv: 'CatcherNoFrameskip-v4' },
  };
}

/** One episode of random frames labelled by the teacher (all in the training split). */
function dataset(teacher: Teacher): Dataset {
  const info: DatasetInfo = {
    frameShape: [84, 84],
    envStack: 4,
    padding: 'reset',
    observation: 'uint8',
    numActions: NUM_ACTIONS,
    stateSize: 0,
    maxHistory: 3,
  };
  const rng = new Random(2);
  const frame = new Uint8Array(84 * 84);
  const next = () => frame.map(() => rng.int(256));
  const b = new SegmentBuilder(info, 0);
  b.begin(0, next());
  const obs = new Uint8Array(4 * 84 * 84);
  for (let t = 0; t < DATASET_FRAMES; t++) {
    b.stackInto(4, obs, 0);
    const out = teacher.logits({ data: obs, shape: [1, 4, 84, 84] });
    b.record(new Float32Array(out.logits.dataSync() as Float32Array), 0, 0);
    out.logits.dispose();
    b.outcome(0, t === DATASET_FRAMES - 1 ? undefined : next());
  }
  const segment = b.finish('truncated') as Segment;
  return new Dataset(info, [segment]);
}

function config(sobolev: 'none' | 'vjp', targets: 'worker' | 'learner', steps: number): TrainConfig {
  return {
    ...TRAIN_DEFAULTS,
    steps,
    batchSize: BATCH,
    sobolev,
    k: 1,
    targets,
    student: natureCnn({ numActions: NUM_ACTIONS, value: false }),
    evalEvery: 0,
  };
}

/** Median ms per step of a run, from the end of step 1 to the end of the last step. */
async function stepMs(c: TrainConfig, data: Dataset, targets: TargetProvider): Promise<{ ms: number; idle: number }> {
  let start = 0;
  const trainer = new Trainer({
    config: c,
    data: epochData(data, 0, c.batchSize),
    targets,
    onStep: (step) => {
      if (step === 1) start = performance.now();
    },
  });
  await trainer.run();
  const ms = (performance.now() - start) / (c.steps - 1);
  const idle = trainer.idleFraction;
  trainer.dispose();
  return { ms, idle };
}

async function main(): Promise<void> {
  const backend = await selectBackend('wasm');
  const data = teacherData();
  const teacher = new Teacher(data);
  const ds = dataset(teacher);
  const worker = await TeacherWorker.start({ teacher: data, backend });
  const inline = new InlineTargets(teacher);
  const samples: Record<'kl' | 'outside' | 'inside', number[]> = { kl: [], outside: [], inside: [] };
  for (let r = 0; r < REPEATS; r++) {
    samples.kl.push((await stepMs(config('none', 'learner', STEPS + 1), ds, inline)).ms);
    samples.outside.push((await stepMs(config('vjp', 'worker', STEPS + 1), ds, worker)).ms);
    samples.inside.push((await stepMs(config('vjp', 'learner', STEPS + 1), ds, inline)).ms);
    console.log(
      `repeat ${r + 1}: KL ${samples.kl.at(-1)!.toFixed(0)} ms/step, Sobolev (teacher VJP in worker) ${samples.outside.at(-1)!.toFixed(0)} ms, (in learner) ${samples.inside.at(-1)!.toFixed(0)} ms`,
    );
  }
  await worker.close();
  const kl = median(samples.kl);
  const outside = median(samples.outside);
  const inside = median(samples.inside);

  // Online: collection and teacher targets in the worker, learner in this thread.
  const runDir = mkdtempSync(join(tmpdir(), 'sd-bench-'));
  let idleAfterFirstRound = 0;
  let mark: { idle: number; busy: number } | undefined;
  try {
    const { report } = await distill({
      envId: 'CatcherNoFrameskip-v4',
      teacher: data,
      runDir,
      mode: 'online',
      collect: { samples: 0, numEnvs: ONLINE.numEnvs, teacherPolicy: { mode: 'greedy' }, testFraction: 0 },
      online: {
        envSteps: ONLINE.envSteps,
        updatesPerRound: ONLINE.updatesPerRound,
        beta: { kind: 'constant', start: 1, end: 1, decay: 1 },
        testFraction: 0,
        numEnvs: ONLINE.numEnvs,
        teacherPolicy: { mode: 'sample' },
        studentPolicy: { mode: 'greedy' },
      },
      train: config('vjp', 'worker', ONLINE_STEPS),
      evaluation: { episodes: 1, policy: { mode: 'greedy' }, seed: 0, numEnvs: 1, teacher: false, random: false },
      maxEpisodeSteps: 400,
      backend,
      hooks: {
        onStep: (step, _total, trainer) => {
          if (step === 1) mark = { idle: trainer.idleSeconds, busy: trainer.busySeconds };
          if (mark && step === ONLINE_STEPS) {
            // busySeconds is settled at the end of run(); count this step's wall time from the idle/busy split so far.
            const idle = trainer.idleSeconds - mark.idle;
            const busy = trainer.busySeconds - mark.busy;
            idleAfterFirstRound = idle / Math.max(idle + busy, 1e-9);
          }
        },
      },
    });
    const onlineIdle = report.timing.learner_idle_fraction!;
    console.log(
      `online (${ONLINE.numEnvs} envs, ${ONLINE.envSteps} steps/round, ${ONLINE.updatesPerRound} updates/round): learner idle ${(onlineIdle * 100).toFixed(1)}% overall, ${(idleAfterFirstRound * 100).toFixed(1)}% after the first round; worker ${report.timing.worker_collect_s!.toFixed(1)} s collecting, ${report.timing.worker_target_s!.toFixed(1)} s on targets`,
    );
    const samplesPerSecond = (ms: number) => round((BATCH / ms) * 1000, 1);
    console.log(
      `KL: ${samplesPerSecond(kl)} samples/s; KL + Sobolev(vjp, k=1): ${samplesPerSecond(outside)} samples/s (teacher VJP in the worker), ${samplesPerSecond(inside)} samples/s (in the learner)`,
    );
    console.log(
      JSON.stringify({
        bench: 'distill',
        backend,
        batch: BATCH,
        student: 'nature-cnn',
        kl_samples_per_second: samplesPerSecond(kl),
        sobolev_samples_per_second: samplesPerSecond(outside),
        sobolev_teacher_in_learner_samples_per_second: samplesPerSecond(inside),
        kl_step_ms: round(kl, 1),
        sobolev_step_ms: round(outside, 1),
        sobolev_step_teacher_in_learner_ms: round(inside, 1),
        online_steps: ONLINE_STEPS,
        online_learner_idle_fraction_overall: round(onlineIdle),
        ratios: {
          sobolev_step_over_kl_step: round(outside / kl),
          sobolev_step_teacher_in_learner_over_kl_step: round(inside / kl),
          learner_idle_fraction: round(idleAfterFirstRound),
        },
      }),
    );
  } finally {
    rmSync(runDir, { recursive: true, force: true });
    teacher.dispose();
    tf.disposeVariables();
  }
}

await main();
