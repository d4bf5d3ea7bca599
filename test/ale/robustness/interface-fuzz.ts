/**
 * Fuzz of `ALEInterface`'s error paths. The interface identifies games by MD5 and refuses every other
 * image (as ALE does), so random ROMs end there in `UnsupportedRomError`; the emulator behind it is
 * fuzzed through `Machine` (fuzz-run.ts). Here each case throws one kind of bad input at the
 * interface — unknown, empty, corrupt-gzip, truncated and oversized images, unreadable paths, bad
 * actions, settings, RAM writes, buffers and damaged states — and checks that the answer is the
 * documented typed error, and that a game loaded before keeps working after the refusal.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import {
  ALEInterface,
  BufferSizeError,
  InvalidActionError,
  InvalidModeError,
  InvalidRomError,
  InvalidSettingValueError,
  RamIndexError,
  RomNotLoadedError,
  RomReadError,
  ScreenBufferSizeError,
  SettingTypeError,
  StateFormatError,
  UnknownSettingError,
  UnsupportedRomError,
} from '../../../src/ale/index.js';
import { CaseRandom, MAX_ROM_BYTES, type RealRom, RUNNABLE_SIZES } from './fuzz-corpus.js';
import { damage, isTypedError } from './fuzz-run.js';

type ErrorClass = abstract new (...args: never[]) => Error;

export interface InterfaceCaseResult {
  readonly index: number;
  /** What was thrown at the interface. */
  readonly probe: string;
  /**
   * `expected`: the documented answer (the typed error, or success); `typed-error`: a typed error,
   * but another class than documented; `crash`: an untyped error; `no-error`: bad input accepted.
   */
  readonly outcome: 'expected' | 'typed-error' | 'crash' | 'no-error';
  readonly errorName?: string;
  readonly message?: string;
  readonly ms: number;
}

/** A folder (not a file) and a path that does not exist, for the unreadable-file probes. */
const DIRECTORY_PATH = tmpdir();
const MISSING_PATH = join(tmpdir(), 'sobolev-fuzz-no-such-rom.bin');
/** gzip's magic bytes, which make the interface try to decompress the image. */
const GZIP_MAGIC = [0x1f, 0x8b] as const;
/** ALE's 18 actions are 0–17; the screen has 160 columns. */
const NUM_ACTIONS = 18;
const BAD_ACTIONS = [-1, NUM_ACTIONS, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31] as const;
const BAD_RAM_INDICES = [-1, 128, 0.5, Number.NaN] as const;
const BAD_RAM_VALUES = [-1, 256, 3.25, Number.NaN] as const;
/** Frames a game loaded before a refused probe must still run. */
const FRAMES_AFTER_PROBE = 4;

function errorInfo(err: unknown): { errorName: string; message: string } {
  if (err instanceof Error) return { errorName: err.constructor.name || err.name, message: err.message };
  return { errorName: typeof err, message: String(err) };
}

/** Runs `probe`, expecting it to throw `expected` (or to succeed when `expected` is null). */
function expectOutcome(
  probe: () => void,
  expected: ErrorClass | readonly ErrorClass[] | null,
): Pick<InterfaceCaseResult, 'outcome' | 'errorName' | 'message'> {
  const accepted = expected === null ? [] : Array.isArray(expected) ? expected : [expected];
  try {
    probe();
  } catch (err) {
    if (accepted.some((cls) => err instanceof cls)) return { outcome: 'expected', ...errorInfo(err) };
    return { outcome: isTypedError(err) ? 'typed-error' : 'crash', ...errorInfo(err) };
  }
  return expected === null ? { outcome: 'expected' } : { outcome: 'no-error' };
}

/**
 * Interface fuzz driver. `realRoms` (may be empty) are ALE's own ROMs: some cases load one so the
 * later probes hit a loaded game, and their truncations must be refused as unknown dumps.
 */
export class InterfaceFuzzer {
  private ale = new ALEInterface();
  private loaded = false;

  constructor(private readonly realRoms: readonly RealRom[]) {}

