/**
 * WarpFrame (SB3 `WarpFrame`): RGB frame → OpenCV RGB2GRAY → OpenCV INTER_AREA resize to height × width
 * (84 × 84 by default), bit for bit. The observation is [height, width] uint8; SB3 adds a trailing
 * channel axis of 1 ([84, 84, 1]), which holds the same bytes in the same order.
 *
 * `order: 'resize-first'` gives the CleanRL Atari scripts' pipeline instead, gym's
 * `ResizeObservation((84, 84))` then `GrayScaleObservation`: INTER_AREA on the RGB frame, then RGB2GRAY.
 */
import { WrapperConfigError } from '../errors.js';
import { AreaResizer } from '../preprocess/area-resize.js';
import { rgbToGray } from '../preprocess/rgb-to-gray.js';
import { Box } from '../spaces.js';
import type { Env } from '../types.js';
import { ObservationWrapper } from '../wrapper.js';

const RGB_CHANNELS = 3;
const MAX_BYTE = 255;

export type WarpOrder = 'gray-first' | 'resize-first';

export class WarpFrame extends ObservationWrapper<Uint8Array, Uint8Array> {
  readonly observationSpace: Box<'uint8'>;
  readonly order: WarpOrder;
  private readonly resizer: AreaResizer;
  /** Gray full-size frame ('gray-first') or resized RGB frame ('resize-first'). */
  private readonly scratch: Uint8Array;
  private readonly out: Uint8Array;

  constructor(env: Env<Uint8Array>, width = 84, height = 84, order: WarpOrder = 'gray-first') {
    super(env);
    env.observationSpace.expect('WarpFrame', 'uint8', [undefined, undefined, RGB_CHANNELS]);
    if (order !== 'gray-first' && order !== 'resize-first') {
      throw new WrapperConfigError(`WarpFrame: order must be 'gray-first' or 'resize-first', got ${String(order)}`);
    }
    const [srcHeight, srcWidth] = env.observationSpace.shape as [number, number, number];
    this.order = order;
    if (order === 'gray-first') {
      this.resizer = new AreaResizer(srcHeight, srcWidth, height, width);
      this.scratch = new Uint8Array(srcHeight * srcWidth);
    } else {
      this.resizer = new AreaResizer(srcHeight, srcWidth, height, width, RGB_CHANNELS);
      this.scratch = new Uint8Array(height * width * RGB_CHANNELS);
    }
    this.observationSpace = new Box([height, width], 'uint8', 0, MAX_BYTE);
    this.out = this.observationSpace.allocate();
  }

  protected observation(rgb: Uint8Array): Uint8Array {
    if (this.order === 'gray-first') return this.resizer.resize(rgbToGray(rgb, this.scratch), this.out);
    return rgbToGray(this.resizer.resize(rgb, this.scratch), this.out);
  }
}
