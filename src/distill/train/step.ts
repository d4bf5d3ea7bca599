/**
 * One distillation update: the loss (KL, plus λ times a Sobolev term), its exact parameter
 * gradients by first-order autodiff, NaN/Inf checks per term, global-norm clipping and Adam.
 *
 * One student trace serves both terms: the student's `vjp` (or `jvp`) returns log π with the
 * derivative, and the KL takes that log π. When the student stacks more frames than the teacher
 * sees (a 4-frame student of a 1-frame recurrent teacher), the derivatives are matched on the
 * teacher's input only, the newest C_T frames (the last channels of the student's input).
 */
import * as tf from '@tensorflow/tfjs';
import type { PolicyModel } from '../../models/model.js';
import { NonFiniteLossError } from '../errors.js';
import { type KlOptions, klLoss } from '../losses/kl.js';
import { sobolevJvpPenalty } from '../losses/sobolev-jvp.js';
import { sobolevVjpPenalty } from '../losses/sobolev-vjp.js';
import { type Adam, clipByGlobalNorm } from './adam.js';
import { repeatRows, type SobolevKind } from './targets.js';

/** One step's inputs, already on the backend (the step disposes none of them). */
export interface StepBatch {
  /** Student input x = frames / 255, NHWC [B, H, W, C_S]. */
  readonly x: tf.Tensor4D;
  /** Teacher logits [B, A]. */
  readonly teacherLogits: tf.Tensor2D;
  /** Sobolev only: directions v [B·k, A] (vjp) or u [B·k, H, W, C_T] (jvp), and the teacher's targets. */
  readonly directions?: tf.Tensor;
  readonly targets?: tf.Tensor;
}

export interface LossConfig {
  readonly kl: KlOptions;
  readonly sobolev: SobolevKind;
  /** Directions per sample (vjp, jvp). */
  readonly k: number;
  /** Teacher input channels C_T (the student's last C_T channels are matched). */
  readonly teacherChannels: number;
}

export interface StepResult {
  /** Term values: `kl`, `sobolev` (unweighted; 0 without a Sobolev term), `loss` (weighted total). */
  readonly terms: { kl: number; sobolev: number; loss: number };
  readonly gradNorm: number;
}

/** The student's derivative on the teacher's channels (the last C_T of NHWC's channel axis). */
function teacherChannels(g: tf.Tensor4D, channels: number): tf.Tensor4D {
  const c = g.shape[3];
  return c === channels ? g : (tf.slice(g, [0, 0, 0, c - channels], [-1, -1, -1, channels]) as tf.Tensor4D);
}

/** u on the student's input: zeros on the older frames, the teacher-space direction on the newest C_T. */
function studentDirection(u: tf.Tensor4D, studentChannels: number): tf.Tensor4D {
  const [rows, h, w, ct] = u.shape;
  if (studentChannels === ct) return u;
  return tf.concat([tf.zeros([rows, h, w, studentChannels - ct]), u], 3) as tf.Tensor4D;
}

