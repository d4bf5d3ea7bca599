/**
 * Runs a 2600 cartridge image headless in 6502.ts, the TypeScript emulation
 * core of the Stellerator emulator: an implementation independent of ours,
 * used to cross-check the homebrew game (frame timing, picture, rules).
 *
 * 6502.ts ships CommonJS modules whose default export sits on `.default`, so
 * they are loaded with `createRequire`; the types come from its .d.ts files.
 */
import { createRequire } from 'node:module';
import type * as BoardModule from '6502.ts/lib/machine/stella/Board.js';
import type * as ConfigModule from '6502.ts/lib/machine/stella/Config.js';
import type * as Cartridge4kModule from '6502.ts/lib/machine/stella/cartridge/Cartridge4k.js';
import type * as PaletteModule from '6502.ts/lib/machine/stella/tia/palette.js';
import type * as SurfaceModule from '6502.ts/lib/video/surface/ArrayBufferSurface.js';

const require = createRequire(import.meta.url);
const Board = (require('6502.ts/lib/machine/stella/Board.js') as typeof BoardModule.default).default;
const Config = (require('6502.ts/lib/machine/stella/Config.js') as typeof ConfigModule.default).default;
const Cartridge4k = (require('6502.ts/lib/machine/stella/cartridge/Cartridge4k.js') as typeof Cartridge4kModule.default)
  .default;
const ArrayBufferSurface = (require('6502.ts/lib/video/surface/ArrayBufferSurface.js') as typeof SurfaceModule.default)
  .default;
/** 6502.ts's NTSC palette: 128 ABGR words, indexed by colour value >> 1. */
export const NTSC_RGBA: Uint32Array = (
  require('6502.ts/lib/machine/stella/tia/palette.js') as typeof PaletteModule.default
).NTSC;

type BoardInstance = InstanceType<typeof Board>;

/** TIA: 228 colour clocks per line, 3 per CPU cycle, so 76 CPU cycles per line. */
export const CYCLES_PER_LINE = 76;
const COLOR_CLOCKS_PER_LINE = 228;
/** 6502.ts's `Config.TvMode.ntsc`. */
const TV_MODE_NTSC = 0;
/** A frame longer than this many lines means the ROM lost VSYNC: stop rather than hang. */
const MAX_LINES_PER_FRAME = 600;
/** TIA write registers (Stella Programmer's Guide), as seen by the harness. */
const TIA_VSYNC = 0x00;
const TIA_VBLANK = 0x01;
const TIA_REGISTER_MASK = 0x3f;
/** Bit 1 of VSYNC/VBLANK turns the signal on. */
const SIGNAL_ON = 0x02;
/** A 2600 address selects the TIA when A12 and A7 are both low. */
const TIA_SELECT_MASK = 0x1080;
/** RIOT: INTIM is read at $284 (A9 and A2 high, A0 low; mirrors masked off). */
const RIOT_TIMER_READ = 0x284;
const RIOT_TIMER_READ_MASK = 0x1285;
const RAM_BASE = 0x80;
const RAM_SIZE = 128;

export class StellaHarnessError extends Error {
  override name = 'StellaHarnessError';
}

/** Line numbers (0 = the VSYNC line) of one frame's signals, as 6502.ts saw them. */
export interface FrameTiming {
  /** CPU cycles from this frame's VSYNC to the next one. */
  readonly cycles: number;
  readonly vsyncOffLine: number;
  readonly vblankOffLine: number;
  readonly vblankOnLine: number;
  /** Line of the first INTIM read after VSYNC: where the VBLANK logic ended and the wait for the timer began. */
  readonly timerWaitLine: number;
}

export interface JoystickInput {
  readonly left?: boolean;
  readonly right?: boolean;
  readonly fire?: boolean;
  /** The console RESET switch. */
  readonly reset?: boolean;
}

interface BusLike {
  read(address: number): number;
  write(address: number, value: number): void;
  peek(address: number): number;
}

export class StellaHarness {
  /** Timing of every completed frame since creation. */
  readonly timings: FrameTiming[] = [];
  /** The last frame 6502.ts rendered: ABGR words, 160 per line. */
  screen: Uint32Array | undefined;
  readonly screenWidth: number;
  readonly screenHeight: number;

  private vsyncOn = false;
  private vblankOn = false;
  private frameDone = false;
  private vsyncCycle = -1;
  private marks = { vsyncOff: -1, vblankOff: -1, vblankOn: -1, timerWait: -1 };
  private readonly clockHz: number;

  private constructor(
    private readonly board: BoardInstance,
    render: boolean,
  ) {
    const config = board.getConfig();
    this.clockHz = Config.getClockHz(config);
    const video = board.getVideoOutput();
    this.screenWidth = video.getWidth();
    this.screenHeight = video.getHeight();
    if (render) {
      // Without a surface 6502.ts skips drawing, which makes it markedly faster.
      const bytes = this.screenWidth * this.screenHeight * 4;
      const surface = ArrayBufferSurface.createFromArrayBuffer(
        this.screenWidth,
        this.screenHeight,
        new ArrayBuffer(bytes),
      );
      video.setSurfaceFactory(() => surface);
      video.newFrame.addHandler((frame) => {
        this.screen = Uint32Array.from(frame.getBuffer() as ArrayLike<number>);
      });
    }
    this.watchSignals(board.getBus() as unknown as BusLike);
    board.boot();
  }

