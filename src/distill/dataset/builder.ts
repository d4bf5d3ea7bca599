/**
 * Builds segments step by step during collection: one SegmentBuilder per sub-env, with arrays that
 * grow by doubling. `cut()` closes the current segment and starts the next one of the same episode
 * with its last `maxHistory` frames as history.
 */
import type { DatasetInfo, Segment, SegmentEnd } from './types.js';

const INITIAL_CAPACITY = 256;

function grow<T extends Uint8Array | Float32Array | Int32Array>(a: T, needed: number): T {
  if (needed <= a.length) return a;
  let size = Math.max(a.length, 1);
  while (size < needed) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

export class SegmentBuilder {
  private readonly frameSize: number;
  private frames: Uint8Array;
  private logits: Float32Array;
  private actions: Int32Array;
  private actors: Uint8Array;
  private rewards: Float32Array;
  private states: Float32Array;
  /** Frames held (history + steps, plus possibly the newest frame of the next step). */
  private frameCount = 0;
  private history = 0;
  private length = 0;
  private episode = -1;
  private part = 0;
  private offset = 0;

  constructor(
    readonly info: DatasetInfo,
    readonly env: number,
  ) {
    this.frameSize = info.frameShape[0] * info.frameShape[1];
    this.frames = new Uint8Array(INITIAL_CAPACITY * this.frameSize);
    this.logits = new Float32Array(INITIAL_CAPACITY * info.numActions);
    this.actions = new Int32Array(INITIAL_CAPACITY);
    this.actors = new Uint8Array(INITIAL_CAPACITY);
    this.rewards = new Float32Array(INITIAL_CAPACITY);
    this.states = new Float32Array(info.stateSize > 0 ? INITIAL_CAPACITY * info.stateSize : 0);
  }

  /** Whether an episode is open. */
  get open(): boolean {
    return this.episode >= 0;
  }

  /** Steps recorded in the current segment. */
  get steps(): number {
    return this.length;
  }

  /** Starts episode `episode` from its first frame. */
  begin(episode: number, firstFrame: Uint8Array): void {
    this.episode = episode;
    this.part = 0;
    this.offset = 0;
    this.history = 0;
    this.length = 0;
    this.frameCount = 0;
    this.pushFrame(firstFrame);
  }

  /**
   * The newest `k` frames' ids, oldest first, padded per `info.padding` (−1 = a zero frame). Needs
   * k ≤ maxHistory + 1: then a missing frame can only be one before the episode's first.
   */
  stackFrameIds(k: number, out: Int32Array): Int32Array {
    const newest = this.frameCount - 1;
    for (let j = 0; j < k; j++) {
      const id = newest - (k - 1) + j;
      out[j] = id >= 0 ? id : this.info.padding === 'reset' ? 0 : -1;
    }
    return out;
  }

  /** Writes the stack of the newest `k` frames (oldest first) into `out` at `offset`. */
  stackInto(k: number, out: Uint8Array, offset: number, ids = new Int32Array(k)): void {
    this.stackFrameIds(k, ids);
    for (let j = 0; j < k; j++) {
      const at = offset + j * this.frameSize;
      const id = ids[j]!;
      if (id < 0) out.fill(0, at, at + this.frameSize);
      else out.set(this.frames.subarray(id * this.frameSize, (id + 1) * this.frameSize), at);
    }
  }

  /** Records the step taken from the newest frame's observation. */
  record(logits: Float32Array, action: number, actor: number, state?: Float32Array): void {
    const { numActions, stateSize } = this.info;
    const t = this.length;
    this.logits = grow(this.logits, (t + 1) * numActions);
    this.actions = grow(this.actions, t + 1);
    this.actors = grow(this.actors, t + 1);
    this.rewards = grow(this.rewards, t + 1);
    this.logits.set(logits.subarray(0, numActions), t * numActions);
    this.actions[t] = action;
    this.actors[t] = actor;
    if (stateSize > 0) {
      this.states = grow(this.states, (t + 1) * stateSize);
      if (state) this.states.set(state.subarray(0, stateSize), t * stateSize);
    }
    this.length = t + 1;
  }

  /** The outcome of the recorded step: its reward and, unless the episode ended, the next frame. */
  outcome(reward: number, next: Uint8Array | undefined): void {
    this.rewards[this.length - 1] = reward;
    if (next) this.pushFrame(next);
  }

  /** Closes the segment. 'running' keeps the episode open (the next segment continues it). */
  finish(end: SegmentEnd): Segment | undefined {
    const { numActions, stateSize, maxHistory } = this.info;
    const n = this.length;
    let segment: Segment | undefined;
    if (n > 0) {
      const frameSize = this.frameSize;
      segment = {
        episode: this.episode,
        part: this.part,
        env: this.env,
        offset: this.offset,
        history: this.history,
        length: n,
        frames: this.frames.slice(0, (this.history + n) * frameSize),
        logits: this.logits.slice(0, n * numActions),
        actions: this.actions.slice(0, n),
        actors: this.actors.slice(0, n),
        rewards: this.rewards.slice(0, n),
        ...(stateSize > 0 ? { states: this.states.slice(0, n * stateSize) } : {}),
        end,
      };
    }
    if (end !== 'running') {
      this.episode = -1;
      return segment;
    }
    // Keep the newest frames: up to maxHistory before the pending observation, and that observation's frame.
    const keepHistory = Math.min(maxHistory, this.frameCount - 1);
    const start = this.frameCount - 1 - keepHistory;
    this.frames.copyWithin(0, start * this.frameSize, this.frameCount * this.frameSize);
    this.frameCount = keepHistory + 1;
    this.history = keepHistory;
    this.offset += n;
    if (n > 0) this.part += 1;
    this.length = 0;
    return segment;
  }

  private pushFrame(frame: Uint8Array): void {
    this.frames = grow(this.frames, (this.frameCount + 1) * this.frameSize);
    this.frames.set(frame, this.frameCount * this.frameSize);
    this.frameCount += 1;
  }
}
