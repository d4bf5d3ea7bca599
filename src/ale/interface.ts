/**
 * `ALEInterface`: the Arcade Learning Environment's API (ALE 0.12, camelCase as in ALE's own WASM
 * build) over the WebAssembly Atari in src/ale/core.
 *
 * The semantics are ALE's `ALEInterface` + `StellaEnvironment` + `ALEState`:
 * - `loadROM` builds a fresh console (Stella `Console`: system generator seeded from
 *   `system_random_seed`, RIOT RAM randomised; 60 frames of format detection for AUTO-DETECT
 *   cartridges, then a system reset), seeds the environment generator from `random_seed`, and resets.
 * - A reset is: system reset, 60 NOOP frames, a soft reset (RESET held 4 frames), the game's
 *   `reset`, its mode selection, another soft reset, then its starting actions (one frame each).
 * - `act` runs `frame_skip` frames. Before each frame ALE draws twice from its mt19937 (player A,
 *   then player B): the new action replaces the previous one only when the draw is
 *   ≥ `repeat_action_probability` (sticky actions). A frame is not emulated once the episode is
 *   over; rewards are summed and clamped to [reward_min, reward_max].
 * - Frame numbers count only frames run by `act` (and one per SELECT press of a mode switch).
 *
 * Every instance owns its emulator, generators, settings and input events; instances share nothing.
 * Settings are read when a ROM is loaded, as in ALE.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'fflate';
import { cartTypeIdForRom } from './cart-types.js';
import { ConsoleInputs, ControllerEvents, PADDLE_MAX, PADDLE_MIN, PLAYER_B_NOOP, RESET } from './controls.js';
import {
  BufferSizeError,
  InvalidActionError,
  InvalidDifficultyError,
  InvalidModeError,
  InvalidRomError,
  InvalidSettingValueError,
  RamIndexError,
  RomNotLoadedError,
  RomReadError,
  StateFormatError,
} from './errors.js';
import { UnsupportedRomError } from './games/errors.js';
import { findGameByMd5, nearestRomFile } from './games/index.js';
import { type CartProperties, cartPropertiesForMd5 } from './games/properties.js';
import type { GameDefinition, GameHost, GameTracker } from './games/types.js';
import { indicesToGrayscale } from './grayscale.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { Machine, RAM_BYTES, SCREEN_WIDTH } from './machine.js';
import { indicesToRGB } from './palette.js';
import { environmentSeed, MT19937_STATE_BYTES, Mt19937 } from './rng.js';
import { AleSettings, type SettingsSnapshot } from './settings.js';

/** ALE `StellaEnvironment::reset`: NOOP frames after the system reset. */
const RESET_NOOP_FRAMES = 60;
/** ALE `m_num_reset_steps`: frames a soft reset holds the RESET switch. */
const SOFT_RESET_FRAMES = 4;
/** Stella `Console`: AUTO-DETECT runs 60 frames and calls the ROM PAL when ≥ 15 of frames 30–59 exceed 285 lines. */
const FORMAT_DETECT_FRAMES = 60;
const FORMAT_DETECT_SKIP = 30;
const FORMAT_DETECT_PAL_FRAMES = 15;
const PAL_SCANLINES_ABOVE = 285;
/** Stella: a PAL/SECAM ROM with the default height of 210 lines gets 250. */
const NTSC_HEIGHT = 210;
const PAL_HEIGHT = 250;
/** ALE's 18 player-A actions. */
const NUM_ACTIONS = 18;
const NOOP = 0;
const MAX_BYTE = 255;
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** State layout version; bump when the layout changes. */
const STATE_MAGIC = 0x53454c41; // 'ALES' little-endian
const STATE_VERSION = 1;
const STATE_FLAG_RNG = 1;
const MD5_BYTES = 16;
/** Magic (4), version (2), flags (2). */
const STATE_HEADER_BYTES = 8;
/** Frame number, episode frame number, mode, difficulty, left and right paddle. */
const STATE_INTS = 6;
/** Sticky actions' memory: player A and B actions (i32), their paddle strengths (f64). */
const STICKY_BYTES = 4 + 4 + 8 + 8;
const RANDOMNESS_BYTES = MT19937_STATE_BYTES + STICKY_BYTES;

