/**
 * Replay storage for stacked-frame observations, storing each uint8 frame once.
 *
 * Each episode stores its first frame (from `beginEpisode`) and then one new frame per transition
 * (`append`): the newest frame of the next observation. A transition refers to frames by id: its
 * observation is the range [f − k + 1, f] of the episode's frames, where f is the frame the observation
 * ended on, and its next observation is [f − k + 2, f + 1]. Ids before the episode's first frame are
 * padding, filled as FrameStack fills them: copies of the first frame ('reset') or zeros ('zero').
 * So N transitions in E episodes hold N + E frames, not 2·k·N.
 *
 * Frames live in a ring of `capacity` frames, in chunks allocated as they fill. When a frame is
 * overwritten, the transitions that need it are dropped (oldest first), so every transition the replay
 * reports can be read back whole. Transitions are addressed 0..size−1, oldest first; `slotOf` gives a
 * stable slot in [0, capacity) for per-transition data kept elsewhere (teacher outputs, for instance).
 */
import { ReplayIndexError, ReplayOrderError, ShapeMismatchError, WrapperConfigError } from './errors.js';
import type { StackPadding } from './wrappers/frame-stack.js';

export interface FrameReplayOptions {
  /** Frames held, and so the most transitions held; the oldest are overwritten first. */
  readonly capacity: number;
  /** Shape of one frame, e.g. [84, 84]. */
  readonly frameShape: readonly number[];
  /** Frames per observation (FrameStack's k). */
  readonly stack: number;
  /** How observations near an episode's start are padded; FrameStack's default is 'reset'. */
  readonly padding?: StackPadding;
  /** Frames per allocation; memory grows in steps of this many frames. */
  readonly chunkFrames?: number;
}

/** Per-transition fields that `gather` writes, each optional. */
export interface ReplayBatch {
  /** batch × stack × frame bytes. */
  readonly obs?: Uint8Array;
  readonly nextObs?: Uint8Array;
  readonly actions?: Int32Array;
  readonly rewards?: Float32Array;
  readonly terminated?: Uint8Array;
  readonly truncated?: Uint8Array;
}

const DEFAULT_CHUNK_FRAMES = 1024;
const NO_EPISODE = -1;

export class FrameReplay {
  readonly capacity: number;
  readonly frameShape: readonly number[];
  readonly frameSize: number;
  readonly stack: number;
  readonly padding: StackPadding;
  private readonly chunkFrames: number;
  private readonly chunks: Uint8Array[] = [];

  /** Frames ever written; frame id i lives in ring slot i % capacity while i ≥ framesWritten − capacity. */
  private framesWritten = 0;
  /** Transitions ever appended, and the id of the oldest still readable. */
  private transitionsWritten = 0;
  private oldestTransition = 0;
  /** The open episode's first frame id and the id of the frame its latest observation ended on. */
  private episodeStart = NO_EPISODE;
  private currentFrame = NO_EPISODE;

  // Per transition slot.
  private readonly obsFrame: Float64Array;
  private readonly startFrame: Float64Array;
  private readonly actionOf: Int32Array;
  private readonly rewardOf: Float32Array;
  private readonly terminatedOf: Uint8Array;
  private readonly truncatedOf: Uint8Array;

  constructor(options: FrameReplayOptions) {
    const { capacity, frameShape, stack } = options;
    const padding = options.padding ?? 'reset';
    const chunkFrames = options.chunkFrames ?? DEFAULT_CHUNK_FRAMES;
    if (!Number.isInteger(stack) || stack < 1)
      throw new WrapperConfigError(`FrameReplay: stack must be an integer ≥ 1, got ${stack}`);
    if (!Number.isInteger(capacity) || capacity < stack + 1) {
      throw new WrapperConfigError(
        `FrameReplay: capacity must be an integer ≥ stack + 1 = ${stack + 1} frames (one observation and its successor), got ${capacity}`,
      );
    }
    if (frameShape.length === 0 || frameShape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new WrapperConfigError(
        `FrameReplay: frameShape must list positive integers, got [${frameShape.join(', ')}]`,
      );
    }
    if (padding !== 'reset' && padding !== 'zero') {
      throw new WrapperConfigError(`FrameReplay: padding must be 'reset' or 'zero', got ${String(padding)}`);
    }
    if (!Number.isInteger(chunkFrames) || chunkFrames < 1) {
      throw new WrapperConfigError(`FrameReplay: chunkFrames must be an integer ≥ 1, got ${chunkFrames}`);
    }
    this.capacity = capacity;
    this.frameShape = Object.freeze([...frameShape]);
    this.frameSize = frameShape.reduce((a, b) => a * b, 1);
    this.stack = stack;
    this.padding = padding;
    this.chunkFrames = Math.min(chunkFrames, capacity);
    this.obsFrame = new Float64Array(capacity);
    this.startFrame = new Float64Array(capacity);
    this.actionOf = new Int32Array(capacity);
    this.rewardOf = new Float32Array(capacity);
    this.terminatedOf = new Uint8Array(capacity);
    this.truncatedOf = new Uint8Array(capacity);
  }

