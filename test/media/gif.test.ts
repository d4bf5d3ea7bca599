import omggif from 'omggif';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { NTSC_PALETTE } from '../../src/ale/palette.js';
import { makeEnv } from '../../src/envs/make-env.js';
import { GifWriter, ScreenImageError, screenToDoubledIndices } from '../../src/media/gif.js';
import { screenToPng } from '../../src/media/png.js';

const W = 160;
const H = 210;

/** Catcher (the embedded game, no ROM needed) screens after `steps` steps of a fixed action pattern. */
function catcherScreens(steps: number): { rgb: Uint8Array; frame: number }[] {
  const env = makeEnv('ALE/Catcher-v5', { repeat_action_probability: 0 });
  const screens: { rgb: Uint8Array; frame: number }[] = [];
  const grab = (frame: number) =>
    screens.push({ rgb: env.unwrapped.ale.getScreenRGB(new Uint8Array(W * H * 3)), frame });
  const first = env.reset({ seed: 3 });
  grab(first.info.episode_frame_number);
  // RIGHT, LEFT, RIGHTFIRE, NOOP in turn (minimal action indices), so the basket moves both ways.
  const pattern = [1, 1, 1, 2, 2, 3, 0];
  for (let s = 0; s < steps; s++) {
    const r = env.step(pattern[s % pattern.length]!);
    grab(r.info.episode_frame_number);
  }
  env.close();
  return screens;
}

/** The emulator's RGB screen as a person sees it: each column doubled, RGBA. */
function doubledRgba(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array(W * 2 * H * 4);
  for (let p = 0; p < W * H; p++) {
    for (let c = 0; c < 2; c++) {
      out.set(rgb.subarray(p * 3, p * 3 + 3), (p * 2 + c) * 4);
      out[(p * 2 + c) * 4 + 3] = 255;
    }
  }
  return out;
}

describe('GifWriter', () => {
  it('writes 320×210 frames whose pixels are the emulator’s RGB screens with columns doubled', () => {
    const screens = catcherScreens(40);
    // The screens differ (the game moves), so a frame matching its own screen is a real check.
    expect(Buffer.compare(screens[0]!.rgb, screens.at(-1)!.rgb)).not.toBe(0);
    const gif = new GifWriter();
    for (const s of screens) gif.add(s.rgb, s.frame);
    const bytes = gif.finish(screens.at(-1)!.frame + 4);
    const reader = new omggif.GifReader(Buffer.from(bytes));
    expect([reader.width, reader.height]).toEqual([320, 210]);
    expect(reader.numFrames()).toBe(screens.length);
    expect(reader.loopCount()).toBe(0);
    const pixels = new Uint8Array(320 * 210 * 4);
    for (const i of [0, 1, 17, screens.length - 1]) {
      reader.decodeAndBlitFrameRGBA(i, pixels);
      expect(Buffer.compare(pixels, doubledRgba(screens[i]!.rgb))).toBe(0);
    }
  });

  it('keeps real time: delays add up to the emulated frames at 60 Hz, to the centisecond', () => {
    const screens = catcherScreens(30);
    const gif = new GifWriter();
    for (const s of screens) gif.add(s.rgb, s.frame);
    const end = screens.at(-1)!.frame + 4;
    const reader = new omggif.GifReader(Buffer.from(gif.finish(end)));
    const delays = Array.from({ length: reader.numFrames() }, (_, i) => reader.frameInfo(i).delay);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total).toBe(Math.round((end * 100) / 60) - Math.round((screens[0]!.frame * 100) / 60));
    // ALE v5 steps 4 frames = 6.67 cs: the delays alternate 6 and 7, never the 10 cs of a rounded-down 1.
    expect(new Set(delays.slice(0, -1))).toEqual(new Set([6, 7]));
  });

  it('merges screens shown shorter than 2 cs into the next, keeping the total time', () => {
    const screens = catcherScreens(3);
    const gif = new GifWriter();
    // One emulator frame per screen (1.67 cs): too short for browsers, so pairs merge.
    for (const [i, s] of screens.entries()) gif.add(s.rgb, i);
    const reader = new omggif.GifReader(Buffer.from(gif.finish(screens.length)));
    const delays = Array.from({ length: reader.numFrames() }, (_, i) => reader.frameInfo(i).delay);
    expect(reader.numFrames()).toBeLessThan(screens.length);
    expect(delays.every((d) => d >= 2)).toBe(true);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(Math.round((screens.length * 100) / 60));
  });

  it('rejects colours outside the NTSC palette and wrong sizes', () => {
    const rgb = new Uint8Array(W * H * 3);
    const out = new Uint8Array(W * H * 2);
    expect(() => screenToDoubledIndices(rgb, W, H, out)).not.toThrow();
    rgb[3 * 1234] = 1; // #010000 is no NTSC colour
    expect(() => screenToDoubledIndices(rgb, W, H, out)).toThrow(/pixel 1234 has colour #010000/);
    expect(() => screenToDoubledIndices(rgb.subarray(3), W, H, out)).toThrow(ScreenImageError);
    expect(() => new GifWriter().finish()).toThrow(/at least one screen/);
  });

  it('maps every palette colour to its own index', () => {
    const rgb = new Uint8Array(NTSC_PALETTE.length * 3);
    NTSC_PALETTE.forEach((c, i) => {
      rgb.set([(c >> 16) & 255, (c >> 8) & 255, c & 255], i * 3);
    });
    const out = screenToDoubledIndices(rgb, NTSC_PALETTE.length, 1, new Uint8Array(NTSC_PALETTE.length * 2));
    expect(Array.from(out.filter((_, j) => j % 2 === 0))).toEqual(NTSC_PALETTE.map((_, i) => i));
  });
});

describe('screenToPng', () => {
  it('writes a 320×210 RGB PNG of the screen with columns doubled', () => {
    const [, screen] = catcherScreens(5).slice(-2);
    const png = PNG.sync.read(Buffer.from(screenToPng(screen!.rgb, W, H)));
    expect([png.width, png.height]).toEqual([320, 210]);
    expect(Buffer.compare(new Uint8Array(png.data), doubledRgba(screen!.rgb))).toBe(0);
  });
});
