import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cartTypeIdForRom } from '../../../src/ale/cart-types.js';
import { type CoreExports, instantiateCore } from '../../../src/ale/core-binding.js';
import { cartPropertiesForMd5 } from '../../../src/ale/games/properties.js';
import { assemble } from '../../helpers/asm.js';
import { MODE_IDS as MODE } from '../../helpers/cpu-modes.js';
import { describeRoms, romPath } from '../../helpers/shared.js';

// ALE's CPU has two executors that must be indistinguishable: the generic one (cpu/execute.ts with
// Stella's M6502Low access model) and the specialised fast one (cpu/ale-execute.ts) that serves
// ROM/RAM accesses in place, queues TIA writes and hands every other access to the generic path.
// Two cores run the same cartridge, one on each, and must agree after every run on the whole machine
// state (registers, RAM, cycle count, RIOT, cartridge, TIA), the screen, and every TIA register
// write with its cycle.

const SCREEN_WIDTH = 160;
/** Cartridge type ids (src/ale/cart-types.ts). */
const CART = { auto: 0, k4: 2, f8sc: 5, x3f: 14 } as const;
const NMI_VECTOR = 0xfffa;
/** Opcodes that halt the CPU (the twelve JAM/KIL slots). */
const JAM_OPCODES = new Set([0x02, 0x12, 0x22, 0x32, 0x42, 0x52, 0x62, 0x72, 0x92, 0xb2, 0xd2, 0xf2]);
/** RTS and RTI return to whatever the stack holds; drawn less often so most runs stay in the program. */
const WILD_OPCODES = new Set([0x40, 0x60]);
const MODE_SHIFT = 24;
const JSR = 0x20;
const JMP_ABS = 0x4c;
const LDA_IMM = 0xa9;
const STA_ZP = 0x85;
const LDX_IMM = 0xa2;
const TXS = 0x9a;

/** Deterministic generator (mulberry32) so a failure names a reproducible seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Layout {
  /** Image size and type id. */
  readonly bytes: number;
  readonly cartType: number;
  /** Where the program goes in the last 4K bank ($Fxxx), and where its space ends. */
  readonly origin: number;
  readonly end: number;
  /** Cartridge addresses with side effects or RAM behind them (hotspots, extra RAM ports). */
  readonly special: readonly number[];
}

const LAYOUTS: Record<string, Layout> = {
  // Plain 4K: every cartridge page is ROM.
  '4K': { bytes: 4096, cartType: CART.k4, origin: 0xf000, end: 0xfff0, special: [] },
  // F8 + Superchip: RAM written at $1000–$107F and read at $1080–$10FF, bank hotspots $1FF8/$1FF9.
  // Both banks hold the same program, so a bank switch keeps it running.
  F8SC: {
    bytes: 8192,
    cartType: CART.f8sc,
    origin: 0xf100,
    end: 0xffe0,
    special: [0x1000, 0x1040, 0x107f, 0x1080, 0x10c0, 0x10ff, 0x1ff8, 0x1ff9, 0x1ff8, 0x1ff9],
  },
  // 3F: a write to $00–$3F selects the 2K bank at $1000–$17FF and also reaches the TIA; the cart
  // snoops the low bus. The program lives in the fixed last 2K.
  '3F': { bytes: 8192, cartType: CART.x3f, origin: 0xf800, end: 0xfff0, special: [0x1000, 0x1400, 0x17ff] },
};

interface Instruction {
  address: number;
  bytes: number[];
  /** Relative branch or absolute jump whose target is filled in once every address is known. */
  target?: 'rel' | 'abs';
}

function operandAddress(next: () => number, layout: Layout, zeroPage: boolean): number {
  const pick = (list: readonly number[]) => list[Math.floor(next() * list.length)]!;
  const r = next();
  if (zeroPage) {
    if (r < 0.4) return 0x80 + Math.floor(next() * 0x80); // RIOT RAM
    if (r < 0.85) return Math.floor(next() * 0x40); // TIA, WSYNC and VSYNC included
    return Math.floor(next() * 0x100);
  }
  if (r < 0.25) return 0x80 + Math.floor(next() * 0x80) + (next() < 0.3 ? 0x100 : 0); // RAM and its stack mirror
  if (r < 0.5) return Math.floor(next() * 0x40) + (next() < 0.3 ? 0x4000 : 0); // TIA and a mirror
  if (r < 0.62) return 0x280 + Math.floor(next() * 0x20); // RIOT ports and timer
  if (r < 0.8) return layout.origin + Math.floor(next() * (layout.end - layout.origin)); // ROM
  if (r < 0.9 && layout.special.length > 0) return pick(layout.special);
  return Math.floor(next() * 0x10000);
}

