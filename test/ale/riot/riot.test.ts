/**
 * RIOT (6532) as ALE 0.12's Stella models it (src/ale/emucore/M6532.cxx): the expected values below
 * are derived by hand from that model's rules, stated next to each case:
 * - a timer write of N at cycle w, read at cycle r (the bus has charged r), gives
 *   N - floor((r - 1 - w) / interval) - 1 while that is >= 0;
 * - at exactly r - 1 - w = N·interval it reads 0xFF and TIMINT is 0x80;
 * - the first INTIM read with r - 1 - w > N·interval clears TIMINT and fixes
 *   offset = r - (w + N·interval); it and later reads give N - floor((r - 1 - w) / interval) - offset.
 * Each bus hook call (testBusRead/testBusWrite) is one cycle, charged before the access.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CoreExports } from '../../../src/ale/core-binding.js';
import { Mt19937 } from '../../../src/ale/rng.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';
import { loaded, read, write } from '../cart/harness.js';

const SWCHA = 0x280;
const SWACNT = 0x281;
const SWCHB = 0x282;
const SWBCNT = 0x283;
const INTIM = 0x284;
const TIMINT = 0x285;
const TIMERS = [
  { name: 'TIM1T', address: 0x294, interval: 1 },
  { name: 'TIM8T', address: 0x295, interval: 8 },
  { name: 'TIM64T', address: 0x296, interval: 64 },
  { name: 'T1024T', address: 0x297, interval: 1024 },
] as const;
const TIM8T = 0x295;
const TIM64T = 0x296;
/** ALE's default system_random_seed (Settings.cxx). */
const SYSTEM_SEED = 4753849;
const JOYSTICK = { up: 1, down: 2, left: 4, right: 8 } as const;

/** A core with a plain 4K cartridge of NOPs inserted (no cartridge RAM, so no extra generator draws). */
function machine(): CoreExports {
  return loaded(new Uint8Array(4096).fill(0xea));
}

/** Lets cycles pass until the clock reads `cycle` (the next access then happens at cycle + 1). */
function advanceTo(core: CoreExports, cycle: number): void {
  const now = core.cycles();
  if (cycle < now) throw new Error(`cannot go back from cycle ${now} to ${cycle}`);
  core.testAdvanceCycles(cycle - now);
}

/** Writes the timer; returns the cycle of the write (w). */
function setTimer(core: CoreExports, address: number, value: number): number {
  write(core, address, value);
  return core.cycles();
}

/** Reads `address` so that the read happens at cycle w + k. */
function readAt(core: CoreExports, w: number, k: number, address = INTIM): number {
  advanceTo(core, w + k - 1);
  return read(core, address);
}

describe('RIOT power-on', () => {
  it('fills RAM from the system generator and starts a random TIM64T count, as Stella does', () => {
    const core = machine();
    const mt = new Mt19937(SYSTEM_SEED);
    const expectedRam = Array.from({ length: 128 }, () => mt.next() & 0xff);
    expect(Array.from(new Uint8Array(core.memory.buffer, core.ramPointer(), 128))).toEqual(expectedRam);
    // The RIOT constructor's reset draws once, the console's system reset draws the live count.
    mt.next();
    const count = 25 + (mt.next() % 75);
    // Stella's reset sets the timer at cycle 0 with the 64-cycle interval.
    const w = 0;
    const cycle = core.cycles();
    const value = read(core, INTIM);
    expect(value).toBe(count - Math.floor((cycle + 1 - 1 - w) / 64) - 1);
    expect(read(core, TIMINT)).toBe(0);
  });

  it('starts with SWCHA released, SWCHB at B/B colour and both direction registers clear', () => {
    const core = machine();
    expect(read(core, SWCHA)).toBe(0xff);
    expect(read(core, SWCHB)).toBe(0x3f);
    expect(read(core, SWACNT)).toBe(0);
    expect(read(core, SWBCNT)).toBe(0);
  });

  it('a different system_random_seed gives different RAM', () => {
    const core = machine();
    core.setSystemRandomSeed?.(1);
    const image = new Uint8Array(4096).fill(0xea);
    new Uint8Array(core.memory.buffer, core.romStagingPointer(), image.length).set(image);
    core.loadRom(image.length, 0);
    const mt = new Mt19937(1);
    const expected = Array.from({ length: 128 }, () => mt.next() & 0xff);
    expect(Array.from(new Uint8Array(core.memory.buffer, core.ramPointer(), 128))).toEqual(expected);
  });
});

