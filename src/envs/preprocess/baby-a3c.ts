/**
 * The observation preprocessing of greydanus/baby-a3c, bit for bit:
 * `imresize(img[35:195].mean(2), (80, 80)).astype(float32) / 255`, where scipy's `imresize` first
 * bytescales the float image to uint8 from its own min and max, then resizes with Pillow BILINEAR.
 *
 * - crop rows 35–194 (160 rows × 160 columns) of the 210×160 RGB frame;
 * - mean over RGB in double: (r + g + b) / 3, as numpy's `mean(2)` computes it;
 * - scipy `bytescale`: scale = 255 / (max − min) (1 when max = min), byte = trunc(clip((v − min)·scale, 0, 255) + 0.5);
 * - Pillow bilinear 160×160 → 80×80 (pil-bilinear.ts);
 * - float32(byte / 255).
 * The mean takes only 766 values (sums 0–765), so the bytescale runs as a table per frame.
 */
import { ShapeMismatchError } from '../errors.js';
import { PilBilinearResizer } from './pil-bilinear.js';

export const BABY_A3C_CROP_TOP = 35;
/** One past the last row kept (numpy slice end). */
export const BABY_A3C_CROP_BOTTOM = 195;
export const BABY_A3C_SIZE = 80;
const RGB_CHANNELS = 3;
const MAX_BYTE = 255;
const MAX_CHANNEL_SUM = MAX_BYTE * RGB_CHANNELS;

/** float32(byte / 255) for every byte. */
const BYTE_TO_UNIT: Float32Array = Float32Array.from({ length: MAX_BYTE + 1 }, (_, b) => b / MAX_BYTE);

export class BabyA3CPreprocessor {
  readonly srcHeight: number;
  readonly srcWidth: number;
  private readonly cropRows = BABY_A3C_CROP_BOTTOM - BABY_A3C_CROP_TOP;
  private readonly sums: Uint16Array;
  private readonly bytes: Uint8Array;
  private readonly resized: Uint8Array;
  private readonly sumToByte = new Uint8Array(MAX_CHANNEL_SUM + 1);
  private readonly resizer: PilBilinearResizer;

  /** For RGB frames of `srcHeight` × `srcWidth` (ALE: 210 × 160). */
  constructor(srcHeight = 210, srcWidth = 160) {
    if (srcHeight < BABY_A3C_CROP_BOTTOM) {
      throw new ShapeMismatchError(
        `BabyA3CPreprocessor: frames of ${srcHeight} rows cannot be cropped to rows ${BABY_A3C_CROP_TOP}–${BABY_A3C_CROP_BOTTOM - 1}; use ALE's 210×160 RGB frames`,
      );
    }
    this.srcHeight = srcHeight;
    this.srcWidth = srcWidth;
    const pixels = this.cropRows * srcWidth;
    this.sums = new Uint16Array(pixels);
    this.bytes = new Uint8Array(pixels);
    this.resized = new Uint8Array(BABY_A3C_SIZE * BABY_A3C_SIZE);
    this.resizer = new PilBilinearResizer(this.cropRows, srcWidth, BABY_A3C_SIZE, BABY_A3C_SIZE);
  }

  /** RGB frame (srcHeight × srcWidth × 3 bytes) → 80×80 float32 in [0, 1], written into `out`; returns `out`. */
  process(rgb: Uint8Array, out: Float32Array): Float32Array {
    const { srcHeight, srcWidth, sums, bytes, sumToByte } = this;
    if (rgb.length !== srcHeight * srcWidth * RGB_CHANNELS) {
      throw new ShapeMismatchError(
        `BabyA3CPreprocessor: frame has ${rgb.length} bytes, expected ${srcHeight}×${srcWidth}×3 = ${srcHeight * srcWidth * RGB_CHANNELS}`,
      );
    }
    if (out.length !== BABY_A3C_SIZE * BABY_A3C_SIZE) {
      throw new ShapeMismatchError(`BabyA3CPreprocessor: output holds ${out.length} floats, expected 80×80 = 6400`);
    }
    const start = BABY_A3C_CROP_TOP * srcWidth * RGB_CHANNELS;
    let lo = MAX_CHANNEL_SUM;
    let hi = 0;
    for (let i = 0, j = start; i < sums.length; i++, j += RGB_CHANNELS) {
      const s = rgb[j]! + rgb[j + 1]! + rgb[j + 2]!;
      sums[i] = s;
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
    // scipy.misc.bytescale on the float64 means, evaluated once per distinct mean.
    const cmin = lo / RGB_CHANNELS;
    const cmax = hi / RGB_CHANNELS;
    const cscale = cmax - cmin === 0 ? 1 : cmax - cmin;
    const scale = MAX_BYTE / cscale;
    for (let s = lo; s <= hi; s++) {
      const v = (s / RGB_CHANNELS - cmin) * scale;
      sumToByte[s] = Math.trunc((v < 0 ? 0 : Math.min(v, MAX_BYTE)) + 0.5);
    }
    for (let i = 0; i < sums.length; i++) bytes[i] = sumToByte[sums[i]!]!;
    this.resizer.resize(bytes, this.resized);
    const resized = this.resized;
    for (let i = 0; i < out.length; i++) out[i] = BYTE_TO_UNIT[resized[i]!]!;
    return out;
  }
}
