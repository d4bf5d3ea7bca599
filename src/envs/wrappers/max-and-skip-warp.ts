/**
 * MaxAndSkipWarp: SB3's `MaxAndSkipEnv(skip)` followed by `WarpFrame(width, height)`, computed from ALE's
 * palette-index screens instead of RGB frames. The result is the same bytes, at a fraction of the cost:
 * SB3 converts every frame to RGB, max-pools two RGB frames, converts to gray and resizes; here the two
 * frames MaxAndSkip keeps are copied as palette indices (1 byte per pixel), and
 * gray(max(rgb(a), rgb(b))) (OpenCV RGB2GRAY of the channel-wise max) comes from a 256×256 table of
 * palette-index pairs, built once with the same `rgbToGray`. The INTER_AREA resize is the same `AreaResizer`.
 *
 * Exactness needs every observation of the inner env to be ALE's RGB screen at that moment, so the inner
 * chain may hold only wrappers that pass observations through untouched (`SCREEN_TRANSPARENT`), over a base
 * env whose `ale` has `getScreen` and whose observation is the RGB screen. The frame slots behave as
 * MaxAndSkip's: zero (black, palette index 0) until first written, kept across resets, and on an episode
 * that ends inside the skip, not refreshed (so the max may include frames of an earlier step, as in SB3).
 * `reset` returns the warped reset frame (MaxAndSkip passes the reset observation through).
 */
import { NTSC_PALETTE } from '../../ale/palette.js';
import { WrapperConfigError } from '../errors.js';
import { AreaResizer } from '../preprocess/area-resize.js';
import { rgbToGray } from '../preprocess/rgb-to-gray.js';
import { Box } from '../spaces.js';
import type { AleAccess, Env, ResetArgs, ResetResult, StepResult } from '../types.js';
import { Wrapper } from '../wrapper.js';
import { EpisodicLife } from './episodic-life.js';
import { NoopReset } from './noop-reset.js';
import { TimeLimit } from './time-limit.js';

const RGB_CHANNELS = 3;
const MAX_BYTE = 255;
const BYTE_VALUES = 256;
/** Screen byte → palette colour: bits 7–1 select one of 128 colours (the TIA ignores bit 0). */
const COLOUR_SHIFT = 1;
const WORD_BYTES = 4;

/** Wrappers whose observations are their inner env's, unchanged: allowed between this and the base env. */
export const SCREEN_TRANSPARENT: readonly (abstract new (...args: never[]) => Env)[] = Object.freeze([
  TimeLimit,
  NoopReset,
  EpisodicLife,
]);

/** table[a << 8 | b] = OpenCV RGB2GRAY of the channel-wise max of the colours of screen bytes a and b. */
function grayOfMaxTable(): Uint8Array {
  const rgb = new Uint8Array(BYTE_VALUES * BYTE_VALUES * RGB_CHANNELS);
  for (let a = 0; a < BYTE_VALUES; a++) {
    const ca = NTSC_PALETTE[a >>> COLOUR_SHIFT]!;
    for (let b = 0; b < BYTE_VALUES; b++) {
      const cb = NTSC_PALETTE[b >>> COLOUR_SHIFT]!;
      const k = ((a << 8) | b) * RGB_CHANNELS;
      rgb[k] = Math.max((ca >>> 16) & MAX_BYTE, (cb >>> 16) & MAX_BYTE);
      rgb[k + 1] = Math.max((ca >>> 8) & MAX_BYTE, (cb >>> 8) & MAX_BYTE);
      rgb[k + 2] = Math.max(ca & MAX_BYTE, cb & MAX_BYTE);
    }
  }
  return rgbToGray(rgb, new Uint8Array(BYTE_VALUES * BYTE_VALUES));
}

let sharedTable: Uint8Array | undefined;
/** The table is a pure function of the palette: built on first use, shared read-only by every instance. */
function grayMaxTable(): Uint8Array {
  sharedTable ??= grayOfMaxTable();
  return sharedTable;
}

