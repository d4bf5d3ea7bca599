/**
 * BabyA3C: greydanus/baby-a3c's observation, one preprocessed frame per step: RGB frame → rows 35–194 →
 * RGB mean → min–max bytescale → Pillow bilinear 80×80 → /255, as float32 [1, 80, 80] (the shape its
 * model takes, batch axis aside). See preprocess/baby-a3c.ts for the exact arithmetic.
 */
import { BABY_A3C_SIZE, BabyA3CPreprocessor } from '../preprocess/baby-a3c.js';
import { Box } from '../spaces.js';
import type { Env } from '../types.js';
import { ObservationWrapper } from '../wrapper.js';

const RGB_CHANNELS = 3;

export class BabyA3CObservation extends ObservationWrapper<Float32Array, Uint8Array> {
  readonly observationSpace: Box<'float32'>;
  private readonly preprocessor: BabyA3CPreprocessor;
  private readonly out: Float32Array;

  constructor(env: Env<Uint8Array>) {
    super(env);
    env.observationSpace.expect('BabyA3CObservation', 'uint8', [undefined, undefined, RGB_CHANNELS]);
    const [height, width] = env.observationSpace.shape as [number, number, number];
    this.preprocessor = new BabyA3CPreprocessor(height, width);
    this.observationSpace = new Box([1, BABY_A3C_SIZE, BABY_A3C_SIZE], 'float32', 0, 1);
    this.out = this.observationSpace.allocate();
  }

  protected observation(rgb: Uint8Array): Float32Array {
    return this.preprocessor.process(rgb, this.out);
  }
}