export interface CloneStateOptions {
  /** Also save the environment generator (sticky actions), as ALE's `cloneState(true)`. Default false. */
  readonly includeRng?: boolean;
}

export interface LoadRomOptions {
  /** Name used in messages when `loadROM` gets bytes (default "the ROM"). */
  readonly name?: string;
  /**
   * The game definition to use instead of looking the MD5 up among ALE's games: how the project's
   * own games (e.g. Catcher) and user-defined games load.
   */
  readonly game?: GameDefinition;
}

/** Everything that exists only while a ROM is loaded: ALE's `StellaEnvironment` and its console. */
class Environment implements GameHost {
  readonly machine: Machine;
  readonly tracker: GameTracker;
  readonly inputs: ConsoleInputs;
  readonly rng: Mt19937;
  /** ALE `m_max_lives`: lives of a fresh game, for `truncate_on_loss_of_life`. */
  private readonly maxLives: number;
  private readonly legal: readonly boolean[];
  // ALEState members.
  frameNumber = 0;
  episodeFrameNumber = 0;
  mode: number;
  difficulty = 0;
  // The actions and paddle strengths sticky actions repeat (ALE `m_player_a_action`, …).
  private playerA = NOOP;
  private playerB = PLAYER_B_NOOP;
  private strengthA = 1;
  private strengthB = 1;

  constructor(
    readonly game: GameDefinition,
    readonly md5: string,
    readonly props: CartProperties,
    readonly settings: SettingsSnapshot,
    machine: Machine,
    inputs: ConsoleInputs,
  ) {
    this.machine = machine;
    this.inputs = inputs;
    if (this.inputs.usesPaddles) {
      this.inputs.setPaddleLimits(
        settings.paddleMin !== -1 ? settings.paddleMin : PADDLE_MIN,
        settings.paddleMax !== -1 ? settings.paddleMax : PADDLE_MAX,
      );
      this.inputs.resetPaddles();
    }
    this.rng = new Mt19937(environmentSeed(settings.randomSeed));
    this.mode = game.defaultMode;
    this.difficulty = game.defaultDifficulty;
    this.tracker = game.createTracker();
    this.maxLives = this.tracker.lives;
    const legal = new Array<boolean>(NUM_ACTIONS).fill(false);
    for (const a of game.legalActions) legal[a] = true;
    this.legal = legal;
    // Frames draw their pixels only when the caller's read pattern says the screen will be read.
    machine.setScreenPolicy('adaptive');
  }

  // --- ALE StellaEnvironment ------------------------------------------------------------------

  /** ALE `reset` (StellaEnvironment::reset). */
  reset(): void {
    for (const _frame of this.resetInPieces()) {
      // each piece is one frame
    }
  }

  /** `reset`, yielding after each frame (see `ALEInterface.resetGameInPieces`). */
  *resetInPieces(): Generator<void, void, void> {
    this.episodeFrameNumber = 0;
    if (this.inputs.usesPaddles) this.inputs.resetPaddles();
    this.machine.reset();
    // Only the last of the reset's frames can be seen; the others draw no pixels unless read.
    this.machine.setScreenPolicy('lazy');
    try {
      for (let f = 0; f < RESET_NOOP_FRAMES; f++) {
        this.emulate(NOOP, PLAYER_B_NOOP, 1, 1, 1);
        yield;
      }
      yield* this.softResetInPieces();
      this.tracker.reset();
      this.game.setMode(this.mode, this, this.tracker);
      yield;
      yield* this.softResetInPieces();
      for (const action of this.game.startingActions) {
        this.emulate(action, PLAYER_B_NOOP, 1, 1, 1);
        yield;
      }
    } finally {
      this.machine.setScreenPolicy('adaptive');
    }
  }

  softReset(): void {
    for (const _frame of this.softResetInPieces()) {
      // each piece is one frame
    }
  }

  private *softResetInPieces(): Generator<void, void, void> {
    for (let f = 0; f < SOFT_RESET_FRAMES; f++) {
      this.emulate(RESET, PLAYER_B_NOOP, 1, 1, 1);
      yield;
    }
    this.playerA = NOOP;
    this.playerB = PLAYER_B_NOOP;
  }

