/**
 * Offline metrics of a student on a dataset split (normally the held-out test episodes):
 *
 * - `kl`: mean over samples of KL(π_T ‖ π_S) in nats, teacher temperature 1;
 * - `agreement`: fraction of samples where argmax π_S = argmax π_T (top-1 action agreement);
 * - `sobolev_error`: mean over samples of ‖g_T − g_S‖² with g = ∂⟨log π(x), v⟩/∂x for one seeded
 *   random unit v per sample (x = frames / 255, on the teacher's input frames), and
 *   `sobolev_relative_error` = Σ‖g_T − g_S‖² / Σ‖g_T‖², which does not depend on the input scale.
 *
 * Samples are taken in dataset order (the first `maxSamples` of the split), so the numbers are
 * deterministic and comparable between students.
 */
import * as tf from '@tensorflow/tfjs';
import type { PolicyModel } from '../../models/model.js';
import type { Dataset, SplitName } from '../dataset/dataset.js';
import { DatasetMismatchError } from '../errors.js';
import { unitDirections } from '../losses/directions.js';
import { bytesToInput } from '../observations.js';
import { STREAM, stream } from '../rng.js';
import type { TargetProvider } from '../train/targets.js';

export interface OfflineMetrics {
  readonly samples: number;
  readonly kl: number;
  readonly agreement: number;
  readonly sobolev_error?: number;
  readonly sobolev_relative_error?: number;
}

export interface OfflineOptions {
  readonly split?: SplitName;
  readonly batchSize?: number;
  /** At most this many samples (default: all). */
  readonly maxSamples?: number;
  /** Teacher targets for the Sobolev error; without them it is left out. */
  readonly targets?: TargetProvider;
  /** Seed of the evaluation directions. */
  readonly seed?: number;
}

const DEFAULT_EVAL_BATCH = 64;

export async function offlineMetrics(
  student: PolicyModel,
  dataset: Dataset,
  options: OfflineOptions = {},
): Promise<OfflineMetrics> {
  const index = dataset.index(options.split ?? 'test');
  const total = Math.min(index.size, options.maxSamples ?? index.size);
  if (total === 0) {
    throw new DatasetMismatchError(
      `the ${options.split ?? 'test'} split has no samples; collect more episodes or change the test fraction`,
    );
  }
  const [k, h, w] = student.inputShape;
  const a = dataset.info.numActions;
  if (a !== student.numActions) {
    throw new DatasetMismatchError(`the student has ${student.numActions} actions, the dataset ${a}`);
  }
  dataset.checkStack(k);
  const ct = dataset.info.envStack;
  const batchSize = options.batchSize ?? DEFAULT_EVAL_BATCH;
  let klSum = 0;
  let agree = 0;
  let errSum = 0;
  let normSum = 0;
  for (let start = 0, batchNo = 0; start < total; start += batchSize, batchNo++) {
    const n = Math.min(batchSize, total - start);
    const ids = Int32Array.from({ length: n }, (_, i) => start + i);
    const frames = dataset.gatherStacks(index, ids, k, new Uint8Array(n * k * h * w));
    const logits = dataset.gatherLogits(index, ids, new Float32Array(n * a));
    let targets: Float32Array | undefined;
    let v: Float32Array | undefined;
    if (options.targets) {
      const rng = stream(options.seed ?? 0, STREAM.evalDirections, batchNo);
      v = tf.tidy(() => unitDirections(n, [a], rng.next).dataSync() as Float32Array);
      const states =
        dataset.info.stateSize > 0
          ? dataset.gatherStates(index, ids, new Float32Array(n * dataset.info.stateSize))
          : undefined;
      targets = await options.targets.request({
        kind: 'vjp',
        frames: dataset.gatherStacks(index, ids, ct, new Uint8Array(n * ct * h * w)),
        shape: [n, ct, h, w],
        encoding: dataset.info.observation,
        ...(states ? { states } : {}),
        k: 1,
        directions: v,
      });
    }
    const valuesTensor = tf.tidy(() => {
      const x = bytesToInput(frames, [n, k, h, w]);
      const teacherLogits = tf.tensor2d(logits, [n, a]);
      const logT = tf.logSoftmax(teacherLogits);
      let logS: tf.Tensor2D;
      const parts: tf.Tensor[] = [];
      if (targets && v) {
        const out = student.vjp(x, tf.tensor2d(v, [n, a]), undefined, 'NHWC');
        logS = out.logProbs;
        const g = out.inputGradient;
        const gS = g.shape[3] === ct ? g : tf.slice(g, [0, 0, 0, g.shape[3] - ct], [-1, -1, -1, ct]);
        const gT = tf.tensor4d(targets, [n, h, w, ct]);
        parts.push(tf.sum(tf.squaredDifference(gT, gS)), tf.sum(tf.square(gT)));
      } else {
        logS = student.logProbs(x, undefined, 'NHWC');
      }
      const kl = tf.sum(tf.mul(tf.exp(logT), tf.sub(logT, logS)));
      const same = tf.sum(tf.cast(tf.equal(tf.argMax(logT, 1), tf.argMax(logS, 1)), 'float32'));
      return tf.stack([kl, same, ...parts]);
    });
    const values = valuesTensor.dataSync() as Float32Array;
    valuesTensor.dispose();
    klSum += values[0]!;
    agree += values[1]!;
    if (values.length > 2) {
      errSum += values[2]!;
      normSum += values[3]!;
    }
  }
  return {
    samples: total,
    kl: klSum / total,
    agreement: agree / total,
    ...(options.targets ? { sobolev_error: errSum / total, sobolev_relative_error: errSum / normSum } : {}),
  };
}