describeShared('RIOT power-on RAM in the native ALE traces', () => {
  /** Step 0 of a trace: RAM after ALE's whole reset sequence (../shared/ale-traces/FORMAT.md). */
  function stepZeroRam(game: string): Uint8Array {
    const lines = gunzipSync(readFileSync(sharedPath('ale-traces', 'frameskip1', `${game}.jsonl.gz`)))
      .toString('utf8')
      .split('\n', 2);
    const step0 = JSON.parse(lines[1]!) as { t: number; ram: string };
    expect(step0.t).toBe(0);
    return Uint8Array.from(Buffer.from(step0.ram, 'hex'));
  }

  // Bytes a game never writes keep their power-on value through ALE's reset sequence. A random
  // byte matches by chance with probability 1/256, so even 8 matches out of 128 (about 1e-9 by
  // chance) show that ALE fills RAM from this generator and seed.
  it.each([
    ['yars_revenge', 25],
    ['ice_hockey', 8],
    ['kung_fu_master', 8],
  ] as const)('%s keeps at least %i power-on bytes', (game, minimum) => {
    const core = machine();
    const powerOn = new Uint8Array(core.memory.buffer, core.ramPointer(), 128).slice();
    const ram = stepZeroRam(game);
    const matching = powerOn.filter((value, i) => ram[i] === value).length;
    expect(matching).toBeGreaterThanOrEqual(minimum);
  });
});

describe('RIOT RAM', () => {
  it('is decoded by A0–A6 with A7 high, A9 low, A12 low: every mirror reaches the same byte', () => {
    const core = machine();
    write(core, 0x80, 0x11);
    expect(read(core, 0x180)).toBe(0x11);
    expect(read(core, 0x0480)).toBe(0x11);
    expect(read(core, 0x2080)).toBe(0x11); // A13 is not wired on the 6507
    write(core, 0x01ff, 0x22); // the stack page
    expect(read(core, 0xff)).toBe(0x22);
    expect(new Uint8Array(core.memory.buffer, core.ramPointer(), 128)[0x7f]).toBe(0x22);
  });
});

describe.each(TIMERS)('RIOT timer $name', ({ address, interval }) => {
  it('counts down once per interval from one below the value written', () => {
    const core = machine();
    const n = 3;
    const w = setTimer(core, address, n);
    // Read in the very next cycle: N - 0 - 1.
    expect(readAt(core, w, 1)).toBe(2);
    // Last cycle of the first interval, then the first cycle of the next.
    if (interval > 1) expect(readAt(core, w, interval)).toBe(2);
    expect(readAt(core, w, interval + 1)).toBe(1);
    if (interval > 1) expect(readAt(core, w, 2 * interval, TIMINT)).toBe(0);
    expect(readAt(core, w, 2 * interval + 1)).toBe(0);
  });

  it('reads 0xFF with TIMINT set in the cycle of expiry, then an INTIM read acknowledges', () => {
    const core = machine();
    const n = 3;
    const w = setTimer(core, address, n);
    const expiry = w + n * interval;
    // The read at expiry + 1 has r - 1 - w = N·interval: 0xFF, and it does not acknowledge.
    advanceTo(core, expiry);
    expect(read(core, INTIM)).toBe(0xff);
    expect(read(core, TIMINT)).toBe(0x80);
    // The INTIM read at expiry + 3 (r - 1 - w = N·interval + 2) acknowledges: offset = 3,
    // value = N - floor((N·interval + 2) / interval) - 3.
    const r = expiry + 3;
    advanceTo(core, r - 1);
    const value = read(core, INTIM);
    expect(value).toBe((n - Math.floor((n * interval + 2) / interval) - 3) & 0xff);
    expect(read(core, TIMINT)).toBe(0);
    // Afterwards the count keeps falling once per interval with the same offset.
    const later = r + 4 * interval;
    advanceTo(core, later - 1);
    expect(read(core, INTIM)).toBe((n - Math.floor((later - 1 - w) / interval) - 3) & 0xff);
  });
});

