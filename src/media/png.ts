/**
 * PNG stills of ALE screens, encoded by pngjs: RGB, each pixel doubled horizontally as in the GIFs
 * (ALE's 160-wide screen shown at 4:3, 320 × 210).
 */
import { PNG } from 'pngjs';
import { RGB_CHANNELS } from '../ale/palette.js';
import { HORIZONTAL_PIXEL_SCALE, ScreenImageError } from './gif.js';

const RGBA_CHANNELS = 4;
const OPAQUE = 0xff;
/** PNG colour type 2: truecolour (RGB), no alpha (PNG spec, IHDR). */
const PNG_TRUECOLOUR = 2;

/** A PNG file of the RGB screen `rgb` (height × width × 3), columns doubled. */
export function screenToPng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  if (rgb.length !== width * height * RGB_CHANNELS) {
    throw new ScreenImageError(
      `the RGB screen holds ${rgb.length} bytes, a ${width}×${height} screen needs ${width * height * RGB_CHANNELS}`,
    );
  }
  const png = new PNG({ width: width * HORIZONTAL_PIXEL_SCALE, height });
  const data = png.data;
  for (let p = 0; p < width * height; p++) {
    for (let copy = 0; copy < HORIZONTAL_PIXEL_SCALE; copy++) {
      const o = (p * HORIZONTAL_PIXEL_SCALE + copy) * RGBA_CHANNELS;
      data[o] = rgb[p * RGB_CHANNELS]!;
      data[o + 1] = rgb[p * RGB_CHANNELS + 1]!;
      data[o + 2] = rgb[p * RGB_CHANNELS + 2]!;
      data[o + 3] = OPAQUE;
    }
  }
  return new Uint8Array(PNG.sync.write(png, { colorType: PNG_TRUECOLOUR }));
}
