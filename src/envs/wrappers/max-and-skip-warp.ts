/**
 * MaxAndSkipWarp: SB3's `MaxAndSkipEnv(skip)` followed by `WarpFrame(width, height)`, computed from ALE's
 * palette-index screens instead of RGB frames. The result is the same bytes, at a fraction of the cost:
 * SB3 converts every frame to RGB, max-pools two RGB frames, converts to gray and resizes; here the two
 * frames MaxAndSkip keeps are copied as palette indices (1 byte per pixel), and
 * gray(max(rgb(a), rgb(b))) (OpenCV RGB2GRAY of the channel-wise max) comes from a 256×256 table of
 * palette-index pairs, built once with the same `rgbToGray`. The INTER_AREA resize is `AreaResizer`'s
 * arithmetic; lookup, resize and the detection of what changed since the previous step (only that is redone)
 * run in one WebAssembly kernel (preprocess/warp-kernel.ts).
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
import { finish, type Pieces, resetInPieces } from '../pieces.js';
import { rgbToGray } from '../preprocess/rgb-to-gray.js';
import { WarpKernel } from '../preprocess/warp-kernel.js';
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
export function grayMaxTable(): Uint8Array {
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
  private readonly ale: { getScreen(out: Uint8Array): Uint8Array; skipScreenOfNextAct?(): void };
  /**
   * MaxAndSkip's `_obs_buffer[0]` (repeat skip−2) and `[1]` (repeat skip−1) as palette indices, the reset
   * frame's, and the warp itself (only what changed since the previous warp is redone), in WebAssembly.
   */
  private readonly kernel: WarpKernel;

  constructor(env: Env<Uint8Array>, skip = 4, width = 84, height = 84) {
    super(env);
    if (!Number.isInteger(skip) || skip < 1) {
      throw new WrapperConfigError(`MaxAndSkipWarp: skip must be an integer ≥ 1, got ${skip}`);
    }
    const { ale } = screenSource(env);
    const { screenHeight, screenWidth } = env.unwrapped;
    this.skip = skip;
    this.ale = ale;
    this.kernel = new WarpKernel(screenHeight, screenWidth, height, width, grayMaxTable());
    this.observationSpace = new Box([height, width], 'uint8', 0, MAX_BYTE);
  }

  protected resetImpl(args: ResetArgs): ResetResult<Uint8Array> {
    return finish(this.resetImplInPieces(args));
  }

  protected override *resetImplInPieces(args: ResetArgs): Pieces<ResetResult<Uint8Array>> {
    const { info } = yield* resetInPieces(this.env, args);
    // The reset frame alone: gray(max(rgb(a), rgb(a))) = gray(rgb(a)).
    const { resetScreen } = this.kernel;
    this.ale.getScreen(resetScreen.bytes);
    return { obs: this.kernel.warp(resetScreen, resetScreen), info };
  }

  protected stepImpl(action: number): StepResult<Uint8Array> {
    const { skip, kernel } = this;
    let total = 0;
    let r: StepResult<Uint8Array> | undefined;
    for (let i = 0; i < skip; i++) {
      // MaxAndSkip looks at the last two frames only.
      if (i < skip - 2) this.ale.skipScreenOfNextAct?.();
      r = this.env.step(action);
      if (i === skip - 2) this.ale.getScreen(kernel.secondLast.bytes);
      if (i === skip - 1) this.ale.getScreen(kernel.last.bytes);
      total += r.reward;
      if (r.terminated || r.truncated) break;
    }
    const end = r!;
    // MaxAndSkip with skip 1 never writes its first slot: max(zeros, last) = last, as here.
    return {
      obs: kernel.warp(kernel.secondLast, kernel.last),
      reward: total,
      terminated: end.terminated,
      truncated: end.truncated,
      info: end.info,
    };
  }
}
