/**
 * What a distillation dataset holds, in memory.
 *
 * A dataset is a list of segments. A segment is a run of consecutive steps of one episode, with its
 * frames stored once (uint8) and per-step teacher outputs:
 *
 *   frames:  (history + length) frames; frame history + t is the newest frame of step t's observation,
 *            frames 0..history−1 are the episode's frames just before the segment (for stacking);
 *   logits:  the teacher's logits at each step's observation [length, A];
 *   actions: the action taken; actors: who chose it (0 teacher, 1 student);
 *   rewards: the env's reward for the step (after the preset's wrappers, e.g. clipped);
 *   states:  recurrent teachers only, the teacher state fed with step t's frame [length, S]
 *            (zero at episode start), so its derivatives can be recomputed exactly later;
 *   end:     how the segment ends: the episode terminated or was truncated, or it goes on ('running',
 *            in a later segment or cut when collection stopped).
 *
 * Observations are stacks of the last k frames, padded at the episode start as FrameStack pads them
 * ('reset': copies of the first frame; 'zero'). `history` is min(maxHistory, frames of the episode
 * before the segment), so a stack that needs frames before frame 0 only does so at the episode start.
 * The network input is frames / 255 (see `DatasetInfo.observation`).
 */
import type { StackPadding } from '../../envs/wrappers/frame-stack.js';

export type SegmentEnd = 'terminated' | 'truncated' | 'running';
export const SEGMENT_ENDS: readonly SegmentEnd[] = ['terminated', 'truncated', 'running'];

/** Who chose an action. */
export const ACTOR = Object.freeze({ teacher: 0, student: 1 });

export interface Segment {
  /** Episode id, unique in the dataset; every segment of an episode has the same id. */
  readonly episode: number;
  /** Position of this segment in its episode (0, 1, …). */
  readonly part: number;
  /** Sub-env that played the episode. */
  readonly env: number;
  /** Steps of the episode before this segment. */
  readonly offset: number;
  readonly history: number;
  readonly length: number;
  readonly frames: Uint8Array;
  readonly logits: Float32Array;
  readonly actions: Int32Array;
  readonly actors: Uint8Array;
  readonly rewards: Float32Array;
  readonly states?: Float32Array;
  readonly end: SegmentEnd;
}

/**
 * How stored frames become observations: 'uint8' envs give the frames as they are (the teacher
 * scales them by its inputScale, 1/255); 'unit' envs give float32 frames of exactly byte/255
 * (baby-a3c), stored as the bytes. Either way the network input is byte / 255.
 */
export type ObservationEncoding = 'uint8' | 'unit';

/** Everything needed to interpret the segments, checked against each shard. */
export interface DatasetInfo {
  /** [H, W] of one frame. */
  readonly frameShape: readonly [number, number];
  /** Frames in one env observation (the teacher's input channels): FrameStack's k, or 1. */
  readonly envStack: number;
  readonly padding: StackPadding;
  readonly observation: ObservationEncoding;
  readonly numActions: number;
  readonly actionMeanings?: readonly string[];
  /** Recurrent teacher state size (0: feed-forward teacher). */
  readonly stateSize: number;
  /** Frames of episode history kept before each segment (≥ the largest stack − 1 it supports). */
  readonly maxHistory: number;
}
