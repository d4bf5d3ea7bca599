/**
 * The speed-ups under AtariEnv and the sb3-atari preset give the same bytes as the plain versions:
 * word-wise palette conversions vs src/ale's `indicesToRGB`/`indicesToGrayscale`, the AreaResizer's
 * frame-to-frame cache vs a fresh resizer (itself pinned to the OpenCV fixtures), and the fused
 * MaxAndSkipWarp's guards. (Its results against the reference wrappers are in make-env.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { indicesToGrayscale } from '../../src/ale/grayscale.js';
import { ALEInterface } from '../../src/ale/interface.js';
import { indicesToRGB, ScreenBufferSizeError } from '../../src/ale/palette.js';
import { catcher, HOMEBREW_GAMES, loadHomebrewRom } from '../../src/envs/homebrew/index.js';
import {
  AreaResizer,
  ClipReward,
  type Env,
  FastScreenAle,
  MaxAndSkipWarp,
  makeEnv,
  screenToGray,
  screenToRGB,
  WrapperConfigError,
} from '../../src/envs/index.js';
import { ScriptedAtariEnv } from './fakes.js';

/** A reproducible byte stream (32-bit LCG). */
function bytes(n: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  return Uint8Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s >>> 24;
  });
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

describe('word-wise screen conversions', () => {
  it('equal indicesToRGB and indicesToGrayscale for every byte value, aligned or not', () => {
    const screen = bytes(210 * 160, 1);
    for (let v = 0; v < 256; v++) screen[v] = v;
    expect(equalBytes(screenToRGB(screen, new Uint8Array(screen.length * 3)), indicesToRGB(screen))).toBe(true);
    expect(equalBytes(screenToGray(screen, new Uint8Array(screen.length)), indicesToGrayscale(screen))).toBe(true);
    // Views at odd offsets and lengths take the byte path, with the same result.
    const odd = screen.subarray(1, 1 + 333);
    const rgbOut = new Uint8Array(334 * 3).subarray(3);
    expect(equalBytes(screenToRGB(odd, rgbOut), indicesToRGB(odd))).toBe(true);
    expect(equalBytes(screenToGray(odd, new Uint8Array(333)), indicesToGrayscale(odd))).toBe(true);
  });

  it('refuse output buffers of the wrong size', () => {
    expect(() => screenToRGB(new Uint8Array(8), new Uint8Array(8))).toThrow(ScreenBufferSizeError);
    expect(() => screenToGray(new Uint8Array(8), new Uint8Array(4))).toThrow(ScreenBufferSizeError);
  });

  it('FastScreenAle reads the same screens as ALEInterface while a game runs', () => {
    const rom = loadHomebrewRom(HOMEBREW_GAMES.find((g) => g.definition === catcher)!);
    const fast = new FastScreenAle();
    const plain = new ALEInterface();
    for (const ale of [fast, plain]) {
      ale.setFloat('repeat_action_probability', 0);
      ale.loadROM(rom, { name: 'catcher.bin', game: catcher } as never);
    }
    for (let t = 0; t < 120; t++) {
      const a = [0, 3, 4, 11, 12][t % 5]!;
      fast.act(a);
      plain.act(a);
      if (t % 10 !== 0) continue;
      expect(equalBytes(fast.getScreenRGB(), plain.getScreenRGB())).toBe(true);
      expect(equalBytes(fast.getScreenGrayscale(new Uint8Array(210 * 160)), plain.getScreenGrayscale())).toBe(true);
    }
  });
});

describe('AreaResizer frame-to-frame cache', () => {
  /** Frames that differ from the previous one in a few random rectangles, as Atari frames do. */
  function frames(h: number, w: number, cn: number, count: number): Uint8Array[] {
    const out: Uint8Array[] = [bytes(h * w * cn, 7)];
    let s = 99;
    const next = (n: number) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (s >>> 8) % n;
    };
    for (let f = 1; f < count; f++) {
      const frame = Uint8Array.from(out[f - 1]!);
      for (let r = 0; r < 3; r++) {
        const y0 = next(h);
        const x0 = next(w);
        const value = next(256);
        for (let y = y0; y < Math.min(h, y0 + 1 + next(12)); y++) {
          for (let x = x0; x < Math.min(w, x0 + 1 + next(20)); x++)
            frame.fill(value, (y * w + x) * cn, (y * w + x + 1) * cn);
        }
      }
      // Now and then a row copies the one above, which the resizer also shortcuts.
      if (f % 3 === 0) frame.copyWithin(10 * w * cn, 9 * w * cn, 10 * w * cn);
      out.push(frame);
    }
    return out;
  }

  it('gives what a fresh resizer gives, frame after frame (gray 210×160 → 84×84, RGB, odd sizes)', () => {
    for (const [h, w, oh, ow, cn] of [
      [210, 160, 84, 84, 1],
      [210, 160, 84, 84, 3],
      [37, 23, 11, 7, 1],
      [37, 23, 11, 7, 3],
    ] as const) {
      const cached = new AreaResizer(h, w, oh, ow, cn);
      for (const frame of frames(h, w, cn, 30)) {
        const expected = new AreaResizer(h, w, oh, ow, cn).resize(frame, new Uint8Array(oh * ow * cn));
        expect(equalBytes(cached.resize(frame, new Uint8Array(oh * ow * cn)), expected), `${h}×${w}×${cn}`).toBe(true);
      }
    }
  });

  it('resizeChanged with exact column hints equals resize; the first call ignores the hints', () => {
    const hinted = new AreaResizer(210, 160, 84, 84);
    const from = new Int32Array(210);
    const to = new Int32Array(210);
    const out = new Uint8Array(84 * 84);
    let prev: Uint8Array | undefined;
    for (const frame of frames(210, 160, 1, 20)) {
      for (let y = 0; y < 210; y++) {
        let first = -1;
        let last = -1;
        for (let x = 0; x < 160; x++) {
          if (prev && prev[y * 160 + x] === frame[y * 160 + x]) continue;
          if (first < 0) first = x;
          last = x;
        }
        from[y] = Math.max(first, 0);
        to[y] = first < 0 ? 0 : last + 1;
      }
      if (!prev) to.fill(0); // claims "nothing changed": must be ignored on the first call
      const expected = new AreaResizer(210, 160, 84, 84).resize(frame, new Uint8Array(84 * 84));
      expect(equalBytes(hinted.resizeChanged(frame, out, from, to), expected)).toBe(true);
      prev = frame;
    }
  });
});

describe('MaxAndSkipWarp guards', () => {
  it('needs an ALE base env with palette indices, and only observation-transparent wrappers in between', () => {
    const fake = new ScriptedAtariEnv({ screenHeight: 210, screenWidth: 160, episodes: [{ length: 10 }] });
    expect(() => new MaxAndSkipWarp(fake)).toThrow(WrapperConfigError);
    const env = makeEnv('CatcherNoFrameskip-v4');
    expect(() => new MaxAndSkipWarp(new ClipReward(env) as Env<Uint8Array>)).toThrow(/ClipReward/);
    expect(() => new MaxAndSkipWarp(makeEnv('ALE/Catcher-v5', { obs_type: 'grayscale' }) as Env<Uint8Array>)).toThrow();
    expect(() => new MaxAndSkipWarp(env as Env<Uint8Array>, 0)).toThrow(WrapperConfigError);
    expect(new MaxAndSkipWarp(env as Env<Uint8Array>).observationSpace.toString()).toBe('Box(0, 255, [84, 84], uint8)');
  });
});
