/**
 * Runs fuzz cases (fuzz-corpus.ts) through the emulator and classifies how each ended.
 *
 * `ALEInterface.loadROM` refuses every ROM whose MD5 is not one of ALE's games (by design, as ALE),
 * so random images cannot reach the emulator through it. The fuzz therefore drives `Machine`, the
 * layer `ALEInterface` builds for each ROM (insert cartridge with the property-derived cart type and
 * display, reset, run frames, read RAM and screen, save and load states), and separately fuzzes the
 * interface's own error paths (interface-fuzz.ts).
 *
 * Outcomes: `frames` (the image loaded and every frame ran), `typed-error` (a documented error class
 * of the ALE layer) or `crash` (anything else: a wasm trap `RuntimeError`, an `EmulatorCoreError`
 * from the core's abort, a TypeError/RangeError from the binding). Hangs are caught by the caller's
 * watchdog (bench/fuzz.ts runs cases in a worker; vitest's timeout in the suite).
 */

import { createHash } from 'node:crypto';
import type { InputLevels } from '../../../src/ale/controls.js';
import { type CoreExports, instantiateCore } from '../../../src/ale/core-binding.js';
import { AleError } from '../../../src/ale/errors.js';
import {
  MissingCartridgeBusError,
  ModeSelectError,
  TrackerStateError,
  UnsupportedModeError,
  UnsupportedRomError,
} from '../../../src/ale/games/errors.js';
import { Machine, type ScreenPolicy } from '../../../src/ale/machine.js';
import { ScreenBufferSizeError } from '../../../src/ale/palette.js';
import { CaseRandom, type FuzzCase, type FuzzKind } from './fuzz-corpus.js';

/** Issue 3: "runs 60 frames each". */
export const FRAMES_PER_CASE = 60;
/** Frames run after loading a corrupted state. */
const FRAMES_AFTER_CORRUPT_STATE = 5;
/** Inputs change every this many frames. */
const INPUT_PERIOD = 8;
/** Frame at which some cases press the console's power-on reset (Machine.reset) mid-run. */
const MID_RUN_RESET_FRAME = FRAMES_PER_CASE / 2;
const MID_RUN_RESET_SHARE = 0.1;
/**
 * Share of frames whose screen a case reads (and hashes into its digest), on a schedule of its own, so
 * that a target whose frames draw lazily must give the digest of one that draws every frame.
 */
const SCREEN_READ_SHARE = 0.15;
/** Seeds the read schedule apart from the inputs. */
const READ_SCHEDULE_SALT = 0x5bd1e995;
/** ALE's paddle resistances span roughly these ohms; joysticks leave the line open (never charges). */
const PADDLE_OHMS_MAX = 1_000_000;
const OPEN_LINE = 0x7fffffff;

/** `runFrame` results (src/ale/core/tia/tia.ts FRAME_*). */
export const FRAME_STATUS = { vsync: 0, scanlineCap: 1, partial: 2 } as const;

export type Outcome = 'frames' | 'typed-error' | 'crash';

export interface FrameCounts {
  /** Frames ended by VSYNC. */
  vsync: number;
  /** Frames cut by a TIA write past the scanline cap. */
  scanlineCap: number;
  /** Calls that hit the instruction cap (the frame continues on the next call). */
  partial: number;
}

export interface CaseResult {
  readonly index: number;
  readonly kind: FuzzKind;
  readonly note: string;
  readonly size: number;
  readonly outcome: Outcome;
  /** Error class name for typed errors and crashes. */
  readonly errorName?: string;
  readonly message?: string;
  /** Cart type the core chose (0 when refused). */
  readonly cartType: number;
  readonly frames: FrameCounts;
  /** Wall time of the whole case (load, frames, state checks), ms. */
  readonly ms: number;
  /** Bytes of the machine state after the frames (0 when refused). */
  readonly stateBytes: number;
  /** save → frame → load → frame gives the same RAM and screen: 'ok' | 'mismatch' | 'n/a'. */
  readonly roundTrip: 'ok' | 'mismatch' | 'n/a';
  /** The core's linear memory after the case. */
  readonly wasmBytes: number;
  /** Digest of RAM and screen after the last frame ('' when refused). */
  readonly digest: string;
}

/**
 * Error classes the ALE layer documents; anything else reaching the caller is a crash. Most derive
 * from AleError; the games' and the palette's errors derive from Error directly.
 */
const TYPED_ERRORS: readonly (abstract new (...args: never[]) => Error)[] = [
  AleError,
  UnsupportedRomError,
  UnsupportedModeError,
  ModeSelectError,
  TrackerStateError,
  MissingCartridgeBusError,
  ScreenBufferSizeError,
];

export function isTypedError(err: unknown): err is Error {
  return TYPED_ERRORS.some((cls) => err instanceof cls);
}

function describeError(err: unknown): { errorName: string; message: string } {
  if (err instanceof Error) return { errorName: err.constructor.name || err.name, message: err.message };
  return { errorName: typeof err, message: String(err) };
}

