// RIOT (6532 "PIA"): 128 bytes of RAM, the interval timer and the two I/O ports, modelled as the
// Stella inside ALE 0.12 models it (M6532, 2007), because ALE's traces are the reference:
// - power-on RAM and the first timer count come from the system generator (mt19937, see ../random.ts);
// - the timer is computed lazily from the cycle of the last timer write, with Stella's arithmetic
//   (32-bit wrap-around cycle differences), including its post-expiry behaviour, which differs from
//   the real chip (see `readTimer`);
// - port A reads return the controller pins only (the data-direction register and output latch are
//   not mixed in), writes to SWCHB/SWBCNT are ignored, and the edge-detect control is a no-op.
import { Clock } from '../clock';
import { Random } from '../random';
import { StateReader, StateWriter } from '../state';

export const RIOT_RAM_BYTES: i32 = 128;
/** RAM is decoded by A0–A6 (all mirrors with A7=1, A9=0, A12=0 reach it). */
const RAM_ADDRESS_MASK: u16 = 0x7f;

/** Reads select a register by A0–A2 only. */
const READ_SELECT_MASK: u16 = 0x07;
const READ_SWCHA: u16 = 0x00;
const READ_SWACNT: u16 = 0x01;
const READ_SWCHB: u16 = 0x02;
const READ_SWBCNT: u16 = 0x03;
/** A0 high (with A2 high) reads the interrupt flag; A0 low reads the timer (A1 is ignored). */
const READ_INTERRUPT_BIT: u16 = 0x01;

/** Writes: A0–A2 values 0–3 are the port registers, tested before the timer decode (Stella's order). */
const WRITE_PORT_MASK: u16 = 0x07;
const WRITE_SWCHA: u16 = 0x00;
const WRITE_SWACNT: u16 = 0x01;
/** A4 and A2 high select a timer write; A0–A1 pick the interval (A3, the interrupt enable, is ignored). */
const WRITE_TIMER_MASK: u16 = 0x14;
const WRITE_TIMER_SELECT: u16 = 0x14;
const TIMER_INTERVAL_MASK: u16 = 0x03;
/** log2 of the interval in cycles for TIM1T, TIM8T, TIM64T, T1024T. */
const TIMER_INTERVAL_SHIFTS: StaticArray<u32> = [0, 3, 6, 10];

/** Stella's power-on timer: TIM64T with a count of 25 + (draw % 75), i.e. 25–99. */
const POWER_ON_TIMER_SHIFT: u32 = 6;
const POWER_ON_TIMER_MIN: u32 = 25;
const POWER_ON_TIMER_SPAN: u32 = 75;

/** `countBeforeExpiry`'s answer once the timer has expired. */
const NOT_A_BYTE: u32 = 0x100;

/** TIMINT: bit 7 is the timer flag (Stella never sets bit 6, the PA7 edge flag). */
const TIMER_FLAG: u8 = 0x80;

/** Port A pins are active low: a released joystick reads 1 on every pin. */
export const PORT_A_RELEASED: u8 = 0xff;
/** Joystick directions as bits of `setJoystick`'s mask (1 = pressed). */
export const JOYSTICK_UP: i32 = 0x1;
export const JOYSTICK_DOWN: i32 = 0x2;
export const JOYSTICK_LEFT: i32 = 0x4;
export const JOYSTICK_RIGHT: i32 = 0x8;
/** The left jack drives SWCHA bits 4–7 (up, down, left, right), the right jack bits 0–3. */
const LEFT_JACK_SHIFT: i32 = 4;
const JACK_NIBBLE: i32 = 0x0f;

/**
 * SWCHB, the console switches: bit 0 reset and bit 1 select (0 = pressed), bit 3 colour (1) or
 * black-and-white (0), bit 6 left and bit 7 right difficulty (1 = A, 0 = B); bits 2, 4, 5 read 1.
 * Stella starts from 0xFF and applies the cartridge's properties; its default (B/B, colour) is 0x3F.
 */
export const SWCHB_RESET: u8 = 0x01;
export const SWCHB_SELECT: u8 = 0x02;
export const SWCHB_COLOUR: u8 = 0x08;
export const SWCHB_LEFT_DIFFICULTY_A: u8 = 0x40;
export const SWCHB_RIGHT_DIFFICULTY_A: u8 = 0x80;
export const SWCHB_DEFAULT: u8 = 0x3f;