describe('RIOT timer details', () => {
  it('TIMINT reads do not clear the flag; writing the timer does', () => {
    const core = machine();
    const w = setTimer(core, TIM64T, 1);
    expect(readAt(core, w, 200, TIMINT)).toBe(0x80);
    expect(read(core, TIMINT)).toBe(0x80);
    expect(read(core, 0x287)).toBe(0x80);
    setTimer(core, TIM64T, 1);
    expect(read(core, TIMINT)).toBe(0);
  });

  it('a timer written with 0 has already expired', () => {
    const core = machine();
    const w = setTimer(core, TIM64T, 0);
    expect(readAt(core, w, 1)).toBe(0xff);
    expect(read(core, TIMINT)).toBe(0x80);
    // Read at w + 3: r - 1 - w = 2 > 0, offset = 3 - 0 = 3, value = 0 - 0 - 3.
    expect(read(core, INTIM)).toBe(0xfd);
    expect(read(core, TIMINT)).toBe(0);
  });

  it('decodes reads by A0–A2 and timer writes by A4, A2, A1, A0 (A3 and A8 ignored)', () => {
    const core = machine();
    const w = setTimer(core, 0x29e, 10); // TIM64T with A3 set
    expect(readAt(core, w, 1, 0x286)).toBe(9); // INTIM mirror (A1)
    expect(readAt(core, w, 65, 0x38c)).toBe(8); // A3, A8
    expect(readAt(core, w, 66, 0x2a7)).toBe(0); // TIMINT mirror
    // A4 low with A2 high is the edge-detect control: no effect on the timer.
    write(core, 0x284, 1);
    expect(readAt(core, w, 130)).toBe(7);
    // T1024T through the A8 mirror.
    const w2 = setTimer(core, 0x397, 2);
    expect(readAt(core, w2, 1025)).toBe(0);
  });

  it('survives a snapshot: RIOT state saved and loaded gives the same reads', () => {
    const core = machine();
    const w = setTimer(core, TIM8T, 5);
    write(core, 0x80, 0x5a);
    advanceTo(core, w + 60);
    const saveCycle = core.cycles();
    const length = core.testSaveRiotAndCart();
    expect(length).toBeGreaterThan(128);
    const acknowledged = read(core, INTIM); // past expiry: acknowledges
    const after = read(core, INTIM);
    write(core, 0x80, 0);
    setTimer(core, TIM64T, 200);
    core.testAdvanceCycles(saveCycle - core.cycles());
    expect(core.testLoadRiotAndCart(length)).toBe(0);
    expect(read(core, 0x80)).toBe(0x5a); // one cycle, like the INTIM read it replaces
    core.testAdvanceCycles(-1);
    expect(read(core, INTIM)).toBe(acknowledged);
    expect(read(core, INTIM)).toBe(after);
    expect(core.testLoadRiotAndCart(length - 1)).toBe(-1);
  });
});

describe('RIOT ports', () => {
  it('SWCHA shows both joysticks active low: left jack in bits 4–7, right jack in bits 0–3', () => {
    const core = machine();
    core.setJoystick(0, JOYSTICK.up | JOYSTICK.right);
    expect(read(core, SWCHA)).toBe(0x6f);
    core.setJoystick(1, JOYSTICK.down | JOYSTICK.left);
    expect(read(core, SWCHA)).toBe(0x69);
    expect(read(core, 0x288)).toBe(0x69); // A3 mirror
    core.setJoystick(0, 0);
    expect(core.portAPins()).toBe(0xf9);
    core.setPortAPins?.(0x7f); // paddle 0's fire button: bit 7
    expect(read(core, SWCHA)).toBe(0x7f);
  });

  it('SWCHA reads ignore the direction register and SWCHA writes (Stella reads the pins only)', () => {
    const core = machine();
    write(core, SWACNT, 0xf0);
    expect(read(core, SWACNT)).toBe(0xf0);
    write(core, SWCHA, 0x00);
    expect(read(core, SWCHA)).toBe(0xff);
  });

  it('SWCHB shows the switches; writes to SWCHB and SWBCNT are ignored', () => {
    const core = machine();
    core.setConsoleSwitches?.(0x3f & ~0x01); // reset pressed
    expect(read(core, SWCHB)).toBe(0x3e);
    core.setConsoleSwitches?.(0xff); // both difficulties A, colour
    expect(read(core, SWCHB)).toBe(0xff);
    write(core, SWCHB, 0);
    write(core, SWBCNT, 0xff);
    expect(read(core, SWCHB)).toBe(0xff);
    expect(read(core, SWBCNT)).toBe(0);
  });

  it('a system reset clears SWACNT', () => {
    const core = machine();
    write(core, SWACNT, 0xff);
    core.reset();
    expect(read(core, SWACNT)).toBe(0);
  });
});