/** The loss terms as scalars (inside a gradient scope). */
export function lossTerms(
  student: PolicyModel,
  batch: StepBatch,
  config: LossConfig,
  sobolevWeight: number,
): { kl: tf.Scalar; sobolev?: tf.Scalar; loss: tf.Scalar } {
  const { x, teacherLogits } = batch;
  const a = student.numActions;
  const ct = config.teacherChannels;
  switch (config.sobolev) {
    case 'none': {
      const kl = klLoss(teacherLogits, student.forward(x, undefined, 'NHWC').logits, config.kl);
      return { kl, loss: kl };
    }
    case 'vjp': {
      const { logProbs, inputGradient } = student.vjp(
        repeatRows(x, config.k),
        batch.directions as tf.Tensor2D,
        undefined,
        'NHWC',
      );
      const kl = klLoss(repeatRows(teacherLogits, config.k), logProbs, config.kl);
      const sobolev = sobolevVjpPenalty(batch.targets!, teacherChannels(inputGradient, ct));
      return { kl, sobolev, loss: tf.add(kl, tf.mul(sobolevWeight, sobolev)) as tf.Scalar };
    }
    case 'jvp': {
      const u = studentDirection(batch.directions as tf.Tensor4D, x.shape[3]);
      const { logProbs, tangent } = student.jvp(repeatRows(x, config.k), u, undefined, 'NHWC');
      const kl = klLoss(repeatRows(teacherLogits, config.k), logProbs, config.kl);
      const sobolev = sobolevJvpPenalty(batch.targets as tf.Tensor2D, tangent);
      return { kl, sobolev, loss: tf.add(kl, tf.mul(sobolevWeight, sobolev)) as tf.Scalar };
    }
    case 'full': {
      const b = x.shape[0];
      const v = tf.tile(tf.eye(a), [b, 1]) as tf.Tensor2D;
      const { logProbs, inputGradient } = student.vjp(repeatRows(x, a), v, undefined, 'NHWC');
      const kl = klLoss(repeatRows(teacherLogits, a), logProbs, config.kl);
      // Per sample: the whole Jacobian, A rows of input gradients, as one vector.
      const studentJ = tf.reshape(teacherChannels(inputGradient, ct), [b, -1]);
      const sobolev = sobolevVjpPenalty(tf.reshape(batch.targets!, [b, -1]), studentJ);
      return { kl, sobolev, loss: tf.add(kl, tf.mul(sobolevWeight, sobolev)) as tf.Scalar };
    }
  }
}

/**
 * Computes the loss and gradients, checks every term and the gradient norm for NaN/Inf (throwing
 * NonFiniteLossError naming `step` and the term, before any update), clips and applies Adam.
 */
export function trainStep(
  student: PolicyModel,
  optimizer: Adam,
  batch: StepBatch,
  config: LossConfig,
  options: { step: number; lr: number; sobolevWeight: number; clipNorm: number },
): StepResult {
  const vars = student.params.map((p) => p.variable);
  let kept: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const terms = lossTerms(student, batch, config, options.sobolevWeight);
    kept = [tf.keep(terms.kl), tf.keep(terms.sobolev ?? tf.scalar(0))];
    return terms.loss;
  }, vars);
  const ordered = vars.map((v) => grads[v.name]!);
  const { grads: clipped, norm } = clipByGlobalNorm(ordered, options.clipNorm);
  const values = tf.tidy(() => tf.stack([kept[0]!, kept[1]!, value, norm]).dataSync() as Float32Array);
  const terms = { kl: values[0]!, sobolev: values[1]!, loss: values[2]! };
  const gradNorm = values[3]!;
  tf.dispose([...kept, value, norm, ...ordered]);
  const bad = nonFiniteTerm(terms, gradNorm, batch, config);
  if (bad) {
    tf.dispose(clipped);
    throw new NonFiniteLossError(options.step, bad.term, bad.value, { ...terms, gradient_norm: gradNorm });
  }
  optimizer.apply(clipped, options.lr);
  tf.dispose(clipped);
  return { terms, gradNorm };
}

function nonFiniteTerm(
  terms: StepResult['terms'],
  gradNorm: number,
  batch: StepBatch,
  config: LossConfig,
): { term: string; value: number } | undefined {
  if (!Number.isFinite(terms.kl)) {
    const logitsBad = tf.tidy(() => tf.logicalNot(tf.all(tf.isFinite(batch.teacherLogits))).dataSync()[0] === 1);
    return { term: logitsBad ? 'kl (non-finite teacher logits in the batch)' : 'kl', value: terms.kl };
  }
  if (!Number.isFinite(terms.sobolev)) {
    const targetsBad =
      batch.targets !== undefined &&
      tf.tidy(() => tf.logicalNot(tf.all(tf.isFinite(batch.targets!))).dataSync()[0] === 1);
    return { term: targetsBad ? 'teacher-targets' : `sobolev-${config.sobolev}`, value: terms.sobolev };
  }
  if (!Number.isFinite(terms.loss)) return { term: 'loss', value: terms.loss };
  if (!Number.isFinite(gradNorm)) return { term: 'gradient', value: gradNorm };
  return undefined;
}
