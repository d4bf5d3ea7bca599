/**
 * Data collection on a vector env: at every step the teacher labels each sub-env's observation
 * (logits, and its recurrent state), and the teacher or the student acts.
 *
 * - teacher-driven: β = 1, the teacher acts (greedy, sampled with a temperature, or ε-greedy);
 * - student-driven (DAgger, Ross et al. 2011): β = 0, the student acts, the teacher only labels;
 * - mixed: each sub-env step the teacher acts with probability β (drawn from that sub-env's stream).
 *
 * A sub-env whose episode ends is reset at once (a masked reset), so every recorded step is one the
 * policy chose. Recurrent teachers keep one state per sub-env, zero at each episode start.
 * Deterministic for a seed: each sub-env has its own env seed and action stream. Online rounds draw
 * from a stream per (round, sub-env), so a round depends only on the envs' state, β and the student:
 * a resumed run rebuilds the envs' state by replaying the recorded actions (`replay`) and goes on
 * exactly as the uninterrupted run did.
 */
import * as tf from '@tensorflow/tfjs';
import type { VectorEnv } from '../envs/vector/types.js';
import type { PolicyModel } from '../models/model.js';
import type { Teacher } from '../teachers/teacher.js';
import { type ActPolicy, checkActPolicy, selectAction } from './acting.js';
import { SegmentBuilder } from './dataset/builder.js';
import { ACTOR, type DatasetInfo, type Segment } from './dataset/types.js';
import { DatasetMismatchError, DistillConfigError } from './errors.js';
import { bytesToInput, FrameHistory, newestFrame, type ObservationLayout, observationLayout } from './observations.js';
import { envSeed, type Random, STREAM, stream } from './rng.js';

export interface CollectorOptions {
  readonly env: VectorEnv;
  readonly teacher: Teacher;
  readonly seed: number;
  /** FrameStack's padding of the env's preset ('reset' for single frames). */
  readonly padding: 'reset' | 'zero';
  readonly teacherPolicy: ActPolicy;
  /** The student, for student-driven and mixed collection (any β < 1). */
  readonly student?: PolicyModel;
  readonly studentPolicy?: ActPolicy;
  /** Frames of history kept before each segment (default: the student's stack − 1, at least 3). */
  readonly maxHistory?: number;
  /** Id of the first episode (default 0). */
  readonly firstEpisode?: number;
}

/**
 * A round played from a record instead of by policies: per vector step and sub-env (step-major), the
 * action taken, who took it and the teacher's logits. Replaying every round collected so far puts the
 * envs, the segment builders and the frame history back where they were.
 */
export interface RoundScript {
  readonly steps: number;
  readonly actions: Int32Array;
  readonly actors: Uint8Array;
  readonly logits: Float32Array;
}

/** Options of one `collect` call. */
export interface CollectCall {
  /** Online round number: the action streams are drawn fresh for (round, sub-env). */
  readonly round?: number;
  /** Replay this record (no networks, no random draws) instead of acting. */
  readonly script?: RoundScript;
}

/**
 * The script of a recorded round: each sub-env's segments, in the order collected, hold exactly
 * `steps` steps of it. Throws when the record does not fit (segments missing or from another run).
 */
export function roundScript(
  segments: readonly Segment[],
  numEnvs: number,
  steps: number,
  numActions: number,
): RoundScript {
  const actions = new Int32Array(steps * numEnvs);
  const actors = new Uint8Array(steps * numEnvs);
  const logits = new Float32Array(steps * numEnvs * numActions);
  const filled = new Int32Array(numEnvs);
  for (const seg of segments) {
    const i = seg.env;
    if (!(Number.isInteger(i) && i >= 0 && i < numEnvs)) {
      throw new DatasetMismatchError(`a recorded segment names sub-env ${i}; this run has ${numEnvs}`);
    }
    for (let t = 0; t < seg.length; t++) {
      const s = filled[i]! + t;
      if (s >= steps) throw new DatasetMismatchError(`sub-env ${i} recorded more than the round's ${steps} steps`);
      actions[s * numEnvs + i] = seg.actions[t]!;
      actors[s * numEnvs + i] = seg.actors[t]!;
      logits.set(seg.logits.subarray(t * numActions, (t + 1) * numActions), (s * numEnvs + i) * numActions);
    }
    filled[i]! += seg.length;
  }
  for (let i = 0; i < numEnvs; i++) {
    if (filled[i] !== steps) {
      throw new DatasetMismatchError(`sub-env ${i} recorded ${filled[i]} of the round's ${steps} steps`);
    }
  }
  return { steps, actions, actors, logits };
}