  pressSelect(frames = 1): void {
    this.inputs.pressSelect(this.difficulty);
    this.machine.setInputs(this.inputs.levelsNow());
    for (let t = 0; t < frames; t++) this.machine.runFrame();
    this.emulate(NOOP, PLAYER_B_NOOP, 1, 1, 1);
    this.frameNumber++;
    this.episodeFrameNumber++;
  }

  /** ALE `StellaEnvironment::act`: `frame_skip` frames with sticky actions. */
  actFrames(action: number, actionB: number, strengthA: number, strengthB: number, renderLast: boolean): number {
    const { frameSkip, repeatActionProbability: p } = this.settings;
    const rng = this.rng;
    let sum = 0;
    for (let i = 0; i < frameSkip; i++) {
      if (rng.nextDouble() >= p) {
        this.playerA = action;
        this.strengthA = strengthA;
      }
      if (rng.nextDouble() >= p) {
        this.playerB = actionB;
        this.strengthB = strengthB;
      }
      sum += this.oneStepAct(!renderLast || i === frameSkip - 1);
    }
    return Math.min(Math.max(sum, this.settings.rewardMin), this.settings.rewardMax);
  }

  /** ALE `oneStepAct`: nothing once the episode is over; illegal actions become NOOP. */
  private oneStepAct(render: boolean): number {
    if (this.isTerminal()) return 0;
    let a = this.playerA;
    if (a < PLAYER_B_NOOP ? !this.legal[a] : a === RESET) a = NOOP;
    let b = this.playerB;
    if (b < RESET ? !this.legal[b - PLAYER_B_NOOP] : b === RESET) b = PLAYER_B_NOOP;
    // A frame inside a frame-skip group draws no pixels; if it ends the episode it is the frame the
    // caller sees, and reading its screen runs it again with pixels (lazy screens, exact).
    if (!render) this.machine.hintNextFrameUnread();
    this.emulate(a, b, this.strengthA, this.strengthB, 1);
    this.frameNumber++;
    this.episodeFrameNumber++;
    return this.tracker.reward;
  }

  private applyInputs(a: number, b: number, strengthA: number, strengthB: number): void {
    if (this.inputs.usesPaddles) this.inputs.applyPaddles(a, strengthA, b, strengthB, this.difficulty);
    else this.inputs.applyJoysticks(a, b, this.difficulty);
    this.machine.setInputs(this.inputs.levelsNow());
  }

  /** ALE `emulate`: `frames` frames with these inputs, the game's `step` after each. */
  private emulate(a: number, b: number, strengthA: number, strengthB: number, frames: number): void {
    const { machine, tracker } = this;
    const bus = this.game.readsCartridgeRam ? machine : undefined;
    const paddles = this.inputs.usesPaddles;
    if (!paddles) this.applyInputs(a, b, strengthA, strengthB);
    for (let t = 0; t < frames; t++) {
      // Paddles move on every frame, so their inputs are applied per frame.
      if (paddles) this.applyInputs(a, b, strengthA, strengthB);
      machine.runFrame();
      tracker.step(machine.ram(), bus);
    }
  }

  isTerminal(): boolean {
    return this.tracker.terminal || this.isTruncated();
  }

  isTruncated(): boolean {
    const { maxNumFramesPerEpisode, truncateOnLossOfLife } = this.settings;
    if (maxNumFramesPerEpisode > 0 && this.episodeFrameNumber >= maxNumFramesPerEpisode) return true;
    return truncateOnLossOfLife && this.tracker.lives < this.maxLives;
  }

  // --- GameHost: what a game's mode switch may do ---------------------------------------------

  readRam(addr: number): number {
    return this.machine.ram()[addr & 0x7f]!;
  }

  writeRam(addr: number, value: number): void {
    this.machine.pokeRam(addr & 0x7f, value & MAX_BYTE);
  }

  peek(address: number): number {
    return this.machine.peek(address);
  }

  act(action: number): number {
    return this.actFrames(action, PLAYER_B_NOOP, 1, 1, false);
  }

  nextRandom(): number {
    return this.rng.next();
  }

  // --- What a state with the generator holds beyond ALE's -------------------------------------

