import { describe, expect, it } from 'vitest';
import { NTSC_PALETTE } from '../../../src/ale/palette.js';
import { ShapeMismatchError, WrapperConfigError } from '../../../src/envs/errors.js';
import {
  AreaResizer,
  BabyA3CPreprocessor,
  maxPool2,
  PilBilinearResizer,
  rgbToGray,
} from '../../../src/envs/preprocess/index.js';
import { mismatches, NO_MISMATCH } from '../../helpers/arrays.js';

describe('rgbToGray (OpenCV RGB2GRAY)', () => {
  it('gives the same gray as OpenCV 3 (14-bit weights) and the rounded BT.601 luma for every NTSC colour', () => {
    const rgb = new Uint8Array(NTSC_PALETTE.length * 3);
    NTSC_PALETTE.forEach((c, i) => {
      rgb.set([c >>> 16, (c >>> 8) & 0xff, c & 0xff], i * 3);
    });
    const gray = rgbToGray(rgb, new Uint8Array(NTSC_PALETTE.length));
    NTSC_PALETTE.forEach((c, i) => {
      const [r, g, b] = [c >>> 16, (c >>> 8) & 0xff, c & 0xff];
      expect(gray[i]).toBe((r * 4899 + g * 9617 + b * 1868 + (1 << 13)) >> 14);
      expect(Math.abs(gray[i]! - (0.299 * r + 0.587 * g + 0.114 * b))).toBeLessThanOrEqual(0.5 + 1e-9);
    });
  });

  it('keeps pure gray and the extremes', () => {
    const rgb = Uint8Array.from([0, 0, 0, 255, 255, 255, 128, 128, 128]);
    expect([...rgbToGray(rgb, new Uint8Array(3))]).toEqual([0, 255, 128]);
  });

  it('rejects a mis-sized input', () => {
    expect(() => rgbToGray(new Uint8Array(8), new Uint8Array(3))).toThrow(ShapeMismatchError);
  });
});

describe('maxPool2', () => {
  it('takes the element-wise maximum, also in place', () => {
    const a = Uint8Array.from([1, 200, 3]);
    const b = Uint8Array.from([9, 100, 3]);
    expect([...maxPool2(a, b, new Uint8Array(3))]).toEqual([9, 200, 3]);
    maxPool2(a, b, a);
    expect([...a]).toEqual([9, 200, 3]);
    expect(() => maxPool2(a, new Uint8Array(2), a)).toThrow(ShapeMismatchError);
  });
});

describe('AreaResizer (OpenCV INTER_AREA)', () => {
  it('keeps a constant image constant', () => {
    const r = new AreaResizer(210, 160, 84, 84);
    for (const v of [0, 1, 127, 255]) {
      const out = r.resize(new Uint8Array(210 * 160).fill(v), new Uint8Array(84 * 84));
      expect(out.every((x) => x === v)).toBe(true);
    }
  });

  it('averages 2.5 source rows per output row with the half pixel weighted by half (210 → 84 rows)', () => {
    // Rows alternate 0 and 250 over 160 × 210; output row 0 covers rows 0, 1 and half of 2: (0 + 250 + 0.5·0) / 2.5 = 100.
    const src = new Uint8Array(210 * 160);
    for (let y = 1; y < 210; y += 2) src.fill(250, y * 160, (y + 1) * 160);
    const out = new AreaResizer(210, 160, 84, 160 - 1).resize(src, new Uint8Array(84 * 159));
    expect(out[0]).toBe(100);
    // Output row 1 covers half of row 2, rows 3 and 4: (0.5·0 + 250 + 0) / 2.5 = 100.
    expect(out[159]).toBe(100);
  });

  it('resizes interleaved channels as each channel alone', () => {
    const src = new Uint8Array(210 * 160 * 3);
    for (let i = 0; i < src.length; i++) src[i] = (i * 2654435761) >>> 24;
    const rgb = new AreaResizer(210, 160, 84, 84, 3).resize(src, new Uint8Array(84 * 84 * 3));
    const one = new AreaResizer(210, 160, 84, 84);
    const plane = new Uint8Array(210 * 160);
    const out = new Uint8Array(84 * 84);
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < plane.length; p++) plane[p] = src[p * 3 + c]!;
      one.resize(plane, out);
      const channel = rgb.filter((_, i) => i % 3 === c);
      expect(mismatches(channel, out)).toMatchObject(NO_MISMATCH);
    }
  });

  it('rejects shapes it does not reproduce, and mis-sized buffers', () => {
    expect(() => new AreaResizer(84, 84, 168, 168)).toThrow(WrapperConfigError);
    expect(() => new AreaResizer(168, 168, 84, 84)).toThrow(/integer scales/);
    expect(() => new AreaResizer(0, 160, 84, 84)).toThrow(WrapperConfigError);
    const r = new AreaResizer(210, 160, 84, 84);
    expect(() => r.resize(new Uint8Array(10), new Uint8Array(84 * 84))).toThrow(ShapeMismatchError);
  });
});