/**
 * A random program of valid instructions (no JAM): operands favour RAM, TIA registers, RIOT ports,
 * ROM and the cartridge's hotspots; branches and jumps land on instruction starts; zero-page
 * pointers $80–$8F are set up to point at interesting places for the indirect modes.
 */
function randomProgram(seed: number, layout: Layout, core: CoreExports): Uint8Array {
  const next = rng(seed);
  const image = new Uint8Array(layout.bytes);
  for (let i = 0; i < image.length; i++) image[i] = Math.floor(next() * 256); // other banks: noise
  const pointers = [
    ...layout.special.slice(0, 2),
    0x0002,
    0x0010,
    0x0284,
    0x0280,
    0x00f0,
    layout.origin,
    0x0000,
    0x0030,
  ];
  const program: Instruction[] = [];
  let pc = layout.origin;
  const emit = (bytes: number[], target?: 'rel' | 'abs') => {
    program.push({ address: pc, bytes, target });
    pc += bytes.length;
  };
  emit([LDX_IMM, 0xff]);
  emit([TXS]);
  pointers.slice(0, 8).forEach((p, i) => {
    emit([LDA_IMM, p & 0xff]);
    emit([STA_ZP, 0x80 + 2 * i]);
    emit([LDA_IMM, p >> 8]);
    emit([STA_ZP, 0x81 + 2 * i]);
  });
  const bodyStart = program.length;
  while (pc < layout.end - 8) {
    let opcode: number;
    do opcode = Math.floor(next() * 256);
    while (JAM_OPCODES.has(opcode) || (WILD_OPCODES.has(opcode) && next() < 0.75));
    const mode = (core.cpuOpcodeEntry(opcode) >>> MODE_SHIFT) & 0xff;
    switch (mode) {
      case MODE.imp:
      case MODE.acc:
        emit([opcode]);
        break;
      case MODE.imm:
        emit([opcode, Math.floor(next() * 256)]);
        break;
      case MODE.izx:
      case MODE.izy:
        emit([opcode, next() < 0.8 ? 0x80 + 2 * Math.floor(next() * 8) : Math.floor(next() * 256)]);
        break;
      case MODE.zp:
      case MODE.zpx:
      case MODE.zpy:
        emit([opcode, operandAddress(next, layout, true)]);
        break;
      case MODE.rel:
        emit([opcode, 0], 'rel');
        break;
      case MODE.ind: {
        // JMP ($xxxx): through a RAM pointer (anywhere) or the pointer table the prologue wrote.
        const at = next() < 0.5 ? 0x80 + 2 * Math.floor(next() * 8) : operandAddress(next, layout, false);
        emit([opcode, at & 0xff, at >> 8]);
        break;
      }
      default: {
        if (opcode === JSR || opcode === JMP_ABS) {
          emit([opcode, 0, 0], 'abs');
        } else {
          const address = operandAddress(next, layout, false);
          emit([opcode, address & 0xff, address >> 8]);
        }
      }
    }
  }
  emit([JMP_ABS, layout.origin & 0xff, layout.origin >> 8]);
  if (pc > layout.end) throw new Error('random program overflowed its space');
  // Jumps land on instruction starts of the body.
  for (let i = 0; i < program.length; i++) {
    const ins = program[i]!;
    if (ins.target === 'abs') {
      const to = program[bodyStart + Math.floor(next() * (program.length - bodyStart))]!.address;
      ins.bytes[1] = to & 0xff;
      ins.bytes[2] = to >> 8;
    } else if (ins.target === 'rel') {
      const from = ins.address + 2;
      const lo = Math.max(bodyStart, i - 30);
      const hi = Math.min(program.length - 1, i + 30);
      const to = program[lo + Math.floor(next() * (hi - lo + 1))]!.address;
      const offset = to - from;
      ins.bytes[1] = offset >= -128 && offset <= 127 ? offset & 0xff : 0;
    }
  }
  // The same program and vectors in every 4K bank the cart can show at $F000–$FFFF.
  const banks = layout.cartType === CART.x3f ? 0 : layout.bytes / 4096;
  const place = (offset: number, bytes: number[]) => {
    if (layout.cartType === CART.x3f) {
      // 3F: the last 2K of the image is the fixed segment at $1800–$1FFF.
      image.set(bytes, layout.bytes - 2048 + (offset - 0x800));
    } else {
      for (let b = 0; b < banks; b++) image.set(bytes, b * 4096 + offset);
    }
  };
  for (const ins of program) place(ins.address & 0xfff, ins.bytes);
  const lo = layout.origin & 0xff;
  const hi = layout.origin >> 8;
  place(NMI_VECTOR & 0xfff, [lo, hi, lo, hi, lo, hi]);
  return image;
}