  /** The generator, then the actions and paddle strengths sticky actions repeat. */
  saveRandomness(): Uint8Array {
    const out = new Uint8Array(RANDOMNESS_BYTES);
    const o = this.rng.saveStateInto(out, 0);
    const view = new DataView(out.buffer, o);
    view.setInt32(0, this.playerA, true);
    view.setInt32(4, this.playerB, true);
    view.setFloat64(8, this.strengthA, true);
    view.setFloat64(16, this.strengthB, true);
    return out;
  }

  loadRandomness(bytes: Uint8Array): void {
    const o = this.rng.loadState(bytes, 0);
    const view = new DataView(bytes.buffer, bytes.byteOffset + o, STICKY_BYTES);
    this.playerA = view.getInt32(0, true);
    this.playerB = view.getInt32(4, true);
    this.strengthA = view.getFloat64(8, true);
    this.strengthB = view.getFloat64(16, true);
  }
}

function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

function readRomFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    throw new RomReadError(
      `Cannot read the ROM file ${path}: ${(err as Error).message}. Check the path and permissions.`,
    );
  }
}

/** Stella opens ROMs with zlib's gzopen, so a gzip-compressed image loads as its contents. */
function gunzipIfCompressed(bytes: Uint8Array, describe: string): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (err) {
    throw new InvalidRomError(`${describe} looks gzip-compressed but does not decompress (${(err as Error).message}).`);
  }
}

export class ALEInterface {
  private readonly settings = new AleSettings();
  /** Stella's event table belongs to the program, not to one cartridge (it outlives `loadROM`). */
  private readonly events = new ControllerEvents();
  private env: Environment | undefined;

  // --- Settings -----------------------------------------------------------------------------

  setInt(key: string, value: number): void {
    this.settings.setInt(key, value);
  }
  setFloat(key: string, value: number): void {
    this.settings.setFloat(key, value);
  }
  setBool(key: string, value: boolean): void {
    this.settings.setBool(key, value);
  }
  setString(key: string, value: string): void {
    this.settings.setString(key, value);
  }
  getInt(key: string): number {
    return this.settings.getInt(key);
  }
  getFloat(key: string): number {
    return this.settings.getFloat(key);
  }
  getBool(key: string): boolean {
    return this.settings.getBool(key);
  }
  getString(key: string): string {
    return this.settings.getString(key);
  }

  // --- Loading ------------------------------------------------------------------------------

  /**
   * Loads a ROM (a file path or the image bytes), identifies the game by MD5, builds a fresh console
   * and resets the game. Reads the settings as they are now.
   */
  loadROM(rom: Uint8Array | string, options: LoadRomOptions = {}): void {
    const describe = typeof rom === 'string' ? rom : (options.name ?? 'the ROM');
    const fileName = typeof rom === 'string' ? basename(rom) : options.name;
    const bytes = gunzipIfCompressed(typeof rom === 'string' ? readRomFile(rom) : rom, describe);
    if (bytes.length === 0) throw new InvalidRomError(`${describe} is empty; pass an Atari 2600 ROM image.`);
    const md5 = md5Hex(bytes);
    const game = options.game ?? findGameByMd5(md5);
    if (!game) throw new UnsupportedRomError(md5, fileName, nearestRomFile(fileName ?? ''));

    // ALE `RomSettings::modifyEnvironmentSettings` changes the program's settings for good.
    if (game.paddleMax !== undefined) this.settings.setInt('paddle_max', game.paddleMax);
    const settings = this.settings.snapshot();
    if (settings.colorAveraging) {
      throw new InvalidSettingValueError(
        'Setting "color_averaging" is not supported by this emulator yet; set it to false and blend frames yourself.',
      );
    }
    this.settings.setString('rom_file', typeof rom === 'string' ? rom : '');

    const props = cartPropertiesForMd5(md5);
    const machine = new Machine();
    const explicitPal = props.displayFormat === 'PAL' || props.displayFormat === 'SECAM';
    const display = (pal: boolean) => ({
      yStart: props.yStart,
      height: palHeight(props.height, pal),
      pal,
      hmoveBlanks: props.hmoveBlanks,
    });
    // Stella's Console: power on (RIOT RAM and timer from the system generator), then a system reset.
    machine.insertCartridge(
      bytes,
      cartTypeIdForRom(md5, props.cartridgeType),
      display(explicitPal),
      settings.systemRandomSeed,
      describe,
    );
    // Stella's Switches and controllers belong to the console: built once per ROM.
    const inputs = new ConsoleInputs(props, this.events);
    if (props.displayFormat === 'AUTO-DETECT') {
      // The format detection runs 60 frames from that reset, then the console resets again.
      if (detectPal(machine, inputs)) machine.configureDisplay(display(true));
      machine.reset();
    }
    // Replace the previous game only once the new one is built.
    const env = new Environment(game, md5, props, settings, machine, inputs);
    this.env = undefined;
    env.reset();
    this.env = env;
  }