  /** Readable transitions. */
  get size(): number {
    return this.transitionsWritten - this.oldestTransition;
  }

  /** Frames currently held (at most `capacity`). */
  get storedFrames(): number {
    return Math.min(this.framesWritten, this.capacity);
  }

  /** Bytes allocated for frames. */
  get frameBytes(): number {
    return this.chunks.reduce((sum, c) => sum + c.byteLength, 0);
  }

  /** Starts an episode from its first observation's newest frame (for a stacked observation, its last frame). */
  beginEpisode(firstFrame: Uint8Array): void {
    const id = this.writeFrame(firstFrame);
    this.episodeStart = id;
    this.currentFrame = id;
    this.dropUnreadable();
  }

  /**
   * Records a transition of the open episode: the action taken, the reward, the newest frame of the next
   * observation, and whether the step ended the episode. Returns the transition's slot.
   */
  append(action: number, reward: number, nextFrame: Uint8Array, terminated: boolean, truncated: boolean): number {
    if (this.episodeStart === NO_EPISODE) {
      throw new ReplayOrderError(
        'FrameReplay.append: no open episode; call beginEpisode(firstFrame) after each reset before appending transitions',
      );
    }
    const obsFrame = this.currentFrame;
    const start = this.episodeStart;
    const next = this.writeFrame(nextFrame);
    const id = this.transitionsWritten++;
    const slot = id % this.capacity;
    this.obsFrame[slot] = obsFrame;
    this.startFrame[slot] = start;
    this.actionOf[slot] = action;
    this.rewardOf[slot] = reward;
    this.terminatedOf[slot] = terminated ? 1 : 0;
    this.truncatedOf[slot] = truncated ? 1 : 0;
    this.currentFrame = next;
    if (terminated || truncated) {
      this.episodeStart = NO_EPISODE;
      this.currentFrame = NO_EPISODE;
    }
    this.dropUnreadable();
    return slot;
  }

  /** Stable slot in [0, capacity) of transition i (0 = oldest). */
  slotOf(i: number): number {
    return this.transitionId(i) % this.capacity;
  }

  action(i: number): number {
    return this.actionOf[this.slotOf(i)]!;
  }

  reward(i: number): number {
    return this.rewardOf[this.slotOf(i)]!;
  }

  terminated(i: number): boolean {
    return this.terminatedOf[this.slotOf(i)] === 1;
  }

  truncated(i: number): boolean {
    return this.truncatedOf[this.slotOf(i)] === 1;
  }

  /** Writes transition i's observation (stack × frame bytes, oldest frame first) into `out`; returns `out`. */
  obsInto(i: number, out: Uint8Array, offset = 0): Uint8Array {
    const slot = this.slotOf(i);
    this.stackInto(this.obsFrame[slot]!, this.startFrame[slot]!, out, offset);
    return out;
  }

  /** Writes transition i's next observation into `out`; returns `out`. */
  nextObsInto(i: number, out: Uint8Array, offset = 0): Uint8Array {
    const slot = this.slotOf(i);
    this.stackInto(this.obsFrame[slot]! + 1, this.startFrame[slot]!, out, offset);
    return out;
  }