/**
 * Two cores on the same cartridge, one on each executor. With `logWrites` false neither keeps the
 * TIA write log, so the fast core's TIA passes over the queued accesses that change nothing (the
 * log must see every write), and only the machine states and screens are compared.
 */
class Pair {
  readonly fast = instantiateCore();
  readonly generic = instantiateCore();

  constructor(readonly logWrites = true) {
    this.generic.cpuSetFastExecutor(0);
    this.fast.cpuSetFastExecutor(1);
  }

  get both(): CoreExports[] {
    return [this.fast, this.generic];
  }

  load(image: Uint8Array, cartType: number, display?: { yStart: number; height: number }): void {
    for (const core of this.both) {
      new Uint8Array(core.memory.buffer, core.romStagingPointer(), image.length).set(image);
      if (display) core.setDisplay!(display.yStart, display.height, 0, 1);
      core.setSystemRandomSeed(4);
      const type = core.loadRom(image.length, cartType);
      if (type < 0) throw new Error(`the core refused the image (error ${type})`);
      if (this.logWrites) core.testTiaWriteLogStart!();
    }
  }

  /** Asserts the two machines are identical; `where` names the moment in the failure message. */
  expectSame(where: string): void {
    const [a, b] = [snapshot(this.fast), snapshot(this.generic)];
    expect(a.cycles, `${where}: cycles`).toBe(b.cycles);
    expect(a.registers, `${where}: registers`).toEqual(b.registers);
    expect(a.writes.length, `${where}: number of TIA writes`).toBe(b.writes.length);
    const firstWrite = a.writes.findIndex((w, i) => w !== b.writes[i]);
    expect(
      firstWrite,
      `${where}: first differing TIA write (fast ${a.writes[firstWrite]}, generic ${b.writes[firstWrite]})`,
    ).toBe(-1);
    expect(sameBytes(a.ram, b.ram), `${where}: RAM`).toBe(true);
    expect(sameBytes(a.state, b.state), `${where}: machine state`).toBe(true);
    expect(sameBytes(a.screen, b.screen), `${where}: screen`).toBe(true);
    if (this.logWrites) for (const core of this.both) core.testTiaWriteLogStart!();
  }
}

interface Snapshot {
  cycles: number;
  registers: number[];
  /** "register=value@cycle" per TIA write since the last comparison. */
  writes: string[];
  ram: Uint8Array;
  state: Uint8Array;
  screen: Uint8Array;
}