  /**
   * Boots `rom` (a 4K image) on an NTSC console. `seed` fixes 6502.ts's
   * power-on randomness; `render` keeps each frame's picture in `screen`.
   */
  static create(rom: Uint8Array, { seed = 0, render = true }: { seed?: number; render?: boolean } = {}): StellaHarness {
    const cartridge = new Cartridge4k(rom);
    const config = Config.create({
      tvMode: TV_MODE_NTSC,
      enableAudio: false,
      emulatePaddles: false,
      randomSeed: seed,
    });
    return new StellaHarness(new Board(config, cartridge), render);
  }

  private cpuCycle(): number {
    // Board.getCpuTime() is cycles / clockHz * 3 (seconds of CPU time).
    return Math.round((this.board.getCpuTime() * this.clockHz) / 3);
  }

  private watchSignals(bus: BusLike): void {
    const read = bus.read.bind(bus);
    bus.read = (address: number) => {
      if (this.marks.timerWait < 0 && this.vsyncCycle >= 0 && (address & RIOT_TIMER_READ_MASK) === RIOT_TIMER_READ) {
        this.marks.timerWait = this.lineOf(this.cpuCycle());
      }
      return read(address);
    };
    const write = bus.write.bind(bus);
    bus.write = (address: number, value: number) => {
      write(address, value);
      if ((address & TIA_SELECT_MASK) !== 0) return;
      const register = address & TIA_REGISTER_MASK;
      if (register === TIA_VSYNC) this.onVsync((value & SIGNAL_ON) !== 0);
      else if (register === TIA_VBLANK) this.onVblank((value & SIGNAL_ON) !== 0);
    };
  }

  /** Line of `cycle`, counting the VSYNC line as 0; writes land a few cycles into a line, so round. */
  private lineOf(cycle: number): number {
    return Math.round((cycle - this.vsyncCycle) / CYCLES_PER_LINE);
  }

  private onVsync(on: boolean): void {
    if (on === this.vsyncOn) return;
    this.vsyncOn = on;
    const now = this.cpuCycle();
    if (!on) {
      this.marks.vsyncOff = this.lineOf(now);
      return;
    }
    if (this.vsyncCycle >= 0) {
      this.timings.push({
        cycles: now - this.vsyncCycle,
        vsyncOffLine: this.marks.vsyncOff,
        vblankOffLine: this.marks.vblankOff,
        vblankOnLine: this.marks.vblankOn,
        timerWaitLine: this.marks.timerWait,
      });
    }
    this.vsyncCycle = now;
    this.marks = { vsyncOff: -1, vblankOff: -1, vblankOn: -1, timerWait: -1 };
    this.frameDone = true;
  }

  private onVblank(on: boolean): void {
    // Only transitions count: the game also rewrites VBLANK on while it is on.
    if (on === this.vblankOn) return;
    this.vblankOn = on;
    if (this.vsyncCycle < 0) return;
    const line = this.lineOf(this.cpuCycle());
    if (on) this.marks.vblankOn = line;
    else this.marks.vblankOff = line;
  }

  /** Sets the inputs, then emulates up to the start of the next frame (VSYNC on). */
  runFrame(input: JoystickInput = {}): void {
    const joystick = this.board.getJoystick0();
    joystick.getLeft().toggle(input.left === true);
    joystick.getRight().toggle(input.right === true);
    joystick.getFire().toggle(input.fire === true);
    this.board
      .getControlPanel()
      .getResetButton()
      .toggle(input.reset === true);
    this.frameDone = false;
    for (let lines = 0; !this.frameDone; lines++) {
      if (lines > MAX_LINES_PER_FRAME) {
        throw new StellaHarnessError(`no VSYNC within ${MAX_LINES_PER_FRAME} lines: the ROM lost the frame`);
      }
      this.board.tick(COLOR_CLOCKS_PER_LINE);
    }
  }

  /** The 128 bytes of RIOT RAM, $80..$FF. */
  ram(out: Uint8Array = new Uint8Array(RAM_SIZE)): Uint8Array {
    const bus = this.board.getBus();
    for (let i = 0; i < RAM_SIZE; i++) out[i] = bus.peek(RAM_BASE + i);
    return out;
  }

  /** RAM byte at `address` ($80..$FF). */
  peekRam(address: number): number {
    return this.board.getBus().peek(address);
  }

  /** Writes a RAM byte ($80..$FF) through the bus, as a CPU store would (6502.ts's `poke` is a no-op). */
  pokeRam(address: number, value: number): void {
    this.board.getBus().write(address, value);
  }
}