/** Checks the inner chain: screen-transparent wrappers over a base env with an RGB screen and `getScreen`. */
function screenSource(env: Env): { ale: AleAccess & { getScreen(out: Uint8Array): Uint8Array }; pixels: number } {
  let e: Env = env;
  while (e instanceof Wrapper) {
    if (!SCREEN_TRANSPARENT.some((W) => e instanceof W)) {
      throw new WrapperConfigError(
        `MaxAndSkipWarp: ${e.constructor.name} between it and the base env may change observations; only ${SCREEN_TRANSPARENT.map((W) => W.name).join(', ')} may sit there`,
      );
    }
    e = e.env;
  }
  const base = env.unwrapped;
  if (e !== base) throw new WrapperConfigError('MaxAndSkipWarp: the inner chain does not end at env.unwrapped');
  base.observationSpace.expect('MaxAndSkipWarp (base env)', 'uint8', [
    base.screenHeight,
    base.screenWidth,
    RGB_CHANNELS,
  ]);
  const ale = base.ale;
  if (typeof ale.getScreen !== 'function') {
    throw new WrapperConfigError(
      'MaxAndSkipWarp: the base env has no ale.getScreen (palette indices); use MaxAndSkip and WarpFrame instead',
    );
  }
  return {
    ale: ale as AleAccess & { getScreen(out: Uint8Array): Uint8Array },
    pixels: base.screenHeight * base.screenWidth,
  };
}

export class MaxAndSkipWarp extends Wrapper<Uint8Array, Uint8Array> {
  readonly observationSpace: Box<'uint8'>;
  readonly skip: number;
  private readonly ale: { getScreen(out: Uint8Array): Uint8Array };
  private readonly table: Uint8Array;
  /** MaxAndSkip's `_obs_buffer[0]` (repeat skip−2) and `[1]` (repeat skip−1), as palette indices. */
  private readonly secondLast: Uint8Array;
  private readonly last: Uint8Array;
  /** The reset frame's palette indices. */
  private readonly resetScreen: Uint8Array;
  private readonly gray: Uint8Array;
  private readonly resizer: AreaResizer;
  private readonly out: Uint8Array;
  /** The index frames of the previous `warp`, to redo only what changed (AreaResizer.resizeChanged). */
  private readonly prevA: Uint8Array;
  private readonly prevB: Uint8Array;
  /** Per screen row, the pixel columns [colFrom, colTo) that changed since the previous `warp`. */
  private readonly colFrom: Int32Array;
  private readonly colTo: Int32Array;
  private readonly rowWords: number;
  private hasPrev = false;
  /** 32-bit views of the index frames and the gray frame (the same byte lanes in each). */
  private readonly words: {
    readonly secondLast: Uint32Array;
    readonly last: Uint32Array;
    readonly resetScreen: Uint32Array;
    readonly prevA: Uint32Array;
    readonly prevB: Uint32Array;
    readonly gray: Uint32Array;
  };

  constructor(env: Env<Uint8Array>, skip = 4, width = 84, height = 84) {
    super(env);
    if (!Number.isInteger(skip) || skip < 1) {
      throw new WrapperConfigError(`MaxAndSkipWarp: skip must be an integer ≥ 1, got ${skip}`);
    }
    const { ale, pixels } = screenSource(env);
    const { screenHeight, screenWidth } = env.unwrapped;
    this.skip = skip;
    this.ale = ale;
    this.table = grayMaxTable();
    if (screenWidth % WORD_BYTES !== 0) {
      throw new WrapperConfigError(`MaxAndSkipWarp: screen width ${screenWidth} is not a multiple of 4`);
    }
    this.secondLast = new Uint8Array(pixels);
    this.last = new Uint8Array(pixels);
    this.resetScreen = new Uint8Array(pixels);
    this.gray = new Uint8Array(pixels);
    this.prevA = new Uint8Array(pixels);
    this.prevB = new Uint8Array(pixels);
    this.colFrom = new Int32Array(screenHeight);
    this.colTo = new Int32Array(screenHeight);
    this.rowWords = screenWidth / WORD_BYTES;
    this.words = {
      secondLast: words(this.secondLast),
      last: words(this.last),
      resetScreen: words(this.resetScreen),
      prevA: words(this.prevA),
      prevB: words(this.prevB),
      gray: words(this.gray),
    };
    this.resizer = new AreaResizer(screenHeight, screenWidth, height, width);
    this.observationSpace = new Box([height, width], 'uint8', 0, MAX_BYTE);
    this.out = this.observationSpace.allocate();
  }