function snapshot(core: CoreExports): Snapshot {
  const length = core.testTiaWriteLogPointer!() === 0 ? 0 : core.testTiaWriteLogLength!();
  if (length > 16384) throw new Error(`more TIA writes (${length}) than the log keeps; compare more often`);
  const log = new Uint32Array(core.memory.buffer, core.testTiaWriteLogPointer!(), 2 * length);
  const writes: string[] = [];
  for (let i = 0; i < length; i++) {
    writes.push(`${(log[2 * i]! & 0xff).toString(16)}=${(log[2 * i]! >>> 8).toString(16)}@${log[2 * i + 1]}`);
  }
  const stateLength = core.saveState!();
  if (stateLength < 0) throw new Error('saveState failed');
  return {
    cycles: core.cycles(),
    registers: [core.cpuA(), core.cpuX(), core.cpuY(), core.cpuSP(), core.cpuP(), core.cpuPC(), core.cpuJammed()],
    writes,
    ram: new Uint8Array(core.memory.buffer, core.ramPointer(), 128).slice(),
    state: new Uint8Array(core.memory.buffer, core.stateBufferPointer(), stateLength).slice(),
    screen: new Uint8Array(core.memory.buffer, core.screenPointer(), core.screenHeight!() * SCREEN_WIDTH).slice(),
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** The same random inputs on both: joysticks, fire buttons, console switches, paddles. */
function randomInputs(pair: Pair, next: () => number): void {
  const swcha = Math.floor(next() * 256);
  // SWCHB: reset (bit 0) and select (bit 1) released, colour (bit 3), random difficulties (bits 6, 7).
  const swchb = 0x0b | (Math.floor(next() * 4) << 6);
  const fire = next() < 0.5 ? 1 : 0;
  const paddle = Math.floor(next() * 1_000_000);
  for (const core of pair.both) {
    core.setPortAPins(swcha);
    core.setConsoleSwitches(swchb);
    core.setFireButton!(0, fire);
    core.setPaddleResistance!(0, paddle);
  }
}

describe('fast ALE executor matches the generic executor', () => {
  const PROGRAMS = 80;
  const FRAMES = 8;

  for (const [name, layout] of Object.entries(LAYOUTS)) {
    it(`on random programs (${name} cartridge)`, () => {
      const pair = new Pair();
      let instructions = 0;
      for (let p = 0; p < PROGRAMS; p++) {
        const seed = 1000 * (Object.keys(LAYOUTS).indexOf(name) + 1) + p;
        pair.load(randomProgram(seed, layout, pair.fast), layout.cartType);
        const next = rng(seed ^ 0x5eed);
        pair.expectSame(`seed ${seed} after load`);
        for (let f = 0; f < FRAMES; f++) {
          randomInputs(pair, next);
          const render = next() < 0.7 ? 1 : 0;
          for (const core of pair.both) core.setRendering!(render);
          // Short runs move the boundaries where the fast executor hands over; frames run long stretches.
          if (next() < 0.5) {
            const budget = 1 + Math.floor(next() * 300);
            const ran = pair.both.map((core) => core.cpuRun(budget));
            expect(ran[0], `seed ${seed} run ${f}: instructions run`).toBe(ran[1]);
            instructions += ran[0]!;
          } else {
            const status = pair.both.map((core) => core.runFrame!());
            expect(status[0], `seed ${seed} frame ${f}: frame status`).toBe(status[1]);
          }
          pair.expectSame(`seed ${seed} step ${f}`);
        }
      }
      expect(instructions).toBeGreaterThan(PROGRAMS * 100);
    });
  }
});

describe('fast ALE executor matches the generic executor on timer wait loops', () => {
  // The fast executor reads INTIM in place until the timer expires; the read that sees the expiry
  // (and acknowledges it) goes through the RIOT. These loops poll across expiry with every interval
  // and every instruction that reads INTIM in place.
  const TIMERS = { TIM1T: 0x294, TIM8T: 0x295, TIM64T: 0x296, T1024T: 0x297 };
  const POLLS = ['lda $0284', 'ldx $0284\ntxa', 'ldy $0284\ntya', 'bit $0284\nlda $0284', 'cmp $0284\nlda $0286'];

  for (const [timer, address] of Object.entries(TIMERS)) {
    it(`with ${timer}`, () => {
      const pair = new Pair();
      for (const [i, poll] of POLLS.entries()) {
        // Waits until INTIM wraps past the expiry and counts below $F0, writing the count to the TIA.
        const { image } = assemble(
          [
            `lda #${3 + 7 * i}`,
            `sta $${address.toString(16)}`,
            'wait:',
            poll,
            'sta $09',
            'cmp #$f0',
            'bne wait',
            'sta $02',
            'lda $0285',
            'sta $80',
            'jmp start',
          ].join('\n'),
        );
        pair.load(image, CART.k4);
        for (let f = 0; f < 4; f++) {
          const ran = pair.both.map((core) => core.cpuRun(5000));
          expect(ran[0], `${timer} poll ${i} run ${f}: instructions run`).toBe(ran[1]);
          pair.expectSame(`${timer} poll ${i} run ${f}`);
        }
      }
    });
  }
});

describe('fast ALE executor matches the generic executor on INTIM wait loops it runs at once', () => {
  // `LDA INTIM; BNE wait` (or LDX/LDY): the fast executor runs the rounds whose read is served in
  // place and not 0 at once. Loops with every interval, two whose branch crosses a page (one more
  // cycle a round; in the second the load is in another fetch page: run instruction by instruction),
  // one polling a port register (never 0: it spins the whole budget), under budgets that end runs
  // mid-loop.
  const TIMERS = [0x294, 0x295, 0x296, 0x297];
  const LOADS = ['lda', 'ldx', 'ldy'];

  for (const [t, timer] of TIMERS.entries()) {
    it(`with the timer at $${timer.toString(16)}`, () => {
      const { image } = assemble(
        [
          ...LOADS.flatMap((load, i) => [
            `lda #${5 + 9 * t + 3 * i}`,
            `sta $${timer.toString(16)}`,
            `wait${i}:`,
            `${load} $0284`,
            `bne wait${i}`,
            'sta $02',
          ]),
          'lda #40',
          `sta $${timer.toString(16)}`,
          'jmp across',
          '    org $f1fb', // the load at $F1FB–$F1FD, the branch at $F1FE: taken, it crosses a page
          'across:',
          'lda $0284',
          'bne across',
          'lda #40',
          `sta $${timer.toString(16)}`,
          'jmp apart',
          '    org $f2fd', // the load at $F2FD–$F2FF, the branch at $F300 (another fetch page)
          'apart:',
          'lda $0284',
          'bne apart',
          'lda $0282', // SWCHB: never 0 here
          'bne spin',
          'spin:',
          'lda $0282',
          'bne spin',
        ].join('\n'),
      );
      const pair = new Pair();
      pair.load(image, CART.k4);
      const next = rng(0x7e + t);
      for (let r = 0; r < 60; r++) {
        const budget = 1 + Math.floor(next() * (r < 30 ? 300 : 3000));
        const ran = pair.both.map((core) => core.cpuRun(budget));
        expect(ran[0], `run ${r}: instructions run`).toBe(ran[1]);
        pair.expectSame(`run ${r}`);
      }
    });
  }
});

function gameCases(logWrites: boolean, frames: number): void {
  // One game per cartridge scheme the ALE games use: 2K, 4K, F8, F6, E0, FE (snoops the low bus);
  // Kaboom and Pong read paddles, Pong and Breakout push to the TIA through the stack.
  const GAMES = [
    'pong.bin',
    'breakout.bin',
    'space_invaders.bin',
    'ms_pacman.bin',
    'solaris.bin',
    'montezuma_revenge.bin',
    'robotank.bin',
    'kaboom.bin',
    'seaquest.bin',
  ];

  for (const file of GAMES) {
    it(file, () => {
      const rom = new Uint8Array(readFileSync(romPath(file)));
      const md5 = createHash('md5').update(rom).digest('hex');
      const props = cartPropertiesForMd5(md5);
      const pair = new Pair(logWrites);
      pair.load(rom, cartTypeIdForRom(md5, props.cartridgeType), { yStart: props.yStart, height: props.height });
      const next = rng(md5.charCodeAt(0));
      for (let f = 0; f < frames; f++) {
        if (f % 4 === 0) randomInputs(pair, next);
        // Press RESET now and then to start (and restart) the game.
        if (f % 100 >= 60 && f % 100 < 64) for (const core of pair.both) core.setConsoleSwitches(0x0a);
        for (const core of pair.both) core.setRendering!(f % 4 === 3 ? 1 : 0);
        const status = pair.both.map((core) => core.runFrame!());
        expect(status[0], `${file} frame ${f}: frame status`).toBe(status[1]);
        pair.expectSame(`${file} frame ${f}`);
      }
    });
  }
}

describeRoms('fast ALE executor matches the generic executor on games', () => {
  gameCases(true, 400);
});

describeRoms('fast ALE executor matches the generic executor on games, without the write log', () => {
  // Without the log the fast core's TIA passes over the queued rewrites, WSYNCs and input reads
  // that change nothing before the queue's last access (Tia.drainQueue).
  gameCases(false, 300);
});

/**
 * Frame `f` of a side-by-side run: every third frame as 20 short runs of random budgets (they move the
 * points where the fast executor hands over and drains its queue), the others whole; both executors are
 * compared after each.
 */
function runFrameOrShortRuns(pair: Pair, next: () => number, f: number): void {
  if (f % 3 === 0) {
    for (let r = 0; r < 20; r++) {
      const budget = 1 + Math.floor(next() * 400);
      const ran = pair.both.map((core) => core.cpuRun(budget));
      expect(ran[0], `frame ${f} run ${r}: instructions run`).toBe(ran[1]);
      pair.expectSame(`frame ${f} run ${r}`);
    }
  } else {
    const status = pair.both.map((core) => core.runFrame!());
    expect(status[0], `frame ${f}: frame status`).toBe(status[1]);
    pair.expectSame(`frame ${f}`);
  }
}

describe('fast ALE executor matches the generic executor on TIA input reads and stack pushes', () => {
  // The fast executor reads INPT0–INPT5 (and the two undriven registers after them) in place, queues
  // the reads with the writes, and queues PHP/PHA pushes to a stack on the TIA (kernels point the
  // stack at ENABL and push flags to draw). A kernel that does all of it on every line, with the
  // paddles grounded and released mid-frame (VBLANK D7) and pulls that read the input registers.
  const KERNEL = [
    'sei',
    'cld',
    'ldx #$ff',
    'txs',
    'lda #$38', // a pointer to INPT0 for the indirect reads
    'sta $82',
    'lda #$00',
    'sta $83',
    'frame:',
    'lda #$02',
    'sta $00', // VSYNC on
    'sta $02',
    'sta $02',
    'sta $02',
    'lda #$00',
    'sta $00', // VSYNC off: the frame ends here
    'lda #$82',
    'sta $01', // VBLANK on, paddles grounded
    'ldy #20',
    'vb:',
    'sta $02',
    'lda $08', // an INPT0 read while grounded
    'dey',
    'bne vb',
    'lda #$00',
    'sta $01', // VBLANK off, paddles charge from here
    'lda $38', // and at once read in place
    'sta $06',
    'ldy #0',
    'line:',
    'sta $02',
    'lda $08', // INPT0, zero page
    'sta $09',
    'ldx $39', // INPT1 through a mirror
    'stx $06',
    'bit $0c', // INPT4
    'bpl nofire',
    'inc $84',
    'nofire:',
    'lda $103a', // INPT2, absolute mirror
    'ora $0d', // INPT5
    'eor $3e', // undriven: the bus's last bits
    'sta $07',
    'ldx #3',
    'cmp $38,x', // INPT3, indexed
    'adc $0f',
    'lda $36,x', // INPT1 through LDA zpx (paddle kernels' read, served in place)
    'lda $0036,y', // INPT0 and on through LDA aby (the same), then RAM and the collision latches as y grows
    'ora $0036,y', // the same through ORA aby (a pending read)
    'and ($82),y', // INPT0 + y through a pointer (reaches INPT0–INPT7 and the collision latches)
    'sta $1b', // GRP0
    'tsx',
    'stx $85',
    'ldx #$1f', // stack on ENABL: PHP, PHA, PHP draw the ball and missiles
    'txs',
    'php',
    'pha',
    'php',
    'pla', // pulls from INPT4 / INPT5 ...
    'plp', // ... and INPT5 / undriven
    'ldx #$0f',
    'txs',
    'pla', // undriven, then a collision latch (handed to the generic path)
    'ldx $85',
    'txs',
    'tya',
    'and #$3f',
    'bne noswap', // every 64 lines: ground the paddles, read, release them mid-line
    'lda #$80',
    'sta $01',
    'lda $09',
    'lda #$00',
    'sta $01',
    'lda $0b',
    'sta $08',
    'noswap:',
    'iny',
    'cpy #200',
    'bne line',
    'jmp frame',
  ].join('\n');

  for (const logWrites of [true, false]) {
    it(`on a kernel that reads the inputs and pushes to the TIA on every line${logWrites ? '' : ', without the write log'}`, () => {
      const { image } = assemble(KERNEL);
      const pair = new Pair(logWrites);
      pair.load(image, CART.k4, { yStart: 0, height: 250 });
      const next = rng(0x1a9e7);
      for (let f = 0; f < 60; f++) {
        randomInputs(pair, next);
        const resistances = [0, 1, 2, 3].map(() => (next() < 0.2 ? 0 : Math.floor(next() * 1_000_000)));
        for (const core of pair.both) {
          for (const [i, ohms] of resistances.entries()) core.setPaddleResistance!(i, ohms);
          core.setFireButton!(1, f & 1);
          core.setRendering!(1);
        }
        runFrameOrShortRuns(pair, next, f);
      }
    });
  }
});

describe('fast ALE executor matches the generic executor on BRK and RTI', () => {
  // The fast executor runs BRK and RTI in place while the stack is RIOT RAM and hands them to the
  // generic executor otherwise. A kernel that breaks on every line with the flags set from the line
  // number (N, V, D, I, Z, C all vary, so the pushed and pulled status bytes do), and every 16 lines
  // with the stack at $81, where BRK's third push and RTI's stack read reach the TIA (the fast
  // executor hands over after two pushes to RAM; the rerun writes them again).
  const KERNEL = [
    'cld',
    'ldx #$ff',
    'txs',
    'frame:',
    'lda #$02',
    'sta $00', // VSYNC on
    'sta $02',
    'sta $02',
    'sta $02',
    'lda #$00',
    'sta $00', // VSYNC off: the frame ends here
    'ldy #0',
    'line:',
    'sta $02',
    'tya',
    'pha',
    'plp', // every flag from the line number
    'brk',
    '.byte $ea', // BRK's padding byte
    'tya',
    'and #$0f',
    'bne next',
    'tsx',
    'stx $85',
    'ldx #$81', // pushes to $181, $180, then $17F (TIA)
    'txs',
    'brk',
    '.byte $ea',
    'ldx $85',
    'txs',
    'next:',
    'iny',
    'cpy #200',
    'bne line',
    'jmp frame',
    'irq:',
    'sta $1b', // GRP0: the handler draws
    'tsx',
    'stx $86',
    'adc $86', // decimal when the line set D (the generic path)
    'sta $87',
    'rti',
  ].join('\n');

  it('on a kernel that breaks on every line', () => {
    const { image } = assemble(KERNEL);
    const pair = new Pair();
    pair.load(image, CART.k4, { yStart: 0, height: 250 });
    const next = rng(0xb4e);
    for (let f = 0; f < 30; f++) {
      for (const core of pair.both) core.setRendering!(1);
      runFrameOrShortRuns(pair, next, f);
    }
  });
});

describe('fast ALE executor matches the generic executor on code outside the cartridge', () => {
  // Code that runs into the TIA's registers ($0000–$003F, where each opcode byte is a register read
  // whose low bits are the data bus's last byte) runs there instruction by instruction on the
  // generic path; the fast executor must never take those addresses for a cartridge page, on entry
  // (after a hand-over) or later. A branch from RIOT RAM sets the data bus (its offset byte) so that
  // the TIA reads decode as instructions that stay there.
  for (const target of [0x02, 0x20, 0x3a]) {
    it(`branching from RIOT RAM to $${target.toString(16).padStart(4, '0')}`, () => {
      const offset = (target - 0x82) & 0xff;
      const { image } = assemble(
        [
          'ldx #$ff',
          'txs',
          'lda #$10', // BPL at $80
          'sta $80',
          `lda #$${offset.toString(16)}`,
          'sta $81',
          'lda #$00', // N clear: the branch is taken
          'jmp $0080',
        ].join('\n'),
      );
      const pair = new Pair();
      pair.load(image, CART.k4, { yStart: 0, height: 250 });
      const next = rng(target + 1);
      for (let r = 0; r < 40; r++) {
        const budget = 1 + Math.floor(next() * 20);
        const ran = pair.both.map((core) => core.cpuRun(budget));
        expect(ran[0], `run ${r}: instructions run`).toBe(ran[1]);
        pair.expectSame(`run ${r}`);
      }
    });
  }
});
