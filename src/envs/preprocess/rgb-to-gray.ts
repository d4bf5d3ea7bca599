/**
 * OpenCV `cvtColor(src, COLOR_RGB2GRAY)` for 8-bit images, bit for bit.
 *
 * OpenCV 4 (imgproc color_rgb) converts uint8 with 15-bit fixed-point BT.601 weights,
 * Y = (R·9798 + G·19235 + B·3735 + 2^14) >> 15, where 9798 = round(0.299·2^15), 19235 = round(0.587·2^15),
 * 3735 = round(0.114·2^15). (OpenCV 3 used 14-bit weights 4899/9617/1868; both give the same gray for every
 * colour of the NTSC palette, which the tests check.)
 */
import { ShapeMismatchError } from '../errors.js';

const GRAY_SHIFT = 15;
const R_WEIGHT = 9798;
const G_WEIGHT = 19235;
const B_WEIGHT = 3735;
const ROUNDING = 1 << (GRAY_SHIFT - 1);
const RGB_CHANNELS = 3;

/** Interleaved RGB (n×3 bytes) → gray (n bytes), written into `out`; returns `out`. */
export function rgbToGray(rgb: Uint8Array, out: Uint8Array): Uint8Array {
  const pixels = out.length;
  if (rgb.length !== pixels * RGB_CHANNELS) {
    throw new ShapeMismatchError(
      `rgbToGray: input has ${rgb.length} bytes, expected ${pixels * RGB_CHANNELS} (3 per output pixel); size the output to the image's pixel count`,
    );
  }
  for (let i = 0, j = 0; i < pixels; i++, j += RGB_CHANNELS) {
    out[i] = (rgb[j]! * R_WEIGHT + rgb[j + 1]! * G_WEIGHT + rgb[j + 2]! * B_WEIGHT + ROUNDING) >> GRAY_SHIFT;
  }
  return out;
}