/** 32-bit FNV-1a over RAM then screen: enough to tell two runs apart. */
function digestOf(ram: Uint8Array, screen: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const bytes of [ram, screen]) {
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function randomLevels(rng: CaseRandom): InputLevels {
  const paddle = () => (rng.chance(0.5) ? OPEN_LINE : rng.below(PADDLE_OHMS_MAX));
  return {
    swcha: rng.u32() & 0xff,
    // Mostly no switch pressed (so RESET is not held all the time), sometimes anything.
    swchb: rng.chance(0.8) ? 0xff : rng.u32() & 0xff,
    inpt4: rng.below(2),
    inpt5: rng.below(2),
    resistance: [paddle(), paddle(), paddle(), paddle()],
  };
}

/** One emulator (wasm instance + Machine) the runner loads case after case into. */
export class FuzzTarget {
  readonly core: CoreExports;
  readonly machine: Machine;

  /**
   * @param core a core instance (default: a new one from build/ale/core.wasm)
   * @param screens when frames draw (src/ale/core/lazy-screen.ts): 'lazy' reruns every frame whose screen
   *   is read; the digests must not depend on it
   */
  constructor(core: CoreExports = instantiateCore(), screens: ScreenPolicy = 'eager') {
    this.core = core;
    this.machine = new Machine(core);
    this.machine.setScreenPolicy(screens);
  }

  get wasmBytes(): number {
    return this.core.memory.buffer.byteLength;
  }

  private runFrame(counts: FrameCounts): void {
    const status = this.core.runFrame!();
    if (status === FRAME_STATUS.vsync) counts.vsync++;
    else if (status === FRAME_STATUS.scanlineCap) counts.scanlineCap++;
    else counts.partial++;
  }

  private digest(): string {
    return digestOf(this.machine.ram(), this.machine.screen());
  }

  /**
   * Loads the case's image, runs FRAMES_PER_CASE frames with random inputs (a mid-run reset in some
   * cases), reads RAM and screen, then checks that a saved state replays the next frame identically.
   */
  run(c: FuzzCase, frames = FRAMES_PER_CASE): CaseResult {
    const counts: FrameCounts = { vsync: 0, scanlineCap: 0, partial: 0 };
    const base = { index: c.index, kind: c.kind, note: c.note, size: c.bytes.length };
    const t0 = performance.now();
    let loaded = false;
    let stateBytes = 0;
    let roundTrip: CaseResult['roundTrip'] = 'n/a';
    let digest = '';
    try {
      this.machine.insertCartridge(c.bytes, c.cartType, c.display, c.systemSeed, `fuzz case ${c.index} (${c.note})`);
      loaded = true;
      const inputs = new CaseRandom(c.inputSeed);
      const reads = new CaseRandom((c.inputSeed ^ READ_SCHEDULE_SALT) >>> 0);
      const screensRead = createHash('md5');
      const resetMidRun = inputs.chance(MID_RUN_RESET_SHARE);
      for (let f = 0; f < frames; f++) {
        if (f % INPUT_PERIOD === 0) this.machine.setInputs(randomLevels(inputs));
        if (resetMidRun && f === MID_RUN_RESET_FRAME) this.machine.reset();
        this.runFrame(counts);
        if (reads.chance(SCREEN_READ_SHARE)) screensRead.update(this.machine.screen());
      }
      digest = `${this.digest()}:${screensRead.digest('hex').slice(0, 16)}`;
      const state = this.machine.saveState();
      stateBytes = state.length;
      const scratch: FrameCounts = { vsync: 0, scanlineCap: 0, partial: 0 };
      this.runFrame(scratch);
      const first = this.digest();
      this.machine.loadState(state);
      this.runFrame(scratch);
      roundTrip = this.digest() === first ? 'ok' : 'mismatch';
      return {
        ...base,
        outcome: 'frames',
        cartType: this.core.cartType(),
        frames: counts,
        ms: performance.now() - t0,
        stateBytes,
        roundTrip,
        wasmBytes: this.wasmBytes,
        digest,
      };
    } catch (err) {
      return {
        ...base,
        // A typed error is an answer only to a bad image; after a successful load nothing may throw.
        outcome: !loaded && isTypedError(err) ? 'typed-error' : 'crash',
        ...describeError(err),
        cartType: loaded ? this.core.cartType() : 0,
        frames: counts,
        ms: performance.now() - t0,
        stateBytes,
        roundTrip,
        wasmBytes: this.wasmBytes,
        digest,
      };
    }
  }

  /**
   * Loads a damaged copy of the current machine state (bytes flipped, cut, extended or replaced),
   * then runs a few frames. Ending in StateFormatError or in frames is fine; anything else is a crash.
   */
  corruptState(rng: CaseRandom): { outcome: 'rejected' | 'accepted' | 'crash'; errorName?: string; message?: string } {
    let state: Uint8Array;
    try {
      state = this.machine.saveState();
    } catch (err) {
      return { outcome: 'crash', ...describeError(err) };
    }
    const damaged = damage(state, rng);
    let rejected = false;
    try {
      this.machine.loadState(damaged);
    } catch (err) {
      if (!isTypedError(err)) return { outcome: 'crash', ...describeError(err) };
      rejected = true;
    }
    try {
      const counts: FrameCounts = { vsync: 0, scanlineCap: 0, partial: 0 };
      for (let f = 0; f < FRAMES_AFTER_CORRUPT_STATE; f++) this.runFrame(counts);
      this.machine.screen();
      this.machine.ram();
    } catch (err) {
      return { outcome: 'crash', ...describeError(err) };
    }
    return { outcome: rejected ? 'rejected' : 'accepted' };
  }
}

/** A damaged copy of `state`. */
export function damage(state: Uint8Array, rng: CaseRandom): Uint8Array {
  switch (rng.below(4)) {
    case 0: {
      const out = state.slice();
      const flips = rng.between(1, 8);
      for (let i = 0; i < flips; i++) out[rng.below(out.length)]! ^= 1 << rng.below(8);
      return out;
    }
    case 1:
      return state.slice(0, rng.below(state.length));
    case 2: {
      const out = new Uint8Array(state.length + rng.between(1, 64));
      out.set(state);
      return out;
    }
    default: {
      const out = rng.bytes(state.length);
      // Keep the header-like start sometimes, so the loader gets past its first checks.
      if (rng.chance(0.5)) out.set(state.subarray(0, rng.below(state.length)));
      return out;
    }
  }
}