export interface CollectStats {
  readonly steps: number;
  readonly teacherSteps: number;
  readonly studentSteps: number;
  /** Returns (sum of env rewards, after the preset's wrappers) of episodes that ended. */
  readonly episodeReturns: readonly number[];
  readonly episodeLengths: readonly number[];
}

/** Frames of history kept when nothing asks for more: enough for the usual 4-frame stacks. */
export const DEFAULT_MAX_HISTORY = 3;

/** The dataset info a teacher and env give. */
export function datasetInfoFor(
  env: VectorEnv,
  teacher: Teacher,
  padding: 'reset' | 'zero',
  maxHistory: number,
): DatasetInfo {
  const layout = observationLayout(env.singleObservationSpace);
  const [c, h, w] = teacher.model.inputShape;
  if (c !== layout.stack || h !== layout.frameShape[0] || w !== layout.frameShape[1]) {
    throw new DatasetMismatchError(
      `the teacher takes [${teacher.model.inputShape}] and the env gives [${layout.stack}, ${layout.frameShape}]; use the teacher's preset (${teacher.preset})`,
    );
  }
  if (teacher.numActions !== env.singleActionSpace.n) {
    throw new DatasetMismatchError(
      `the teacher has ${teacher.numActions} actions and the env ${env.singleActionSpace.n}; use the env the teacher was trained on`,
    );
  }
  return {
    frameShape: layout.frameShape,
    envStack: layout.stack,
    padding,
    observation: layout.encoding,
    numActions: teacher.numActions,
    ...(env.singleActionSpace.meanings ? { actionMeanings: [...env.singleActionSpace.meanings] } : {}),
    stateSize: teacher.model.stateSize,
    maxHistory,
  };
}

export class Collector {
  readonly info: DatasetInfo;
  readonly layout: ObservationLayout;
  private readonly env: VectorEnv;
  private readonly teacher: Teacher;
  private readonly student: PolicyModel | undefined;
  private readonly builders: SegmentBuilder[];
  private readonly rngs: Random[];
  private readonly history: FrameHistory | undefined;
  private readonly state: Float32Array;
  private readonly frame: Uint8Array;
  private nextEpisode: number;
  private started = false;
  private readonly teacherPolicy: ActPolicy;
  private readonly studentPolicy: ActPolicy;
  private returns: Float64Array;
  private lengths: Int32Array;

