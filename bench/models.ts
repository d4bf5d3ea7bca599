/**
 * Model-layer benchmark on the tfjs `wasm` backend (single-threaded in Node, i.e. one core):
 *
 * - Nature-CNN teacher forward at batch 256 (uint8 frames in, logits out), frames per second;
 * - teacher VJP (∂⟨log π, v⟩/∂x) time over forward time, same batch;
 * - a Sobolev(VJP) training step over a KL-only step (Nature-size student, Adam, k = 1), both on
 *   stored teacher logits: `sobolev_step_over_kl_step` is the learner's step given the teacher's
 *   input gradients (computed where the teacher runs, e.g. by collection workers), and
 *   `sobolev_step_with_teacher_vjp_over_kl_step` also computes them in the step;
 * - our Conv2DBackpropFilter over the forward conv, summed over the Nature CNN's three conv shapes.
 *
 * Timings are medians of interleaved repetitions, so load from other processes hits both sides of
 * each ratio alike. Teacher weights are random (timing does not depend on them).
 * Run: npm run bench:models [-- --quick]
 */
import * as tf from '@tensorflow/tfjs';
import { unitDirections } from '../src/distill/losses/directions.js';
import { klLoss } from '../src/distill/losses/kl.js';
import { sobolevVjpPenalty } from '../src/distill/losses/sobolev-vjp.js';
import { buildModel, getWeights } from '../src/models/build.js';
import { mulberry32 } from '../src/models/params.js';
import { NATURE_CNN_CONVS, natureCnn } from '../src/models/spec.js';
import { Teacher } from '../src/teachers/teacher.js';
import { selectBackend } from '../src/tf/backend.js';

const QUICK = process.argv.includes('--quick');
const FORWARD_BATCH = 256;
const TRAIN_BATCH = QUICK ? 32 : 128;
const REPEATS = QUICK ? 3 : 7;
const NUM_ACTIONS = 6;
const SOBOLEV_WEIGHT = 0.1;
const LEARNING_RATE = 2.5e-4;
const [FRAMES, HEIGHT, WIDTH] = [4, 84, 84];

/** Median wall time in ms of each function, run interleaved `REPEATS` times after one warm-up. */
function timeInterleaved(fns: Record<string, () => void>): Record<string, number> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (const fn of Object.values(fns)) fn();
  for (let r = 0; r < REPEATS; r++) {
    for (const [name, fn] of Object.entries(fns)) {
      const t0 = performance.now();
      fn();
      samples[name]!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([k, v]) => {
      const sorted = [...v].sort((a, b) => a - b);
      return [k, sorted[Math.floor(sorted.length / 2)]!];
    }),
  );
}

/** Runs f, reads every output (forcing the backend to finish), disposes them. */
function run(f: () => tf.Tensor | tf.Tensor[]): () => void {
  return () => {
    const out = f();
    for (const t of Array.isArray(out) ? out : [out]) {
      t.dataSync();
      t.dispose();
    }
  };
}

function uint8Frames(batch: number, seed: number): { data: Uint8Array; shape: number[] } {
  const rng = mulberry32(seed);
  const data = new Uint8Array(batch * FRAMES * HEIGHT * WIDTH);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rng() * 256);
  return { data, shape: [batch, FRAMES, HEIGHT, WIDTH] };
}

/** The Nature CNN as bare tfjs ops (fused conv + relu, NHWC float input already on the backend). */
function plainTfjsForward(teacher: Teacher): { run: () => tf.Tensor; dispose: () => void } {
  const p = Object.fromEntries(teacher.model.params.map((q) => [q.name, q.variable]));
  const x = tf.randomUniform([FORWARD_BATCH, HEIGHT, WIDTH, FRAMES], 0, 1, 'float32', 10) as tf.Tensor4D;
  const conv = (h: tf.Tensor4D, i: number, stride: number) =>
    tf.fused.conv2d({
      x: h,
      filter: p[`conv${i}.weight`] as tf.Tensor4D,
      strides: stride,
      pad: 'valid',
      bias: p[`conv${i}.bias`],
      activation: 'relu',
    });
  return {
    run: () =>
      tf.tidy(() => {
        const h = conv(conv(conv(x, 0, 4), 1, 2), 2, 1);
        const f = tf.fused.matMul({
          a: tf.reshape(h, [FORWARD_BATCH, -1]),
          b: p['fc0.weight'] as tf.Tensor2D,
          bias: p['fc0.bias'],
          activation: 'relu',
        });
        return tf.fused.matMul({ a: f, b: p['policy.weight'] as tf.Tensor2D, bias: p['policy.bias'] });
      }),
    dispose: () => x.dispose(),
  };
}