  private loaded(): Environment {
    if (!this.env) throw new RomNotLoadedError('No ROM is loaded; call loadROM(pathOrBytes) first.');
    return this.env;
  }

  /** The loaded game's definition. */
  get game(): GameDefinition {
    return this.loaded().game;
  }

  /** MD5 of the loaded ROM image. */
  get romMd5(): string {
    return this.loaded().md5;
  }

  // --- Stepping -----------------------------------------------------------------------------

  /**
   * Plays `action` (0 NOOP … 17 DOWNLEFTFIRE) for `frame_skip` frames and returns the summed,
   * clamped reward. Paddle games move the paddle by `paddleStrength` × ALE's step per frame.
   */
  act(action: number, paddleStrength = 1): number {
    const env = this.loaded();
    if (!Number.isInteger(action) || action < 0 || action >= NUM_ACTIONS) {
      throw new InvalidActionError(
        `Action ${action} is not an ALE action id; use an integer 0 (NOOP) … 17 (DOWNLEFTFIRE).`,
      );
    }
    if (!Number.isFinite(paddleStrength)) {
      throw new InvalidActionError(`paddleStrength must be a finite number, got ${paddleStrength}.`);
    }
    // ALEInterface::act sends player B a NOOP with paddle strength 0.
    return env.actFrames(action, PLAYER_B_NOOP, paddleStrength, 0, true);
  }

  resetGame(): void {
    this.loaded().reset();
  }

  /**
   * Not in ALE: `resetGame` as a generator that yields after each of the reset's frames, for callers that
   * must stay responsive during it (a vector env's calling thread). Running it to the end is exactly
   * `resetGame`; nothing else may use this instance until it ends.
   */
  resetGameInPieces(): Generator<void, void, void> {
    return this.loaded().resetInPieces();
  }

  /** Whether the episode is over: the game ended, or (with `withTruncation`) it was truncated. */
  gameOver(withTruncation = true): boolean {
    const env = this.loaded();
    return withTruncation ? env.isTerminal() : env.tracker.terminal;
  }

  gameTruncated(): boolean {
    return this.loaded().isTruncated();
  }

  lives(): number {
    return this.loaded().tracker.lives;
  }

  getFrameNumber(): number {
    return this.loaded().frameNumber;
  }

  getEpisodeFrameNumber(): number {
    return this.loaded().episodeFrameNumber;
  }

  // --- Observations -------------------------------------------------------------------------

  /** Screen height in lines (210 for NTSC games); the width is always 160. */
  getScreenHeight(): number {
    return this.loaded().machine.screenHeight;
  }

  getScreenWidth(): number {
    return SCREEN_WIDTH;
  }

  /** ALE's screen: height × 160 NTSC palette indices (even values 0–254), copied into `out` if given. */
  getScreen(out?: Uint8Array): Uint8Array {
    const screen = this.loaded().machine.screen();
    if (!out) return screen.slice();
    if (out.length !== screen.length) {
      throw new BufferSizeError(
        `getScreen: the buffer holds ${out.length} bytes; the screen has ${screen.length} pixels.`,
      );
    }
    out.set(screen);
    return out;
  }

  /** Height × 160 × 3 RGB bytes (interleaved), as ALE's `getScreenRGB`. */
  getScreenRGB(out?: Uint8Array): Uint8Array {
    return indicesToRGB(this.loaded().machine.screen(), out);
  }

  /** Height × 160 gray levels, as ALE's `getScreenGrayscale`. */
  getScreenGrayscale(out?: Uint8Array): Uint8Array {
    return indicesToGrayscale(this.loaded().machine.screen(), out);
  }

