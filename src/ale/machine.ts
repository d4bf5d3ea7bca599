/**
 * One Atari 2600 as the ALE layer drives it: the wasm core (src/ale/core) behind a small typed surface
 * in Stella's terms — insert a cartridge (which builds and resets the console), `System::reset`, run
 * one frame (`TIA::update`), set the input pins, read RAM and the screen, save and load the machine.
 * Memory views are re-derived when the core's memory grows or the TIA swaps frame buffers, so callers
 * never hold stale views.
 */
import { cartLoadError } from './cart-types.js';
import type { InputLevels } from './controls.js';
import { type CoreExports, EmulatorCoreError, instantiateCore } from './core-binding.js';
import { DisplayConfigError, InvalidRomError, StateFormatError } from './errors.js';

/** ALE's screen width: 160 pixels per line (TIA visible colour clocks). */
export const SCREEN_WIDTH = 160;
/** RIOT RAM ($80–$FF). */
export const RAM_BYTES = 128;

/** Slots of `Machine.sent`: SWCHA, SWCHB, INPT4, INPT5, then the four paddle resistances. */
const SENT_SWCHA = 0;
const SENT_SWCHB = 1;
const SENT_INPT4 = 2;
const SENT_INPT5 = 3;
const SENT_RESISTANCE = 4;
const PADDLE_INPUTS = 4;
const SENT_SLOTS = SENT_RESISTANCE + PADDLE_INPUTS;

/** When frames draw their pixels (codes of the core's `setScreenPolicy`). */
export type ScreenPolicy = 'eager' | 'adaptive' | 'lazy';
const SCREEN_POLICY_CODES: Record<ScreenPolicy, number> = { eager: 0, adaptive: 1, lazy: 2 };

/** The core exports the ALE layer needs beyond the skeleton ABI. */
const REQUIRED_EXPORTS = [
  'setSystemRandomSeed',
  'setPortAPins',
  'setConsoleSwitches',
  'setFireButton',
  'setPaddleResistance',
  'setDisplay',
  'setRendering',
  'setScreenPolicy',
  'settleScreen',
  'hintNextFrameUnread',
  'lazyScreenReruns',
  'runFrame',
  'scanlines',
  'screenHeight',
  'stateBufferPointer',
  'stateBufferCapacity',
  'saveState',
  'loadState',
] as const;

type Required<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };
type AleCore = Required<CoreExports, (typeof REQUIRED_EXPORTS)[number]>;

/** Display settings from the cartridge properties (Stella `Display.*`, `Emulation.HmoveBlanks`). */
export interface DisplayConfig {
  readonly yStart: number;
  readonly height: number;
  readonly pal: boolean;
  readonly hmoveBlanks: boolean;
}

function checkExports(core: CoreExports): AleCore {
  const missing = REQUIRED_EXPORTS.filter((name) => typeof core[name] !== 'function');
  if (missing.length > 0) {
    throw new EmulatorCoreError(
      `the emulator core does not export ${missing.join(', ')}, which the ALE interface needs; ` +
        'rebuild it with `npm run build:core` (if the build is current, the core is not finished yet)',
    );
  }
  return core as AleCore;
}

export class Machine {
  private readonly core: AleCore;
  private buffer: ArrayBuffer;
  private ramView = new Uint8Array(0);
  private screenView = new Uint8Array(0);
  private screenPointer = -1;
  /**
   * Views of the screen buffers by pointer: the TIA double-buffers, so the screen alternates between two
   * buffers, and reading it every frame makes no new view.
   */
  private readonly screenViews = new Map<number, Uint8Array<ArrayBuffer>>();
  /** Last levels sent (SENT_* slots), to skip unchanged pins; -1: unknown, send the next value. */
  private readonly sent = new Float64Array(SENT_SLOTS).fill(-1);

  constructor(core: CoreExports = instantiateCore()) {
    this.core = checkExports(core);
    this.buffer = core.memory.buffer;
    this.refreshViews();
  }

  private refreshViews(): void {
    const core = this.core;
    this.buffer = core.memory.buffer;
    this.ramView = new Uint8Array(this.buffer, core.ramPointer(), RAM_BYTES);
    this.screenPointer = core.screenPointer();
    this.screenView = new Uint8Array(this.buffer, this.screenPointer, core.screenHeight() * SCREEN_WIDTH);
    this.screenViews.clear();
    this.screenViews.set(this.screenPointer, this.screenView);
  }

  /**
   * Inserts a cartridge: the core seeds its generator with `systemSeed`, powers the console on (RIOT
   * RAM and timer from the generator) and resets it, as Stella's `Console` constructor does.
   * `cartType` 0 lets the core detect the scheme. Throws `InvalidRomError` when the core refuses the image.
   */
  insertCartridge(
    rom: Uint8Array,
    cartType: number,
    display: DisplayConfig,
    systemSeed: number,
    describe: string,
  ): void {
    const core = this.core;
    if (rom.length === 0) throw new InvalidRomError(`${describe} is empty; pass the bytes of an Atari 2600 ROM image.`);
    if (rom.length > core.romStagingCapacity()) {
      throw new InvalidRomError(
        `${describe} has ${rom.length} bytes, more than the ${core.romStagingCapacity()} bytes of any Atari 2600 cartridge; is it a ROM image?`,
      );
    }
    new Uint8Array(core.memory.buffer, core.romStagingPointer(), rom.length).set(rom);
    core.setSystemRandomSeed(systemSeed >>> 0);
    this.configureDisplay(display);
    const result = core.loadRom(rom.length, cartType);
    if (result < 0) {
      throw cartLoadError(result, {
        describe,
        size: rom.length,
        capacity: core.romStagingCapacity(),
        chosenType: core.chosenCartType(),
        requestedType: cartType,
      });
    }
    this.forgetSentInputs();
    this.refreshViews();
  }

