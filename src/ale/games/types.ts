/**
 * The contract between a game definition and the ALE layer that runs it.
 *
 * A definition is ALE's `RomSettings` for one cartridge, as data: which RAM
 * bytes hold the score, lives and end-of-game flags, which actions matter,
 * what must be pressed to start, and how modes are chosen. All per-episode
 * state lives in a `GameTracker`, one per emulator instance, so two emulators
 * can run the same game side by side.
 */

/** The 128 bytes of RIOT RAM, $80..$FF, indexed by `address & 0x7F`. */
export type Ram = Uint8Array;

/** Read access to the whole 6507 address space, like ALE's `readMappedRam`. */
export interface MappedMemory {
  /** Byte at `address` ($0000–$FFFF, mirrored as on the console), without side effects. */
  peek(address: number): number;
}

/**
 * What a game needs from the emulator to choose a mode (ALE's
 * `StellaEnvironmentWrapper` plus `readRam`). Every method runs frames the way
 * ALE does, so a mode switch takes the same frames as in the native ALE.
 */
export interface GameHost extends MappedMemory {
  /** RAM byte at `addr` ($80–$FF; masked with 0x7F like ALE's `readRam`). */
  readRam(addr: number): number;
  writeRam(addr: number, value: number): void;
  /**
   * ALE's `pressSelect(frames)`: hold SELECT for `frames` frames (default 1)
   * without calling the tracker, then emulate one NOOP frame that does call it.
   */
  pressSelect(frames?: number): void;
  /** ALE's `softReset()`: hold RESET for 4 frames, tracker stepped each frame. */
  softReset(): void;
  /**
   * ALE's `environment->act(action, PLAYER_B_NOOP)`: one full agent step
   * (paddle strength 1), with frame skip, sticky actions and the frame
   * counter, exactly as the native wrapper does.
   * Games whose menus need the joystick use it (Adventure, Berzerk, Double
   * Dunk, Video Cube). Returns the step's reward.
   */
  act(action: number): number;
  /** Next 32-bit draw of ALE's environment random generator (Adventure's level-3 shuffle). */
  nextRandom(): number;
}

/**
 * Per-emulator state of one game: ALE's `RomSettings` instance data.
 * The ALE layer calls `step` after every emulated frame (including those of
 * the reset sequence and mode selection), and `reset` where ALE's
 * `StellaEnvironment::reset` calls `m_settings->reset()`.
 */
export interface GameTracker {
  /** ALE's `RomSettings::reset`: back to the start-of-episode values. */
  reset(): void;
  /**
   * ALE's `RomSettings::step`, after one emulated frame. `ram` is the 128
   * bytes $80..$FF. `bus` is needed only by games with
   * `readsCartridgeRam` (Klax); others ignore it.
   */
  step(ram: Ram, bus?: MappedMemory): void;
  /** Reward of the most recent frame (ALE's `getReward`). */
  readonly reward: number;
  /** Whether the game is over (ALE's `isTerminal`, before truncation). */
  readonly terminal: boolean;
  /** ALE's `lives()`, with that game's own rule for what it reports when over. */
  readonly lives: number;
  /** Serialised state for `cloneState`; small and self-contained. */
  save(): Uint8Array;
  /** Restores a state from `save()` of a tracker of the same game. */
  load(state: Uint8Array): void;
}

export type Controller = 'joystick' | 'paddles';

export interface GameDefinition {
  /** ALE's snake_case id and ROM file stem, e.g. 'space_invaders'. */
  readonly id: string;
  /** Human name, e.g. 'Space Invaders'. */
  readonly name: string;
  /** Gymnasium's id, e.g. 'SpaceInvaders' (ale_py: `rom.title().replace('_', '')`). */
  readonly envName: string;
  /** File name ALE expects, e.g. 'space_invaders.bin'. */
  readonly romFile: string;
  /**
   * Known cartridge images of this game, ALE's own first (`aleMd5`), then
   * other public dumps (the atari-py ROM set) that native ALE also runs with
   * this definition (it matches them by file name, with an MD5 warning).
   */
  readonly md5: readonly string[];
  /** The MD5 ALE 0.12's `RomSettings::md5()` names. */
  readonly aleMd5: string;
  /** ALE's `getMinimalActionSet()`, in ascending id order. */
  readonly minimalActions: readonly number[];
  /**
   * ALE's `getLegalActionSet()`: all 18 ids except where the game forbids some
   * (Skiing, Lost Luggage forbid FIRE). ALE turns an illegal action into NOOP.
   */
  readonly legalActions: readonly number[];
  /** Actions ALE emulates, one frame each, at the end of every reset (may include `RESET_ACTION`). */
  readonly startingActions: readonly number[];
  /** ALE's `getAvailableModes()`. */
  readonly modes: readonly number[];
  /** The mode a fresh ALE uses: the first available one. */
  readonly defaultMode: number;
  /** ALE's `getAvailableDifficulties()`. */
  readonly difficulties: readonly number[];
  /**
   * The difficulty a fresh ALE uses. ALE's state always starts at 0, even
   * where 0 is not in `difficulties` (Backgammon lists only 3).
   */
  readonly defaultDifficulty: number;
  /** From the cartridge properties of `aleMd5`: paddles when either port is PADDLES. */
  readonly controller: Controller;
  /**
   * ALE's `paddle_max` override for this game (ALE's
   * `modifyEnvironmentSettings`: Backgammon, Blackjack); undefined keeps
   * ALE's default range.
   */
  readonly paddleMax?: number;
  /** The tracker reads cartridge RAM through `step`'s `bus` argument (Klax). */
  readonly readsCartridgeRam: boolean;
  /** A fresh tracker, already in its reset state. */
  createTracker(): GameTracker;
  /**
   * ALE's `RomSettings::setMode`, called on every reset with the current mode
   * (after `tracker.reset()`, before the final soft reset). Throws
   * `UnsupportedModeError` for a mode not in `modes`. `tracker` must come from
   * this definition's `createTracker` (a few games note the mode in it).
   */
  setMode(mode: number, host: GameHost, tracker: GameTracker): void;
}