describe('PilBilinearResizer (Pillow BILINEAR)', () => {
  it('halves with the widened triangle filter: taps 1/8, 3/8, 3/8, 1/8 in 22-bit fixed point', () => {
    // One bright column at x = 3 of a 160-wide image: output x = 1 covers source 1–4 (center 3);
    // 255 · 3/8 = 95.625 → (95.625·2^22 + 2^21) >> 22 = 96; x = 2 covers 3–6 with weight 1/8 → 32.
    const src = new Uint8Array(160 * 160);
    for (let y = 0; y < 160; y++) src[y * 160 + 3] = 255;
    const out = new PilBilinearResizer(160, 160, 80, 80).resize(src, new Uint8Array(80 * 80));
    expect([out[0], out[1], out[2], out[3]]).toEqual([0, 96, 32, 0]);
    // Output x = 0 is at the edge: taps 0.75, 0.75, 0.25 over source 0–2, normalised by 1.75.
    const edge = new Uint8Array(160 * 160);
    for (let y = 0; y < 160; y++) edge[y * 160] = 175;
    expect(new PilBilinearResizer(160, 160, 80, 80).resize(edge, new Uint8Array(80 * 80))[0]).toBe(75);
  });

  it('keeps a constant image constant and copies an image resized to its own size', () => {
    const r = new PilBilinearResizer(160, 160, 80, 80);
    expect(r.resize(new Uint8Array(160 * 160).fill(77), new Uint8Array(6400)).every((v) => v === 77)).toBe(true);
    const src = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    expect([...new PilBilinearResizer(3, 4, 3, 4).resize(src, new Uint8Array(12))]).toEqual([...src]);
  });
});

describe('BabyA3CPreprocessor', () => {
  it('bytescales each frame from its own min and max, so a frame of two colours maps to 0 and 1', () => {
    const rgb = new Uint8Array(210 * 160 * 3).fill(40);
    // Rows 35–114 bright (mean 100), the rest dark (mean 40): after resizing, rows far from the edge are 1 and 0.
    for (let i = 35 * 160 * 3; i < 115 * 160 * 3; i++) rgb[i] = 100;
    const out = new BabyA3CPreprocessor().process(rgb, new Float32Array(6400));
    expect(out[0]).toBe(1);
    expect(out[79 * 80]).toBe(0);
    // A uniform frame has max = min: scipy then divides by 1, so every pixel is 0.
    const flat = new BabyA3CPreprocessor().process(new Uint8Array(210 * 160 * 3).fill(90), new Float32Array(6400));
    expect(flat.every((v) => v === 0)).toBe(true);
  });

  it('rejects frames and outputs of the wrong size', () => {
    const p = new BabyA3CPreprocessor();
    expect(() => p.process(new Uint8Array(100), new Float32Array(6400))).toThrow(ShapeMismatchError);
    expect(() => p.process(new Uint8Array(210 * 160 * 3), new Float32Array(10))).toThrow(ShapeMismatchError);
    expect(() => new BabyA3CPreprocessor(100, 160)).toThrow(ShapeMismatchError);
  });
});
