/**
 * Animated GIFs of ALE screens, encoded by gifenc.
 *
 * The screen is shown as people see it (and as ALE/Gymnasium render it): 160 columns on a 4:3 TV
 * are about twice as wide as they are tall, so each pixel is doubled horizontally (160 → 320). The
 * colours are ALE's NTSC palette exactly: its 128 colours are the GIF's global colour table, so no
 * quantisation happens and every frame's pixels decode to the emulator's RGB screen.
 *
 * Frame delays follow the emulator's clock: a screen captured at emulator frame `t` is shown until
 * the next one, and delays are rounded from the running time, so the GIF plays in real time even
 * when one step (4 frames at 60 Hz = 66.7 ms) is not a whole number of centiseconds.
 */
import * as gifencModule from 'gifenc';
import { NTSC_PALETTE, RGB_CHANNELS } from '../ale/palette.js';

/** gifenc ships CommonJS for Node (one default export) and ESM for bundlers such as vitest's (named exports). */
const { GIFEncoder } = (
  typeof gifencModule.GIFEncoder === 'function' ? gifencModule : gifencModule.default
) as typeof gifencModule.default;

/** NTSC 2600 frame rate (ALE's `NTSC` display: 60 frames per second). */
export const ATARI_FRAME_RATE_HZ = 60;
/** Each ALE pixel is drawn this many GIF pixels wide (ALE's 160-wide screen shown at 4:3). */
export const HORIZONTAL_PIXEL_SCALE = 2;
/** GIF delays are in hundredths of a second (GIF89a graphic control extension). */
const CENTISECONDS_PER_SECOND = 100;
/**
 * Browsers show delays below 2 cs as 10 cs; screens shown for less are merged into the next one
 * (the newest wins) so playback keeps real time.
 */
export const MIN_GIF_DELAY_CS = 2;
/** gifenc takes delays in milliseconds. */
const MS_PER_CENTISECOND = 10;
/** Netscape loop extension: 0 loops forever. */
const LOOP_FOREVER = 0;

/** An RGB screen that is not one of ALE's NTSC colours, or has the wrong size. */
export class ScreenImageError extends Error {
  override readonly name = 'ScreenImageError';
}

/** 0xRRGGBB → palette index (0–127), for all of ALE's NTSC colours. */
const INDEX_OF_RGB: ReadonlyMap<number, number> = new Map(NTSC_PALETTE.map((rgb, i) => [rgb, i]));

/** The NTSC palette as gifenc wants it: [r, g, b] per entry. */
export const GIF_PALETTE: readonly (readonly number[])[] = NTSC_PALETTE.map((rgb) => [
  (rgb >>> 16) & 0xff,
  (rgb >>> 8) & 0xff,
  rgb & 0xff,
]);

/**
 * Palette indices of an interleaved RGB screen (height × width × 3), each column doubled: writes
 * height × 2·width indices into `out`. Throws ScreenImageError for a colour outside the palette.
 */
export function screenToDoubledIndices(rgb: Uint8Array, width: number, height: number, out: Uint8Array): Uint8Array {
  if (rgb.length !== width * height * RGB_CHANNELS) {
    throw new ScreenImageError(
      `the RGB screen holds ${rgb.length} bytes, a ${width}×${height} screen needs ${width * height * RGB_CHANNELS}`,
    );
  }
  if (out.length !== width * height * HORIZONTAL_PIXEL_SCALE) {
    throw new ScreenImageError(
      `the index buffer holds ${out.length} bytes, need ${width * height * HORIZONTAL_PIXEL_SCALE}`,
    );
  }
  for (let p = 0, j = 0; p < width * height; p++, j += RGB_CHANNELS) {
    const colour = (rgb[j]! << 16) | (rgb[j + 1]! << 8) | rgb[j + 2]!;
    const index = INDEX_OF_RGB.get(colour);
    if (index === undefined) {
      throw new ScreenImageError(
        `pixel ${p} has colour #${colour.toString(16).padStart(6, '0')}, which is not in ALE's NTSC palette`,
      );
    }
    out[p * HORIZONTAL_PIXEL_SCALE] = index;
    out[p * HORIZONTAL_PIXEL_SCALE + 1] = index;
  }
  return out;
}