function makeTeacher(): Teacher {
  const arch = natureCnn({ numActions: NUM_ACTIONS });
  const source = buildModel(arch, { seed: 1 });
  const weights = getWeights(source);
  source.dispose();
  return new Teacher({
    arch,
    preset: 'sb3-atari',
    inputScale: 1 / 255,
    actions: { count: NUM_ACTIONS },
    weights,
    provenance: { source: 'bench (random weights)', licence: 'MIT', trainingEnv: 'none' },
  });
}

async function main(): Promise<void> {
  const backend = await selectBackend('wasm');
  const teacher = makeTeacher();

  // 1-2. Teacher forward and VJP at batch 256, from uint8 frames as an env delivers them, next to
  // plain tfjs ops on a ready float NHWC batch (the baseline "what tfjs reaches").
  const raw = uint8Frames(FORWARD_BATCH, 2);
  const v = unitDirections(FORWARD_BATCH, [NUM_ACTIONS], mulberry32(3)) as tf.Tensor2D;
  const baseline = plainTfjsForward(teacher);
  const teacherTimes = timeInterleaved({
    baseline: run(() => baseline.run()),
    forward: run(() => teacher.logits(raw).logits),
    vjp: run(() => teacher.logitGradients(raw, v)),
  });
  baseline.dispose();
  const forwardFps = (FORWARD_BATCH / teacherTimes.forward!) * 1000;
  const baselineFps = (FORWARD_BATCH / teacherTimes.baseline!) * 1000;
  console.log(
    `plain tfjs forward batch ${FORWARD_BATCH}: ${teacherTimes.baseline!.toFixed(1)} ms (${baselineFps.toFixed(0)} frames/s)`,
  );
  console.log(
    `teacher forward  batch ${FORWARD_BATCH}: ${teacherTimes.forward!.toFixed(1)} ms (${forwardFps.toFixed(0)} frames/s)`,
  );
  console.log(`teacher VJP      batch ${FORWARD_BATCH}: ${teacherTimes.vjp!.toFixed(1)} ms`);
  v.dispose();

  // 3. Training steps, Nature-size student (no value head), Adam.
  const student = buildModel(natureCnn({ numActions: NUM_ACTIONS, value: false }), { seed: 4 });
  const optimizer = tf.train.adam(LEARNING_RATE);
  const vars = student.params.map((p) => p.variable);
  const obs = tf.tensor(uint8Frames(TRAIN_BATCH, 5).data, [TRAIN_BATCH, FRAMES, HEIGHT, WIDTH], 'int32');
  const x = tf.tidy(() => tf.mul(tf.cast(obs, 'float32'), 1 / 255)) as tf.Tensor4D;
  const storedLogits = teacher.logits(obs).logits;
  const directions = unitDirections(TRAIN_BATCH, [NUM_ACTIONS], mulberry32(6)) as tf.Tensor2D;
  const storedTarget = teacher.logitGradients(obs, directions);
  const klStep = () =>
    tf.tidy(() => {
      optimizer.minimize(() => klLoss(storedLogits, student.forward(x).logits), false, vars);
    });
  // One student trace serves both terms: the VJP's log-probabilities feed the KL.
  const sobolevUpdate = (target: tf.Tensor4D) =>
    optimizer.minimize(
      () => {
        const { logProbs, inputGradient } = student.vjp(x, directions);
        const kl = klLoss(storedLogits, logProbs);
        return tf.add(kl, tf.mul(SOBOLEV_WEIGHT, sobolevVjpPenalty(target, inputGradient))) as tf.Scalar;
      },
      false,
      vars,
    );
  const sobolevStep = () =>
    tf.tidy(() => {
      sobolevUpdate(storedTarget);
    });
  const sobolevStepWithTeacher = () =>
    tf.tidy(() => {
      sobolevUpdate(teacher.logitGradients(obs, directions));
    });
  const sync = (f: () => void) => () => {
    f();
    vars[0]!.dataSync();
  };
  const stepTimes = timeInterleaved({
    kl: sync(klStep),
    sobolev: sync(sobolevStep),
    sobolevWithTeacher: sync(sobolevStepWithTeacher),
  });
  console.log(`KL step           batch ${TRAIN_BATCH}: ${stepTimes.kl!.toFixed(1)} ms`);
  console.log(
    `Sobolev(VJP) step batch ${TRAIN_BATCH}: ${stepTimes.sobolev!.toFixed(1)} ms (teacher input gradients given)`,
  );
  console.log(
    `Sobolev(VJP) step batch ${TRAIN_BATCH}: ${stepTimes.sobolevWithTeacher!.toFixed(1)} ms (teacher VJP in the step)`,
  );
  tf.dispose([obs, x, storedLogits, directions, storedTarget]);
  student.dispose();
  optimizer.dispose();

  // 4. Conv2DBackpropFilter vs forward conv on the Nature CNN's shapes at batch 256.
  let inShape: [number, number, number, number] = [FORWARD_BATCH, HEIGHT, WIDTH, FRAMES];
  const convTimes = { forward: 0, filter: 0 };
  for (const c of NATURE_CNN_CONVS) {
    const input = tf.randomUniform(inShape, 0, 1, 'float32', 7) as tf.Tensor4D;
    const filterShape: [number, number, number, number] = [c.kernel, c.kernel, inShape[3], c.channels];
    const filter = tf.randomNormal(filterShape, 0, 0.05, 'float32', 8) as tf.Tensor4D;
    const out = tf.conv2d(input, filter, c.stride, 'valid');
    const dy = tf.randomNormal(out.shape, 0, 1, 'float32', 9);
    const t = timeInterleaved({
      forward: run(() => tf.conv2d(input, filter, c.stride, 'valid')),
      filter: run(
        () =>
          tf
            .engine()
            .runKernel(
              'Conv2DBackpropFilter',
              { x: input, dy },
              { strides: c.stride, pad: 'valid', dataFormat: 'NHWC', filterShape },
            ) as tf.Tensor,
      ),
    });
    console.log(
      `conv ${filterShape.join('x')} stride ${c.stride}: forward ${t.forward!.toFixed(1)} ms, filter gradient ${t.filter!.toFixed(1)} ms`,
    );
    convTimes.forward += t.forward!;
    convTimes.filter += t.filter!;
    inShape = out.shape as [number, number, number, number];
    tf.dispose([input, filter, out, dy]);
  }
  teacher.dispose();

  const ratios = {
    vjp_over_forward: teacherTimes.vjp! / teacherTimes.forward!,
    forward_over_plain_tfjs: teacherTimes.forward! / teacherTimes.baseline!,
    sobolev_step_over_kl_step: stepTimes.sobolev! / stepTimes.kl!,
    sobolev_step_with_teacher_vjp_over_kl_step: stepTimes.sobolevWithTeacher! / stepTimes.kl!,
    conv_backprop_filter_over_forward: convTimes.filter / convTimes.forward,
  };
  const round = (n: number, digits = 3) => Number(n.toFixed(digits));
  console.log(
    JSON.stringify({
      bench: 'models',
      backend,
      forward_batch: FORWARD_BATCH,
      train_batch: TRAIN_BATCH,
      forward_frames_per_second: round(forwardFps, 1),
      plain_tfjs_forward_frames_per_second: round(baselineFps, 1),
      teacher_vjp_ms: round(teacherTimes.vjp!, 1),
      kl_step_ms: round(stepTimes.kl!, 1),
      sobolev_step_ms: round(stepTimes.sobolev!, 1),
      sobolev_step_with_teacher_vjp_ms: round(stepTimes.sobolevWithTeacher!, 1),
      ratios: Object.fromEntries(Object.entries(ratios).map(([k, r]) => [k, round(r)])),
    }),
  );
}

await main();