  constructor(private readonly options: CollectorOptions) {
    this.env = options.env;
    this.teacher = options.teacher;
    this.student = options.student;
    checkActPolicy(options.teacherPolicy, 'teacher');
    this.teacherPolicy = options.teacherPolicy;
    this.studentPolicy = options.studentPolicy ?? { mode: 'greedy' };
    checkActPolicy(this.studentPolicy, 'student');
    const studentStack = this.student?.inputShape[0] ?? 1;
    const maxHistory = options.maxHistory ?? Math.max(DEFAULT_MAX_HISTORY, studentStack - 1);
    if (studentStack - 1 > maxHistory) {
      throw new DistillConfigError(
        `the student stacks ${studentStack} frames; keep at least ${studentStack - 1} frames of history`,
      );
    }
    this.info = datasetInfoFor(this.env, this.teacher, options.padding, maxHistory);
    this.layout = observationLayout(this.env.singleObservationSpace);
    if (this.student) {
      const [, h, w] = this.student.inputShape;
      if (h !== this.layout.frameShape[0] || w !== this.layout.frameShape[1] || this.student.stateSize > 0) {
        throw new DatasetMismatchError(
          `the student must be a feed-forward network on [k, ${this.layout.frameShape}] frames, got [${this.student.inputShape}]`,
        );
      }
      this.history = new FrameHistory(this.env.numEnvs, studentStack, this.layout.frameSize, options.padding);
    }
    const n = this.env.numEnvs;
    this.builders = Array.from({ length: n }, (_, i) => new SegmentBuilder(this.info, i));
    this.rngs = Array.from({ length: n }, (_, i) => stream(options.seed, STREAM.collection, i));
    this.state = new Float32Array(n * this.info.stateSize);
    this.frame = new Uint8Array(this.layout.frameSize);
    this.nextEpisode = options.firstEpisode ?? 0;
    this.returns = new Float64Array(n);
    this.lengths = new Int32Array(n);
  }

  /** Episodes begun so far (the next episode's id). */
  get episodesBegun(): number {
    return this.nextEpisode;
  }

  private begin(i: number): void {
    const obs = this.env.buffers.obs as Uint8Array | Float32Array;
    newestFrame(this.layout, obs, i, this.frame);
    this.builders[i]!.begin(this.nextEpisode++, this.frame);
    this.history?.begin(i, this.frame);
    this.state.fill(0, i * this.info.stateSize, (i + 1) * this.info.stateSize);
    this.returns[i] = 0;
    this.lengths[i] = 0;
  }

  /** Resets every sub-env (seeded from the collector's seed) and starts their episodes. */
  start(): void {
    const seeds = Array.from({ length: this.env.numEnvs }, (_, i) => envSeed(this.options.seed, STREAM.envSeeds, i));
    this.env.reset({ seed: seeds });
    for (let i = 0; i < this.env.numEnvs; i++) this.begin(i);
    this.started = true;
  }

