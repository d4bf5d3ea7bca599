/**
 * Labelled stacked-frame observations for imitation, storing each frame plane once.
 *
 * Observations are uint8 [C, H, W] stacks (FrameStack's k frames, oldest first). Consecutive
 * observations of one env share C − 1 planes, and a reset observation repeats one plane C times, so
 * each new sample usually adds a single plane: 7 KB instead of 28 KB per sample for 4×84×84. Sharing
 * is found by comparing bytes with the env's previous observation (and with the planes just stored),
 * so it holds for any stacking wrapper, not only one whose rules are assumed here.
 */
import { RlInputError } from './errors.js';
import type { FrameShape } from './input.js';

/** Planes per allocation: 4096 planes of 84×84 are 28.9 MB. */
const PLANES_PER_CHUNK = 4096;
const INITIAL_SAMPLES = 1024;

export class FrameDataset {
  readonly frame: FrameShape;
  readonly planeSize: number;
  private readonly chunks: Uint8Array[] = [];
  private planes = 0;
  private sampleCount = 0;
  private planeIds: Int32Array;
  private labelOf: Int32Array;
  /** Per stream (env), the plane ids of its previous observation. */
  private readonly previous = new Map<number, Int32Array>();

  constructor(frame: FrameShape) {
    if (frame.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new RlInputError(`FrameDataset: frame must be [C, H, W] of positive integers, got [${frame}]`);
    }
    this.frame = frame;
    this.planeSize = frame[1] * frame[2];
    this.planeIds = new Int32Array(INITIAL_SAMPLES * frame[0]);
    this.labelOf = new Int32Array(INITIAL_SAMPLES);
  }

  get size(): number {
    return this.sampleCount;
  }

  /** Distinct planes stored. */
  get storedPlanes(): number {
    return this.planes;
  }

  /** Bytes held by frame planes. */
  get frameBytes(): number {
    return this.chunks.reduce((s, c) => s + c.byteLength, 0);
  }

  label(i: number): number {
    this.checkIndex(i);
    return this.labelOf[i]!;
  }

  /**
   * Adds one observation (C·H·W bytes; copied) with its label, from stream `stream` (e.g. the env
   * index): its planes are shared with that stream's previous observation where the bytes agree.
   */
  add(stream: number, obs: Uint8Array, label: number): number {
    const [c] = this.frame;
    if (obs.length !== c * this.planeSize) {
      throw new RlInputError(
        `FrameDataset.add: ${obs.length} bytes, an observation of [${this.frame}] has ${c * this.planeSize}`,
      );
    }
    const prev = this.previous.get(stream);
    const ids = new Int32Array(c);
    for (let p = 0; p < c; p++) {
      const plane = obs.subarray(p * this.planeSize, (p + 1) * this.planeSize);
      if (prev && p + 1 < c && this.planeEquals(prev[p + 1]!, plane)) ids[p] = prev[p + 1]!;
      else if (p > 0 && this.planeEquals(ids[p - 1]!, plane)) ids[p] = ids[p - 1]!;
      else ids[p] = this.storePlane(plane);
    }
    this.previous.set(stream, ids);
    this.grow();
    const i = this.sampleCount++;
    this.planeIds.set(ids, i * c);
    this.labelOf[i] = label;
    return i;
  }

  /** Writes the observations of samples `indices` back to back into `out` (indices.length·C·H·W bytes). */
  gather(indices: ArrayLike<number>, out: Uint8Array): Uint8Array {
    const [c] = this.frame;
    if (out.length < indices.length * c * this.planeSize) {
      throw new RlInputError(`FrameDataset.gather: out holds ${out.length} bytes, ${indices.length} samples need more`);
    }
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j]!;
      this.checkIndex(i);
      for (let p = 0; p < c; p++) {
        out.set(this.plane(this.planeIds[i * c + p]!), (j * c + p) * this.planeSize);
      }
    }
    return out;
  }

  /** The labels of samples `indices`. */
  labels(indices: ArrayLike<number>): Int32Array {
    return Int32Array.from({ length: indices.length }, (_, j) => this.label(indices[j]!));
  }

  private checkIndex(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.sampleCount) {
      throw new RlInputError(`FrameDataset: sample ${i} out of range [0, ${this.sampleCount})`);
    }
  }

  private plane(id: number): Uint8Array {
    const chunk = this.chunks[Math.floor(id / PLANES_PER_CHUNK)]!;
    const at = (id % PLANES_PER_CHUNK) * this.planeSize;
    return chunk.subarray(at, at + this.planeSize);
  }

  private planeEquals(id: number, bytes: Uint8Array): boolean {
    const stored = this.plane(id);
    for (let k = 0; k < bytes.length; k++) if (stored[k] !== bytes[k]) return false;
    return true;
  }

  private storePlane(bytes: Uint8Array): number {
    const id = this.planes++;
    if (Math.floor(id / PLANES_PER_CHUNK) === this.chunks.length) {
      this.chunks.push(new Uint8Array(PLANES_PER_CHUNK * this.planeSize));
    }
    this.plane(id).set(bytes);
    return id;
  }

  private grow(): void {
    if (this.sampleCount < this.labelOf.length) return;
    const c = this.frame[0];
    const ids = new Int32Array(this.labelOf.length * 2 * c);
    ids.set(this.planeIds);
    this.planeIds = ids;
    const labels = new Int32Array(this.labelOf.length * 2);
    labels.set(this.labelOf);
    this.labelOf = labels;
  }
}