  protected resetImpl(args: ResetArgs): ResetResult<Uint8Array> {
    const { info } = this.env.reset(args);
    // The reset frame alone: gray(max(rgb(a), rgb(a))) = gray(rgb(a)).
    this.ale.getScreen(this.resetScreen);
    return { obs: this.warp(this.words.resetScreen, this.words.resetScreen), info };
  }

  protected stepImpl(action: number): StepResult<Uint8Array> {
    const { skip } = this;
    let total = 0;
    let r: StepResult<Uint8Array> | undefined;
    for (let i = 0; i < skip; i++) {
      r = this.env.step(action);
      if (i === skip - 2) this.ale.getScreen(this.secondLast);
      if (i === skip - 1) this.ale.getScreen(this.last);
      total += r.reward;
      if (r.terminated || r.truncated) break;
    }
    const end = r!;
    // MaxAndSkip with skip 1 never writes its first slot: max(zeros, last) = last, as here.
    return {
      obs: this.warp(this.words.secondLast, this.words.last),
      reward: total,
      terminated: end.terminated,
      truncated: end.truncated,
      info: end.info,
    };
  }

  /**
   * INTER_AREA of gray(max(rgb(a), rgb(b))), pixel by pixel from the pair table, four pixels per 32-bit
   * word (the same byte lanes in a, b and gray, so the byte order of the platform does not matter). Only
   * the columns where a or b differ from the previous call's are converted, and the resizer redoes only
   * the output over them.
   */
  private warp(aw: Uint32Array, bw: Uint32Array): Uint8Array {
    const { table, rowWords, colFrom, colTo } = this;
    const { prevA: pa, prevB: pb, gray: gw } = this.words;
    const first = !this.hasPrev;
    for (let row = 0; row < colFrom.length; row++) {
      const start = row * rowWords;
      const end = start + rowWords;
      let i = start;
      let j = end - 1;
      if (!first) {
        while (i < end && aw[i] === pa[i] && bw[i] === pb[i]) i++;
        if (i === end) {
          colFrom[row] = 0;
          colTo[row] = 0;
          continue;
        }
        while (aw[j] === pa[j] && bw[j] === pb[j]) j--;
      }
      colFrom[row] = (i - start) * WORD_BYTES;
      colTo[row] = (j + 1 - start) * WORD_BYTES;
      for (let k = i; k <= j; k++) {
        const x = aw[k]!;
        const y = bw[k]!;
        pa[k] = x;
        pb[k] = y;
        gw[k] =
          (table[((x & 0xff) << 8) | (y & 0xff)]! |
            (table[(x & 0xff00) | ((y >>> 8) & 0xff)]! << 8) |
            (table[((x >>> 8) & 0xff00) | ((y >>> 16) & 0xff)]! << 16) |
            (table[((x >>> 16) & 0xff00) | (y >>> 24)]! << 24)) >>>
          0;
      }
    }
    this.hasPrev = true;
    return this.resizer.resizeChanged(this.gray, this.out, colFrom, colTo);
  }
}

/** A 32-bit view of a buffer this wrapper owns (offset 0, a whole number of words). */
function words(a: Uint8Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length / WORD_BYTES);
}