  /**
   * Runs `steps` vector steps with teacher probability `beta` and returns the segments finished in
   * them, plus the open episodes' segments so far (end 'running'; their episodes go on next call).
   * `between` runs between vector steps (the teacher worker serves target requests there).
   */
  collect(
    steps: number,
    beta: number,
    between?: () => void,
    call: CollectCall = {},
  ): { segments: Segment[]; stats: CollectStats } {
    const { script } = call;
    if (!(beta >= 0 && beta <= 1)) throw new DistillConfigError(`β must be in [0, 1], got ${beta}`);
    if (beta < 1 && !this.student && !script)
      throw new DistillConfigError('student-driven collection (β < 1) needs a student');
    if (script && script.steps !== steps) throw new DistillConfigError('a replayed round must keep its step count');
    if (!this.started) this.start();
    if (call.round !== undefined) {
      for (let i = 0; i < this.rngs.length; i++)
        this.rngs[i] = stream(this.options.seed, STREAM.collection, i, call.round);
    }
    const n = this.env.numEnvs;
    const a = this.info.numActions;
    const segments: Segment[] = [];
    const episodeReturns: number[] = [];
    const episodeLengths: number[] = [];
    const actions = new Int32Array(n);
    const actors = new Uint8Array(n);
    const done = new Uint8Array(n);
    let teacherSteps = 0;
    const [c, h, w] = this.teacher.model.inputShape;
    for (let s = 0; s < steps; s++) {
      if (s > 0) between?.();
      const obs = this.env.buffers.obs as Uint8Array | Float32Array;
      const stateSize = this.info.stateSize;
      const prevState = stateSize > 0 ? this.state.slice() : undefined;
      // A replay needs the teacher only to carry a recurrent state along.
      const logits =
        script && stateSize === 0
          ? script.logits.subarray(s * n * a, (s + 1) * n * a)
          : this.teacherLogits(obs, [n, c, h, w]);
      if (script) {
        actors.set(script.actors.subarray(s * n, (s + 1) * n));
        actions.set(script.actions.subarray(s * n, (s + 1) * n));
      } else {
        for (let i = 0; i < n; i++) actors[i] = this.rngs[i]!.next() < beta ? ACTOR.teacher : ACTOR.student;
      }
      const studentLogits = !script && actors.includes(ACTOR.student) ? this.studentLogits() : undefined;
      for (let i = 0; i < n; i++) {
        const rng = this.rngs[i]!.next;
        if (actors[i] === ACTOR.teacher) {
          if (!script) actions[i] = selectAction(logits, i, a, this.teacherPolicy, rng);
          teacherSteps++;
        } else if (!script) {
          actions[i] = selectAction(studentLogits!, i, a, this.studentPolicy, rng);
        }
        this.builders[i]!.record(
          logits.subarray(i * a, (i + 1) * a),
          actions[i]!,
          actors[i]!,
          prevState?.subarray(i * stateSize, (i + 1) * stateSize),
        );
      }
      const result = this.env.step(actions);
      const nextObs = result.obs as Uint8Array | Float32Array;
      let anyDone = false;
      for (let i = 0; i < n; i++) {
        const ended = result.terminated[i] === 1 || result.truncated[i] === 1;
        done[i] = ended ? 1 : 0;
        const builder = this.builders[i]!;
        this.returns[i]! += result.rewards[i]!;
        this.lengths[i]! += 1;
        if (ended) {
          builder.outcome(result.rewards[i]!, undefined);
          const seg = builder.finish(result.terminated[i] === 1 ? 'terminated' : 'truncated');
          if (seg) segments.push(seg);
          episodeReturns.push(this.returns[i]!);
          episodeLengths.push(this.lengths[i]!);
          anyDone = true;
        } else {
          newestFrame(this.layout, nextObs, i, this.frame);
          builder.outcome(result.rewards[i]!, this.frame);
          this.history?.push(i, this.frame);
        }
      }
      if (anyDone) {
        this.env.reset({ resetMask: done });
        for (let i = 0; i < n; i++) if (done[i]) this.begin(i);
      }
    }
    for (const b of this.builders) {
      const seg = b.finish('running');
      if (seg) segments.push(seg);
    }
    return {
      segments,
      stats: {
        steps: steps * n,
        teacherSteps,
        studentSteps: steps * n - teacherSteps,
        episodeReturns,
        episodeLengths,
      },
    };
  }

  /** Teacher logits [n, A] for the current observations; advances recurrent states. */
  private teacherLogits(obs: Uint8Array | Float32Array, shape: readonly number[]): Float32Array {
    const stateSize = this.info.stateSize;
    const stateIn = stateSize > 0 ? tf.tensor2d(this.state, [this.env.numEnvs, stateSize]) : undefined;
    const out = this.teacher.logits({ data: obs, shape }, stateIn);
    const logits = new Float32Array(out.logits.dataSync() as Float32Array);
    if (out.state) this.state.set(out.state.dataSync() as Float32Array);
    tf.dispose([stateIn, out.logits, out.value, out.state].filter((t) => t !== undefined));
    return logits;
  }

  private studentLogits(): Float32Array {
    const student = this.student!;
    const n = this.env.numEnvs;
    const [k, h, w] = student.inputShape;
    const slots = Array.from({ length: n }, (_, i) => i);
    const bytes = this.history!.gather(slots, new Uint8Array(n * k * h * w));
    // Read after the tidy scope (reading inside one was measured far slower on wasm).
    const logits = tf.tidy(() => student.forward(bytesToInput(bytes, [n, k, h, w]), undefined, 'NHWC').logits);
    const values = new Float32Array(logits.dataSync() as Float32Array);
    logits.dispose();
    return values;
  }
}
