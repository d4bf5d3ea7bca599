import { describe, expect, it } from 'vitest';
import { indicesToGrayscale, NTSC_GRAYSCALE, SCREEN_BYTE_TO_GRAY } from '../../src/ale/grayscale.js';
import {
  ALE_SCREEN_PIXELS,
  indicesToRGB,
  NTSC_COLOUR_COUNT,
  NTSC_PALETTE,
  ScreenBufferSizeError,
  screenByteToRGB,
} from '../../src/ale/palette.js';
import { mismatches, NO_MISMATCH } from '../helpers/arrays.js';
import { readSafetensors, u8 } from '../helpers/safetensors.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

const GAMES = ['pong', 'breakout', 'space_invaders'] as const;
const RGB_FRAME = ALE_SCREEN_PIXELS * 3;

describe('NTSC palette', () => {
  it('has 128 distinct colours, so RGB identifies the palette index', () => {
    expect(NTSC_PALETTE).toHaveLength(NTSC_COLOUR_COUNT);
    expect(new Set(NTSC_PALETTE).size).toBe(NTSC_COLOUR_COUNT);
  });

  it('gives ALE gray levels equal to the BT.601 luma of each colour, rounded', () => {
    for (let i = 0; i < NTSC_COLOUR_COUNT; i++) {
      const c = NTSC_PALETTE[i]!;
      const luma = 0.299 * (c >>> 16) + 0.587 * ((c >>> 8) & 0xff) + 0.114 * (c & 0xff);
      expect(NTSC_GRAYSCALE[i], `colour ${i}`).toBe(Math.round(luma));
    }
  });

  it('ignores bit 0 of a screen byte, as the TIA does', () => {
    for (let byte = 0; byte < 256; byte += 2) {
      expect(screenByteToRGB(byte + 1)).toBe(screenByteToRGB(byte));
      expect(SCREEN_BYTE_TO_GRAY[byte + 1]).toBe(SCREEN_BYTE_TO_GRAY[byte]);
    }
    // The first hue row is the gray ramp black … near-white.
    expect(screenByteToRGB(0)).toBe(0x000000);
    expect(screenByteToRGB(14)).toBe(0xececec);
  });

  it('rejects output buffers of the wrong size', () => {
    const screen = new Uint8Array(10);
    expect(() => indicesToRGB(screen, new Uint8Array(29))).toThrow(ScreenBufferSizeError);
    expect(() => indicesToGrayscale(screen, new Uint8Array(11))).toThrow(ScreenBufferSizeError);
    expect(indicesToRGB(screen)).toHaveLength(30);
    expect(indicesToGrayscale(screen)).toHaveLength(10);
  });
});

describeShared('palette and grayscale against native-ALE frames (fixtures/preprocess_*)', () => {
  const index = new Map<number, number>(NTSC_PALETTE.map((c, i) => [c, i * 2]));

  for (const game of GAMES) {
    it(`${game}: RGB frames use palette colours only, and indicesToRGB / indicesToGrayscale reproduce ALE's RGB and grayscale screens`, () => {
      const f = readSafetensors(sharedPath('fixtures', `preprocess_${game}.safetensors`));
      const rgb = u8(f, 'rgb');
      const gray = u8(f, 'ale_gray');
      const frames = rgb.shape[0]!;
      expect(rgb.shape).toEqual([frames, 210, 160, 3]);
      const screen = new Uint8Array(ALE_SCREEN_PIXELS);
      const rgbOut = new Uint8Array(RGB_FRAME);
      const grayOut = new Uint8Array(ALE_SCREEN_PIXELS);
      const coloursSeen = new Set<number>();
      for (let t = 0; t < frames; t++) {
        const frame = rgb.data.subarray(t * RGB_FRAME, (t + 1) * RGB_FRAME);
        for (let p = 0; p < ALE_SCREEN_PIXELS; p++) {
          const c = (frame[3 * p]! << 16) | (frame[3 * p + 1]! << 8) | frame[3 * p + 2]!;
          const byte = index.get(c);
          if (byte === undefined)
            throw new Error(`frame ${t} pixel ${p}: colour ${c.toString(16)} is not in the palette`);
          coloursSeen.add(c);
          screen[p] = byte;
        }
        expect(mismatches(indicesToRGB(screen, rgbOut), frame)).toMatchObject(NO_MISMATCH);
        const aleGray = gray.data.subarray(t * ALE_SCREEN_PIXELS, (t + 1) * ALE_SCREEN_PIXELS);
        expect(mismatches(indicesToGrayscale(screen, grayOut), aleGray)).toMatchObject(NO_MISMATCH);
      }
      expect(coloursSeen.size).toBeGreaterThan(1);
    });
  }
});
