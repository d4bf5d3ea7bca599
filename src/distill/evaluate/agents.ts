/**
 * Policies that play envs for evaluation: the teacher (with its recurrent state per env), a
 * feed-forward student (with its own frame history, so it may stack more frames than the env
 * gives), and a uniformly random policy. Each acts for a batch of env slots at once.
 */
import * as tf from '@tensorflow/tfjs';
import type { PolicyModel } from '../../models/model.js';
import type { Teacher } from '../../teachers/teacher.js';
import { type ActPolicy, checkActPolicy, selectAction } from '../acting.js';
import { DatasetMismatchError } from '../errors.js';
import { bytesToInput, FrameHistory, newestFrame, type ObservationLayout } from '../observations.js';
import type { Random } from '../rng.js';

export type ObservationBatch = Uint8Array | Float32Array;

export interface Agent {
  readonly name: string;
  /** Prepares `slots` env slots with observations of `layout`. */
  setup(slots: number, layout: ObservationLayout, padding: 'reset' | 'zero'): void;
  /** An env-episode starts in `slot` with observation `obs` (one observation's values). */
  begin(slot: number, obs: ObservationBatch): void;
  /** `slot` stepped; `obs` is its new observation. */
  observe(slot: number, obs: ObservationBatch): void;
  /** Actions for `slots`; `obs` holds their observations back to back; `rngs[i]` belongs to slots[i]. */
  act(slots: readonly number[], obs: ObservationBatch, rngs: readonly Random[], out: Int32Array): void;
  dispose?(): void;
}

export class TeacherAgent implements Agent {
  readonly name = 'teacher';
  private state = new Float32Array(0);
  private layout!: ObservationLayout;

  constructor(
    readonly teacher: Teacher,
    readonly policy: ActPolicy = { mode: 'greedy' },
  ) {
    checkActPolicy(policy, 'teacher');
  }

  setup(slots: number, layout: ObservationLayout): void {
    const [c, h, w] = this.teacher.model.inputShape;
    if (c !== layout.stack || h !== layout.frameShape[0] || w !== layout.frameShape[1]) {
      throw new DatasetMismatchError(
        `the teacher takes [${this.teacher.model.inputShape}], the env gives [${layout.stack}, ${layout.frameShape}]; use the teacher's preset (${this.teacher.preset})`,
      );
    }
    this.layout = layout;
    this.state = new Float32Array(slots * this.teacher.model.stateSize);
  }

  begin(slot: number): void {
    const s = this.teacher.model.stateSize;
    this.state.fill(0, slot * s, (slot + 1) * s);
  }

  observe(): void {}

  act(slots: readonly number[], obs: ObservationBatch, rngs: readonly Random[], out: Int32Array): void {
    const n = slots.length;
    const s = this.teacher.model.stateSize;
    const [c, h, w] = [this.layout.stack, ...this.layout.frameShape];
    let stateIn: tf.Tensor2D | undefined;
    if (s > 0) {
      const rows = new Float32Array(n * s);
      slots.forEach((slot, i) => {
        rows.set(this.state.subarray(slot * s, (slot + 1) * s), i * s);
      });
      stateIn = tf.tensor2d(rows, [n, s]);
    }
    const result = this.teacher.logits({ data: obs, shape: [n, c, h, w] }, stateIn);
    const logits = result.logits.dataSync() as Float32Array;
    if (result.state) {
      const next = result.state.dataSync() as Float32Array;
      slots.forEach((slot, i) => {
        this.state.set(next.subarray(i * s, (i + 1) * s), slot * s);
      });
    }
    for (let i = 0; i < n; i++) out[i] = selectAction(logits, i, this.teacher.numActions, this.policy, rngs[i]!.next);
    tf.dispose([stateIn, result.logits, result.value, result.state].filter((t) => t !== undefined));
  }
}

export class StudentAgent implements Agent {
  readonly name = 'student';
  private history!: FrameHistory;
  private layout!: ObservationLayout;
  private frame = new Uint8Array(0);

  constructor(
    readonly model: PolicyModel,
    readonly policy: ActPolicy = { mode: 'greedy' },
  ) {
    checkActPolicy(policy, 'student');
  }

  setup(slots: number, layout: ObservationLayout, padding: 'reset' | 'zero'): void {
    const [k, h, w] = this.model.inputShape;
    if (h !== layout.frameShape[0] || w !== layout.frameShape[1] || this.model.stateSize > 0) {
      throw new DatasetMismatchError(
        `the student takes [${this.model.inputShape}], the env gives frames [${layout.frameShape}]`,
      );
    }
    this.layout = layout;
    this.history = new FrameHistory(slots, k, layout.frameSize, padding);
    this.frame = new Uint8Array(layout.frameSize);
  }

  begin(slot: number, obs: ObservationBatch): void {
    this.history.begin(slot, newestFrame(this.layout, obs, 0, this.frame));
  }

  observe(slot: number, obs: ObservationBatch): void {
    this.history.push(slot, newestFrame(this.layout, obs, 0, this.frame));
  }

  act(slots: readonly number[], _obs: ObservationBatch, rngs: readonly Random[], out: Int32Array): void {
    const [k, h, w] = this.model.inputShape;
    const n = slots.length;
    const bytes = this.history.gather(slots, new Uint8Array(n * k * h * w));
    const result = tf.tidy(() => this.model.forward(bytesToInput(bytes, [n, k, h, w]), undefined, 'NHWC').logits);
    const logits = result.dataSync() as Float32Array;
    result.dispose();
    for (let i = 0; i < n; i++) out[i] = selectAction(logits, i, this.model.numActions, this.policy, rngs[i]!.next);
  }
}

export class RandomAgent implements Agent {
  readonly name = 'random';
  constructor(readonly numActions: number) {}
  setup(): void {}
  begin(): void {}
  observe(): void {}
  act(slots: readonly number[], _obs: ObservationBatch, rngs: readonly Random[], out: Int32Array): void {
    for (let i = 0; i < slots.length; i++) out[i] = rngs[i]!.int(this.numActions);
  }
}