  /**
   * Not in ALE: the caller will not read the screen after the next `act` (a frame inside its own
   * frame-skip loop), so that frame draws no pixels. Reading it anyway is still exact, at the cost of
   * running the frame again. Without the hint, frames follow the read pattern the emulator learns.
   */
  skipScreenOfNextAct(): void {
    this.loaded().machine.hintNextFrameUnread();
  }

  /**
   * Not in ALE: frames run twice because their screen was read after all. Frames draw their pixels
   * only when the caller's read pattern says the screen will be read; a wrong guess costs one more
   * run of that frame (the screen is exact either way). A count close to the number of screens read
   * means the pattern is too irregular to learn.
   */
  lazyScreenReruns(): number {
    return this.loaded().machine.lazyScreenReruns();
  }

  /** The 128 bytes of RIOT RAM ($80–$FF), copied into `out` if given. */
  getRAM(out?: Uint8Array): Uint8Array {
    const ram = this.loaded().machine.ram();
    if (!out) return ram.slice();
    if (out.length !== RAM_BYTES)
      throw new BufferSizeError(`getRAM: the buffer holds ${out.length} bytes; RAM has 128.`);
    out.set(ram);
    return out;
  }

  /** Writes RAM byte `index` (0–127, i.e. $80 + index), as ALE's `setRAM`. */
  setRAM(index: number, value: number): void {
    const env = this.loaded();
    if (!Number.isInteger(index) || index < 0 || index >= RAM_BYTES) {
      throw new RamIndexError(`setRAM index ${index} is out of bounds; use 0–127 (addresses $80–$FF).`);
    }
    if (!Number.isInteger(value) || value < 0 || value > MAX_BYTE) {
      throw new RamIndexError(`setRAM value ${value} is not a byte; use an integer 0–255.`);
    }
    env.machine.pokeRam(index, value);
  }

  // --- Actions, modes, difficulties ---------------------------------------------------------

  getMinimalActionSet(): number[] {
    return [...this.loaded().game.minimalActions];
  }

  getLegalActionSet(): number[] {
    return [...this.loaded().game.legalActions];
  }

  getAvailableModes(): number[] {
    return [...this.loaded().game.modes];
  }

  /** Chooses the mode the next `resetGame()` starts (ALE applies it on reset). */
  setMode(mode: number): void {
    const env = this.loaded();
    if (!env.game.modes.includes(mode)) {
      throw new InvalidModeError(`${env.game.id} has no mode ${mode}; choose one of ${env.game.modes.join(', ')}.`);
    }
    env.mode = mode;
  }

  getMode(): number {
    return this.loaded().mode;
  }

  getAvailableDifficulties(): number[] {
    return [...this.loaded().game.difficulties];
  }

  /** Sets the difficulty switches from the next frame on (bit 0: left switch A, bit 1: right switch A). */
  setDifficulty(difficulty: number): void {
    const env = this.loaded();
    if (!env.game.difficulties.includes(difficulty)) {
      throw new InvalidDifficultyError(
        `${env.game.id} has no difficulty ${difficulty}; choose one of ${env.game.difficulties.join(', ')}.`,
      );
    }
    env.difficulty = difficulty;
  }

  getDifficulty(): number {
    return this.loaded().difficulty;
  }

  // --- State --------------------------------------------------------------------------------

  /**
   * The emulator and episode state as bytes: machine, game tracker, frame numbers, mode, difficulty,
   * paddles, and with `includeRng` the sticky-action generator. With the generator the state also
   * holds the actions sticky actions repeat, so a replay from it is exact; ALE 0.12 leaves those
   * out (a restored ALE repeats whatever it played last), which only matters with sticky actions.
   */
  cloneState(options: CloneStateOptions = {}): Uint8Array {
    const env = this.loaded();
    const machine = env.machine.saveState();
    const tracker = env.tracker.save();
    const rng = options.includeRng ? env.saveRandomness() : new Uint8Array(0);
    const header = STATE_HEADER_BYTES + MD5_BYTES + STATE_INTS * 4 + 4 + 4;
    const out = new Uint8Array(header + machine.length + tracker.length + rng.length);
    const view = new DataView(out.buffer);
    let o = 0;
    view.setUint32(o, STATE_MAGIC, true);
    view.setUint16(o + 4, STATE_VERSION, true);
    view.setUint16(o + 6, options.includeRng ? STATE_FLAG_RNG : 0, true);
    o += 8;
    out.set(hexToBytes(env.md5), o);
    o += MD5_BYTES;
    const { leftPaddle, rightPaddle } = env.inputs.paddlePositions();
    for (const v of [env.frameNumber, env.episodeFrameNumber, env.mode, env.difficulty, leftPaddle, rightPaddle]) {
      view.setInt32(o, v, true);
      o += 4;
    }
    view.setUint32(o, machine.length, true);
    view.setUint32(o + 4, tracker.length, true);
    o += 8;
    out.set(machine, o);
    o += machine.length;
    out.set(tracker, o);
    o += tracker.length;
    out.set(rng, o);
    return out;
  }