  /** Writes the transitions at `indices` into the batch's arrays (those given), in order. */
  gather(indices: ArrayLike<number>, batch: ReplayBatch): void {
    const n = indices.length;
    const obsBytes = this.stack * this.frameSize;
    for (const [name, array, per] of [
      ['obs', batch.obs, obsBytes],
      ['nextObs', batch.nextObs, obsBytes],
      ['actions', batch.actions, 1],
      ['rewards', batch.rewards, 1],
      ['terminated', batch.terminated, 1],
      ['truncated', batch.truncated, 1],
    ] as const) {
      if (array && array.length !== n * per) {
        throw new ShapeMismatchError(
          `FrameReplay.gather: ${name} holds ${array.length} elements, expected ${n} × ${per}`,
        );
      }
    }
    for (let b = 0; b < n; b++) {
      const i = indices[b]!;
      const slot = this.slotOf(i);
      if (batch.obs) this.stackInto(this.obsFrame[slot]!, this.startFrame[slot]!, batch.obs, b * obsBytes);
      if (batch.nextObs) this.stackInto(this.obsFrame[slot]! + 1, this.startFrame[slot]!, batch.nextObs, b * obsBytes);
      if (batch.actions) batch.actions[b] = this.actionOf[slot]!;
      if (batch.rewards) batch.rewards[b] = this.rewardOf[slot]!;
      if (batch.terminated) batch.terminated[b] = this.terminatedOf[slot]!;
      if (batch.truncated) batch.truncated[b] = this.truncatedOf[slot]!;
    }
  }

  private transitionId(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) {
      throw new ReplayIndexError(
        `FrameReplay: transition ${i} is not held; valid indices are 0 to ${this.size - 1} (0 = oldest)`,
      );
    }
    return this.oldestTransition + i;
  }

  private writeFrame(frame: Uint8Array): number {
    if (frame.length !== this.frameSize) {
      throw new ShapeMismatchError(
        `FrameReplay: frame has ${frame.length} bytes, expected ${this.frameShape.join('×')} = ${this.frameSize}; pass the newest frame of the observation`,
      );
    }
    const id = this.framesWritten++;
    const slot = id % this.capacity;
    const chunkIndex = Math.floor(slot / this.chunkFrames);
    let chunk = this.chunks[chunkIndex];
    if (!chunk) {
      const frames = Math.min(this.chunkFrames, this.capacity - chunkIndex * this.chunkFrames);
      chunk = new Uint8Array(frames * this.frameSize);
      this.chunks[chunkIndex] = chunk;
    }
    chunk.set(frame, (slot - chunkIndex * this.chunkFrames) * this.frameSize);
    return id;
  }

  private frameAt(id: number): Uint8Array {
    const slot = id % this.capacity;
    const chunkIndex = Math.floor(slot / this.chunkFrames);
    const start = (slot - chunkIndex * this.chunkFrames) * this.frameSize;
    return this.chunks[chunkIndex]!.subarray(start, start + this.frameSize);
  }

  /** Writes the stack ending on frame `last` of the episode starting at frame `start`. */
  private stackInto(last: number, start: number, out: Uint8Array, offset: number): void {
    const { stack, frameSize } = this;
    if (offset < 0 || offset + stack * frameSize > out.length) {
      throw new ShapeMismatchError(
        `FrameReplay: output of ${out.length} bytes has no room for ${stack} × ${frameSize} bytes at offset ${offset}`,
      );
    }
    for (let j = 0; j < stack; j++) {
      const id = last - (stack - 1) + j;
      const at = offset + j * frameSize;
      if (id >= start) out.set(this.frameAt(id), at);
      else if (this.padding === 'reset') out.set(this.frameAt(start), at);
      else out.fill(0, at, at + frameSize);
    }
  }

  /** Drops the oldest transitions whose slot or frames have been overwritten. */
  private dropUnreadable(): void {
    const oldestFrame = Math.max(0, this.framesWritten - this.capacity);
    const firstSlotKept = this.transitionsWritten - this.capacity;
    while (this.oldestTransition < this.transitionsWritten) {
      const slot = this.oldestTransition % this.capacity;
      const needed = Math.max(this.startFrame[slot]!, this.obsFrame[slot]! - (this.stack - 1));
      if (this.oldestTransition >= firstSlotKept && needed >= oldestFrame) break;
      this.oldestTransition++;
    }
  }
}