export interface GifWriterOptions {
  /** ALE screen size (default 160 × 210). */
  readonly width?: number;
  readonly height?: number;
  /** Emulator frames per second (default NTSC, 60). */
  readonly frameRateHz?: number;
}

/** Builds an animated GIF from ALE RGB screens stamped with the emulator frame they appeared at. */
export class GifWriter {
  readonly width: number;
  readonly height: number;
  private readonly frameRateHz: number;
  private readonly encoder = GIFEncoder();
  /** Palette indices of the screen waiting for its delay (gifenc encodes synchronously, so it is reused). */
  private readonly pending: Uint8Array;
  private pendingFrame: number | undefined;
  private writtenCs = 0;
  private lastDuration = 0;
  private framesWritten = 0;
  private finished = false;

  constructor(options: GifWriterOptions = {}) {
    this.width = options.width ?? 160;
    this.height = options.height ?? 210;
    this.frameRateHz = options.frameRateHz ?? ATARI_FRAME_RATE_HZ;
    this.pending = new Uint8Array(this.width * HORIZONTAL_PIXEL_SCALE * this.height);
  }

  /** GIF frames written so far (screens merged by MIN_GIF_DELAY_CS count once). */
  get frames(): number {
    return this.framesWritten + (this.pendingFrame === undefined ? 0 : 1);
  }

  private centiseconds(frame: number): number {
    return Math.round((frame * CENTISECONDS_PER_SECOND) / this.frameRateHz);
  }

  /** Adds the screen `rgb` (height × width × 3) that appeared at emulator frame `frame`. */
  add(rgb: Uint8Array, frame: number): void {
    if (this.finished) throw new ScreenImageError('the GIF is finished; start a new GifWriter');
    if (this.pendingFrame !== undefined) {
      if (frame < this.pendingFrame) {
        throw new ScreenImageError(`screens must come in time order: frame ${frame} after ${this.pendingFrame}`);
      }
      const end = this.centiseconds(frame);
      if (end - this.writtenCs >= MIN_GIF_DELAY_CS) {
        this.lastDuration = frame - this.pendingFrame;
        this.write(end - this.writtenCs);
        this.writtenCs = end;
        this.pendingFrame = frame;
      }
      // else: the pending screen would flash too briefly; the new one replaces it from the same start.
    } else {
      this.pendingFrame = frame;
      this.writtenCs = this.centiseconds(frame);
    }
    screenToDoubledIndices(rgb, this.width, this.height, this.pending);
  }

  private write(delayCs: number): void {
    this.encoder.writeFrame(this.pending, this.width * HORIZONTAL_PIXEL_SCALE, this.height, {
      delay: delayCs * MS_PER_CENTISECOND,
      ...(this.framesWritten === 0 ? { palette: GIF_PALETTE, repeat: LOOP_FOREVER } : {}),
    });
    this.framesWritten += 1;
  }

  /**
   * Writes the last screen, shown until `endFrame` (default: as long as the screen before it), and
   * returns the GIF file's bytes.
   */
  finish(endFrame?: number): Uint8Array {
    if (this.finished) throw new ScreenImageError('finish() was already called');
    if (this.pendingFrame === undefined) throw new ScreenImageError('a GIF needs at least one screen');
    const end = endFrame ?? this.pendingFrame + Math.max(this.lastDuration, 1);
    const delay = Math.max(MIN_GIF_DELAY_CS, this.centiseconds(end) - this.writtenCs);
    this.write(delay);
    this.pendingFrame = undefined;
    this.finished = true;
    this.encoder.finish();
    return this.encoder.bytes();
  }
}
