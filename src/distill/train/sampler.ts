/**
 * Which samples each training step uses, as a pure function of (seed, step): so a resumed run draws
 * exactly the batches an uninterrupted run draws, and the "data cursor" is the step itself.
 *
 * - `epochs` (fixed datasets): each epoch visits every training sample once in a seeded random
 *   order; batches run across epoch boundaries.
 * - `uniform` (growing replay, online training): each batch draws uniformly with replacement from
 *   the samples present at that step.
 */
import { STREAM, stream } from '../rng.js';

export interface DataCursor {
  readonly epoch: number;
  /** Position in the epoch's order of the batch's first sample. */
  readonly offset: number;
}

export class EpochSampler {
  private cachedEpoch = -1;
  private order: Int32Array = new Int32Array(0);

  constructor(
    readonly seed: number,
    readonly size: number,
    readonly batchSize: number,
  ) {}

  cursor(step: number): DataCursor {
    const first = step * this.batchSize;
    return { epoch: Math.floor(first / this.size), offset: first % this.size };
  }

  private epochOrder(epoch: number): Int32Array {
    if (epoch !== this.cachedEpoch) {
      const order = new Int32Array(this.size);
      for (let i = 0; i < this.size; i++) order[i] = i;
      stream(this.seed, STREAM.epochs, epoch).shuffle(order);
      this.order = order;
      this.cachedEpoch = epoch;
    }
    return this.order;
  }

  /** Sample ids of step `step`'s batch. */
  batch(step: number): Int32Array {
    const out = new Int32Array(this.batchSize);
    let position = step * this.batchSize;
    for (let b = 0; b < this.batchSize; b++, position++) {
      const epoch = Math.floor(position / this.size);
      out[b] = this.epochOrder(epoch)[position % this.size]!;
    }
    return out;
  }
}

/** Uniform draws with replacement from the `size` samples present at `step`. */
export function uniformBatch(seed: number, step: number, size: number, batchSize: number): Int32Array {
  const rng = stream(seed, STREAM.epochs, step);
  const out = new Int32Array(batchSize);
  for (let b = 0; b < batchSize; b++) out[b] = rng.int(size);
  return out;
}