export class Riot {
  readonly ram: StaticArray<u8> = new StaticArray<u8>(RIOT_RAM_BYTES);

  /** Inputs, set by the driver before each frame; not part of the snapshot (like Stella's events). */
  portAPins: u8 = PORT_A_RELEASED;
  switches: u8 = SWCHB_DEFAULT;

  private ddra: u8 = 0;
  /** Stella ignores SWBCNT writes, so this stays 0; kept to read back and snapshot like Stella. */
  private ddrb: u8 = 0;

  // Timer: the count written, its interval (as a shift), and 32-bit cycle marks as Stella keeps them.
  private timerCount: u32 = 0;
  private intervalShift: u32 = POWER_ON_TIMER_SHIFT;
  private cycleWhenSet: u32 = 0;
  private cycleWhenAcknowledged: u32 = 0;
  private readAfterExpiry: bool = false;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Random,
  ) {}

  /**
   * Power-on (Stella's M6532 constructor): 128 RAM bytes from the system generator (low byte of each
   * draw), then `reset()`, which draws the timer.
   */
  powerOn(): void {
    for (let i = 0; i < RIOT_RAM_BYTES; i++) unchecked((this.ram[i] = <u8>this.rng.next()));
    this.reset();
  }

  /** System reset: RAM keeps its contents; the timer restarts from a random count; DDRs clear. */
  reset(): void {
    this.timerCount = POWER_ON_TIMER_MIN + (this.rng.next() % POWER_ON_TIMER_SPAN);
    this.intervalShift = POWER_ON_TIMER_SHIFT;
    this.cycleWhenSet = this.now();
    this.cycleWhenAcknowledged = this.now();
    this.readAfterExpiry = false;
    this.ddra = 0;
    this.ddrb = 0;
  }

  @inline readRam(addr: u16): u8 {
    return unchecked(this.ram[addr & RAM_ADDRESS_MASK]);
  }

  @inline writeRam(addr: u16, value: u8): void {
    unchecked((this.ram[addr & RAM_ADDRESS_MASK] = value));
  }

  /** A CPU read of the I/O and timer registers (A9 high). Reading INTIM after expiry has a side effect. */
  readIo(addr: u16): u8 {
    const select = addr & READ_SELECT_MASK;
    if (select >= 4) return select & READ_INTERRUPT_BIT ? this.interruptFlag() : this.readTimer(true);
    return this.port(select);
  }

  /** The byte `readIo` would return, without acknowledging an expired timer. */
  peekIo(addr: u16): u8 {
    const select = addr & READ_SELECT_MASK;
    if (select >= 4) return select & READ_INTERRUPT_BIT ? this.interruptFlag() : this.readTimer(false);
    return this.port(select);
  }

  writeIo(addr: u16, value: u8): void {
    const port = addr & WRITE_PORT_MASK;
    // SWCHA writes reach the controllers, and neither joysticks nor paddles react; SWCHB and SWBCNT
    // writes are dropped by Stella.
    if (port == WRITE_SWACNT) {
      this.ddra = value;
      return;
    }
    if (port <= READ_SWBCNT) return;
    if ((addr & WRITE_TIMER_MASK) == WRITE_TIMER_SELECT) {
      this.timerCount = value;
      this.intervalShift = unchecked(TIMER_INTERVAL_SHIFTS[addr & TIMER_INTERVAL_MASK]);
      this.cycleWhenSet = this.now();
      this.readAfterExpiry = false;
    }
    // Otherwise the edge-detect control (A4 low, A2 high): Stella ignores it.
  }

  /** Sets one jack's joystick directions (`JOYSTICK_*` bits, 1 = pressed); jack 0 is the left one. */
  setJoystick(jack: i32, pressed: i32): void {
    const shift = jack == 0 ? LEFT_JACK_SHIFT : 0;
    const released = ~pressed & JACK_NIBBLE;
    this.portAPins = <u8>((<i32>this.portAPins & ~(JACK_NIBBLE << shift)) | (released << shift));
  }

  /** The port register `select` (0–3: SWCHA, SWACNT, SWCHB, SWBCNT) as a read returns it; no side effect. */
  @inline portValue(select: u32): u32 {
    return <u32>this.port(<u16>select);
  }

  private port(select: u16): u8 {
    if (select == READ_SWCHA) return this.portAPins;
    if (select == READ_SWACNT) return this.ddra;
    if (select == READ_SWCHB) return this.switches;
    return this.ddrb;
  }

  /** The low 32 bits of the cycle count: Stella's counters are 32-bit and only their differences count. */
  @inline private now(): u32 {
    return <u32>this.clock.cycles;
  }

  /**
   * INTIM as Stella computes it. The bus has already charged the reading cycle, and Stella measures
   * from the cycle before it. Until expiry the count falls by one per interval, starting one below
   * the written value. In the cycle of expiry it reads 0xFF. The first read two or more cycles after
   * expiry acknowledges the interrupt (clears TIMINT); from then on Stella keeps dividing by the
   * interval, offset by the cycles between expiry and that read (the real chip would count down once
   * per cycle instead).
   */
  private readTimer(acknowledge: bool): u8 {
    const delta = this.now() - 1 - this.cycleWhenSet;
    const beforeExpiry = this.countdown(delta);
    if (beforeExpiry >= 0) return <u8>beforeExpiry;

    const sinceExpiry = <i32>(this.timerCount << this.intervalShift) - <i32>delta - 1;
    let acknowledged = this.readAfterExpiry;
    let ackCycle = this.cycleWhenAcknowledged;
    if (sinceExpiry <= -2 && !acknowledged) {
      acknowledged = true;
      ackCycle = this.now();
      if (acknowledge) {
        this.readAfterExpiry = true;
        this.cycleWhenAcknowledged = ackCycle;
      }
    }
    if (!acknowledged) return <u8>sinceExpiry;
    const offset = <i32>(ackCycle - (this.cycleWhenSet + (this.timerCount << this.intervalShift)));
    return <u8>(<i32>this.timerCount - <i32>(delta >> this.intervalShift) - offset);
  }

  /**
   * What reading INTIM at CPU cycle count `cycles` returns while the timer has not expired (a read
   * then has no side effect), or a value above 0xFF once it has (read it through `readIo`). For the
   * fast CPU, which polls INTIM without leaving its loop.
   */
  @inline countBeforeExpiry(cycles: i64): u32 {
    const beforeExpiry = this.countdown(<u32>cycles - 1 - this.cycleWhenSet);
    return beforeExpiry >= 0 ? <u32>beforeExpiry : NOT_A_BYTE;
  }

  /** TIMINT: bit 7 set from expiry until INTIM is read after it (or the timer is written). */
  private interruptFlag(): u8 {
    return this.countdown(this.now() - 1 - this.cycleWhenSet) >= 0 || this.readAfterExpiry ? 0 : TIMER_FLAG;
  }

  /** INTIM before expiry, `delta` cycles after the write took effect: negative once the timer has expired. */
  @inline private countdown(delta: u32): i32 {
    return <i32>this.timerCount - <i32>(delta >> this.intervalShift) - 1;
  }

  save(w: StateWriter): void {
    w.bytes(changetype<usize>(this.ram), RIOT_RAM_BYTES);
    w.u32(this.timerCount);
    w.u8(<u8>this.intervalShift);
    w.u32(this.cycleWhenSet);
    w.u32(this.cycleWhenAcknowledged);
    w.bool(this.readAfterExpiry);
    w.u8(this.ddra);
    w.u8(this.ddrb);
  }

  /** The pins the caller drives (joystick port A, console switches); frame checkpoints only. */
  saveInputs(w: StateWriter): void {
    w.u8(this.portAPins);
    w.u8(this.switches);
  }

  loadInputs(r: StateReader): void {
    this.portAPins = r.u8();
    this.switches = r.u8();
  }

  load(r: StateReader): void {
    r.bytes(changetype<usize>(this.ram), RIOT_RAM_BYTES);
    this.timerCount = r.u32();
    const shift = <u32>r.u8();
    if (!isIntervalShift(shift)) r.fail();
    this.intervalShift = shift;
    this.cycleWhenSet = r.u32();
    this.cycleWhenAcknowledged = r.u32();
    this.readAfterExpiry = r.bool();
    this.ddra = r.u8();
    this.ddrb = r.u8();
  }
}

function isIntervalShift(shift: u32): bool {
  for (let i = 0; i < TIMER_INTERVAL_SHIFTS.length; i++) if (unchecked(TIMER_INTERVAL_SHIFTS[i]) == shift) return true;
  return false;
}