  /** Display settings, applied by the next reset. */
  configureDisplay(display: DisplayConfig): void {
    const applied = this.core.setDisplay(
      display.yStart,
      display.height,
      display.pal ? 1 : 0,
      display.hmoveBlanks ? 1 : 0,
    );
    if (!applied) {
      throw new DisplayConfigError(
        `the emulator core refused the display window (first line ${display.yStart}, height ${display.height}); ` +
          'check the game definition or the Display.YStart/Display.Height properties given for this ROM.',
      );
    }
  }

  /** Stella `System::reset`: every chip and the cartridge, then the CPU's reset vector. */
  reset(): void {
    this.core.reset();
    this.forgetSentInputs();
    this.refreshViews();
  }

  /** After a reset or a state load the core's pins are not assumed to hold what was sent. */
  private forgetSentInputs(): void {
    this.sent.fill(-1);
  }

  /** Stella `TIA::update`: runs the CPU until the frame ends (or the per-frame cap). */
  runFrame(): void {
    this.core.runFrame();
  }

  /** Stella `TIA::scanlines()`: lines since the current frame started (after `runFrame`, the frame's length). */
  scanlines(): number {
    return this.core.scanlines();
  }

  /** Whether frames draw pixels; collisions and timing are the same either way. */
  setRendering(on: boolean): void {
    this.core.setRendering(on ? 1 : 0);
  }

  /** Sends the pin levels the chips will read during the next frames (only those that changed). */
  setInputs(levels: InputLevels): void {
    const core = this.core;
    const sent = this.sent;
    if (levels.swcha !== sent[SENT_SWCHA]) {
      sent[SENT_SWCHA] = levels.swcha;
      core.setPortAPins(levels.swcha);
    }
    if (levels.swchb !== sent[SENT_SWCHB]) {
      sent[SENT_SWCHB] = levels.swchb;
      core.setConsoleSwitches(levels.swchb);
    }
    if (levels.inpt4 !== sent[SENT_INPT4]) {
      sent[SENT_INPT4] = levels.inpt4;
      core.setFireButton(0, levels.inpt4 ? 0 : 1);
    }
    if (levels.inpt5 !== sent[SENT_INPT5]) {
      sent[SENT_INPT5] = levels.inpt5;
      core.setFireButton(1, levels.inpt5 ? 0 : 1);
    }
    for (let i = 0; i < PADDLE_INPUTS; i++) {
      const r = levels.resistance[i]!;
      if (r !== sent[SENT_RESISTANCE + i]) {
        sent[SENT_RESISTANCE + i] = r;
        core.setPaddleResistance(i, r);
      }
    }
  }

  /** Live view of RIOT RAM ($80–$FF); read it before the next call into the core. */
  ram(): Uint8Array {
    if (this.core.memory.buffer !== this.buffer) this.refreshViews();
    return this.ramView;
  }

  /**
   * Which frames draw pixels while they run (`screen()` is exact under every policy; see
   * src/ale/core/lazy-screen.ts): all of them, those whose screen the read pattern expects to be
   * read, or none until read.
   */
  setScreenPolicy(policy: ScreenPolicy): void {
    this.core.setScreenPolicy(SCREEN_POLICY_CODES[policy]);
  }

  /** The next frame's screen will not be read (it runs without pixels; exact if read after all). */
  hintNextFrameUnread(): void {
    this.core.hintNextFrameUnread();
  }

  /** Frames run twice because their screen was read after they ran without pixels. */
  lazyScreenReruns(): number {
    return this.core.lazyScreenReruns();
  }

  /** Live view of ALE's screen buffer (height × 160 palette indices): the frame finished last. */
  screen(): Uint8Array {
    this.core.settleScreen();
    // The TIA double-buffers: each frame may finish in the other buffer.
    if (this.core.memory.buffer !== this.buffer) this.refreshViews();
    const pointer = this.core.screenPointer();
    if (pointer !== this.screenPointer) {
      let view = this.screenViews.get(pointer);
      if (!view) {
        view = new Uint8Array(this.buffer, pointer, this.screenView.length);
        this.screenViews.set(pointer, view);
      }
      this.screenView = view;
      this.screenPointer = pointer;
    }
    return this.screenView;
  }

  get screenHeight(): number {
    return this.core.screenHeight();
  }

  /** Stella `System::poke` of a RIOT RAM byte (no cycles, no other side effects). */
  pokeRam(index: number, value: number): void {
    this.ram()[index] = value;
  }

  /** Side-effect-free read anywhere in the 6507's address space. */
  peek(address: number): number {
    return this.core.peek(address & 0xffff);
  }

  private saveIntoCore(): number {
    const length = this.core.saveState();
    if (length < 0) throw new EmulatorCoreError('the machine state does not fit the core’s state buffer');
    return length;
  }

  /** The whole machine state (chips, cartridge, system generator, cycle counter). */
  saveState(): Uint8Array {
    const length = this.saveIntoCore();
    return new Uint8Array(this.core.memory.buffer, this.core.stateBufferPointer(), length).slice();
  }

  loadState(bytes: Uint8Array): void {
    const core = this.core;
    if (bytes.length > core.stateBufferCapacity()) {
      throw new StateFormatError(`machine state of ${bytes.length} bytes is larger than any state of this emulator`);
    }
    new Uint8Array(core.memory.buffer, core.stateBufferPointer(), bytes.length).set(bytes);
    if (core.loadState(bytes.length) !== 0) {
      throw new StateFormatError(
        'the emulator core rejected the machine state; restore a state cloned from the same ROM',
      );
    }
    this.forgetSentInputs();
    this.refreshViews();
  }
}