  /** Restores a state from `cloneState` of the same ROM (the generator too, if the state holds it). */
  restoreState(state: Uint8Array): void {
    const env = this.loaded();
    if (!(state instanceof Uint8Array) || state.length < STATE_HEADER_BYTES + MD5_BYTES + STATE_INTS * 4 + 8) {
      throw new StateFormatError('restoreState: not a state from cloneState() (too short).');
    }
    const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
    if (view.getUint32(0, true) !== STATE_MAGIC || view.getUint16(4, true) !== STATE_VERSION) {
      throw new StateFormatError('restoreState: not a state from cloneState() of this version (bad magic or version).');
    }
    const withRng = (view.getUint16(6, true) & STATE_FLAG_RNG) !== 0;
    let o = STATE_HEADER_BYTES;
    const md5 = bytesToHex(state.subarray(o, o + MD5_BYTES));
    if (md5 !== env.md5) {
      throw new StateFormatError(
        `restoreState: the state is of ROM ${md5}, the loaded ROM is ${env.md5}; load that ROM first.`,
      );
    }
    o += MD5_BYTES;
    const ints: number[] = [];
    for (let i = 0; i < STATE_INTS; i++, o += 4) ints.push(view.getInt32(o, true));
    const machineLength = view.getUint32(o, true);
    const trackerLength = view.getUint32(o + 4, true);
    o += 8;
    const rngLength = withRng ? RANDOMNESS_BYTES : 0;
    if (o + machineLength + trackerLength + rngLength !== state.length) {
      throw new StateFormatError(`restoreState: the state is truncated or padded (${state.length} bytes).`);
    }
    // Load all parts or none: a part that refuses its bytes puts the others back.
    const backup = { machine: env.machine.saveState(), tracker: env.tracker.save(), rng: env.saveRandomness() };
    try {
      env.machine.loadState(state.subarray(o, o + machineLength));
      o += machineLength;
      env.tracker.load(state.subarray(o, o + trackerLength));
      o += trackerLength;
      if (withRng) env.loadRandomness(state.subarray(o, o + rngLength));
    } catch (err) {
      env.machine.loadState(backup.machine);
      env.tracker.load(backup.tracker);
      env.loadRandomness(backup.rng);
      if (err instanceof Error && !(err instanceof StateFormatError)) {
        throw new StateFormatError(`restoreState: the state does not fit this game (${err.message}).`);
      }
      throw err;
    }
    const [frame, episodeFrame, mode, difficulty, left, right] = ints as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    env.frameNumber = frame;
    env.episodeFrameNumber = episodeFrame;
    env.mode = mode;
    env.difficulty = difficulty;
    env.inputs.restorePaddlePositions({ leftPaddle: left, rightPaddle: right });
  }
}

/** Stella: PAL/SECAM with the default height of 210 gets 250 lines. */
function palHeight(height: number, pal: boolean): number {
  return pal && height === NTSC_HEIGHT ? PAL_HEIGHT : height;
}

/** Stella `Console`'s format detection: 60 frames after a system reset, counting PAL-length frames. */
function detectPal(machine: Machine, inputs: ConsoleInputs): boolean {
  machine.setRendering(false);
  machine.setInputs(inputs.levelsNow());
  let palFrames = 0;
  for (let i = 0; i < FORMAT_DETECT_FRAMES; i++) {
    machine.runFrame();
    if (i >= FORMAT_DETECT_SKIP && machine.scanlines() > PAL_SCANLINES_ABOVE) palFrames++;
  }
  machine.setRendering(true);
  return palFrames >= FORMAT_DETECT_PAL_FRAMES;
}