  /** Case `index` of corpus `seed`. */
  run(seed: number, index: number): InterfaceCaseResult {
    const rng = new CaseRandom((Math.imul(seed, 0x2545f491) ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
    const t0 = performance.now();
    const { probe, result } = this.probe(rng);
    let final = result;
    // A refusal must leave the previous game playable.
    if (this.loaded && final.outcome === 'expected') {
      const after = expectOutcome(() => {
        for (let f = 0; f < FRAMES_AFTER_PROBE; f++) this.ale.act(f % NUM_ACTIONS);
        this.ale.getRAM();
        this.ale.getScreenRGB();
      }, null);
      if (after.outcome !== 'expected')
        final = { ...after, message: `game unplayable after the probe: ${after.message}` };
    }
    return { index, probe, ...final, ms: performance.now() - t0 };
  }

  private probe(rng: CaseRandom): {
    probe: string;
    result: Pick<InterfaceCaseResult, 'outcome' | 'errorName' | 'message'>;
  } {
    const ale = this.ale;
    const choice = rng.below(this.realRoms.length > 0 ? 16 : 14);
    switch (choice) {
      case 0: {
        const bytes = rng.bytes(rng.pick(RUNNABLE_SIZES));
        return { probe: 'unknown ROM bytes', result: expectOutcome(() => ale.loadROM(bytes), UnsupportedRomError) };
      }
      case 1:
        return {
          probe: 'empty ROM',
          result: expectOutcome(() => ale.loadROM(new Uint8Array(0)), InvalidRomError),
        };
      case 2: {
        const bytes = rng.bytes(rng.between(2, 4096));
        bytes.set(GZIP_MAGIC);
        // A random gzip body is almost never valid; if it is, it decompresses to an unknown ROM.
        return {
          probe: 'corrupt gzip',
          result: expectOutcome(() => ale.loadROM(bytes), [InvalidRomError, UnsupportedRomError]),
        };
      }
      case 3: {
        const bytes = gzipSync(rng.bytes(rng.pick(RUNNABLE_SIZES)));
        return { probe: 'gzipped unknown ROM', result: expectOutcome(() => ale.loadROM(bytes), UnsupportedRomError) };
      }
      case 4:
        return {
          probe: 'gzipped empty ROM',
          result: expectOutcome(() => ale.loadROM(gzipSync(new Uint8Array(0))), InvalidRomError),
        };
      case 5:
        return { probe: 'missing ROM file', result: expectOutcome(() => ale.loadROM(MISSING_PATH), RomReadError) };
      case 6:
        return {
          probe: 'directory as ROM file',
          result: expectOutcome(() => ale.loadROM(DIRECTORY_PATH), RomReadError),
        };
      case 7: {
        const bytes = rng.bytes(MAX_ROM_BYTES + rng.between(1, 4096));
        return {
          probe: 'oversized ROM',
          result: expectOutcome(() => ale.loadROM(bytes), [InvalidRomError, UnsupportedRomError]),
        };
      }
      case 8: {
        const action = rng.pick(BAD_ACTIONS);
        return {
          probe: `act(${action})`,
          result: expectOutcome(() => ale.act(action), this.loaded ? InvalidActionError : RomNotLoadedError),
        };
      }
      case 9: {
        const bad = rng.chance(0.5)
          ? { index: rng.pick(BAD_RAM_INDICES), value: 0 }
          : { index: 0, value: rng.pick(BAD_RAM_VALUES) };
        return {
          probe: `setRAM(${bad.index}, ${bad.value})`,
          result: expectOutcome(
            () => ale.setRAM(bad.index, bad.value),
            this.loaded ? RamIndexError : RomNotLoadedError,
          ),
        };
      }
      case 10: {
        const style = rng.below(4);
        const probes: [string, () => void, ErrorClass][] = [
          ['setInt(unknown key)', () => ale.setInt('no_such_setting', 1), UnknownSettingError],
          ['setInt(float setting)', () => ale.setInt('repeat_action_probability', 1), SettingTypeError],
          ['setFloat(NaN)', () => ale.setFloat('repeat_action_probability', Number.NaN), InvalidSettingValueError],
          ['setInt(frame_skip, 0)', () => ale.setInt('frame_skip', 0), InvalidSettingValueError],
        ];
        const [name, fn, cls] = probes[style]!;
        return { probe: name, result: expectOutcome(fn, cls) };
      }
      case 11: {
        const wrong = new Uint8Array(rng.between(0, 1000));
        return {
          probe: 'getScreenRGB(wrong buffer)',
          // getScreen/getRAM answer BufferSizeError; the RGB conversion answers with the palette's own class.
          result: expectOutcome(
            () => ale.getScreenRGB(wrong),
            this.loaded ? [BufferSizeError, ScreenBufferSizeError] : RomNotLoadedError,
          ),
        };
      }
      case 12: {
        const bytes = rng.bytes(rng.between(0, 6000));
        return {
          probe: 'restoreState(random bytes)',
          result: expectOutcome(() => ale.restoreState(bytes), this.loaded ? StateFormatError : RomNotLoadedError),
        };
      }
      case 13: {
        if (!this.loaded) {
          return {
            probe: 'setMode before loadROM',
            result: expectOutcome(() => ale.setMode(rng.below(8)), RomNotLoadedError),
          };
        }
        // A damaged copy of a real state: refused, or accepted and then the game still runs.
        const state = ale.cloneState({ includeRng: rng.chance(0.5) });
        const damaged = damage(state, rng);
        return {
          probe: 'restoreState(damaged clone)',
          result: expectOutcome(() => {
            try {
              ale.restoreState(damaged);
            } catch (err) {
              if (!(err instanceof StateFormatError)) throw err;
            }
            for (let f = 0; f < FRAMES_AFTER_PROBE; f++) ale.act(0);
            ale.getScreen();
          }, null),
        };
      }
      case 14: {
        // A real ROM, loaded: later probes meet a game.
        const rom = rng.pick(this.realRoms);
        const result = expectOutcome(() => {
          const fresh = new ALEInterface();
          fresh.loadROM(rom.bytes, { name: rom.name });
          this.ale = fresh;
          this.loaded = true;
        }, null);
        // A game of the table may still refuse to start (its own typed error): that is an answer too.
        if (result.outcome === 'typed-error')
          return { probe: `load ${rom.name}`, result: { ...result, outcome: 'expected' } };
        return { probe: `load ${rom.name}`, result };
      }
      default: {
        const rom = rng.pick(this.realRoms);
        const cut = rom.bytes.subarray(0, rng.between(1, rom.bytes.length - 1));
        return {
          probe: `${rom.name} truncated to ${cut.length} bytes`,
          result: expectOutcome(() => ale.loadROM(cut, { name: rom.name }), [UnsupportedRomError, InvalidRomError]),
        };
      }
    }
  }

  /** Also check `setMode` with a mode the game lacks (used by the suite). */
  invalidMode(): Pick<InterfaceCaseResult, 'outcome' | 'errorName' | 'message'> {
    return expectOutcome(() => this.ale.setMode(-1), this.loaded ? InvalidModeError : RomNotLoadedError);
  }
}
