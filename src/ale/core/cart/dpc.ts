// DPC (Pitfall II): F8-style 8 KiB program ROM (hotspots $1FF8/$1FF9, reset in bank 1) plus the
// Display Processor Chip: eight data fetchers over 2 KiB of display ROM, an 8-bit random number
// generator and three music fetchers, with registers read at $1000–$103F and written at
// $1040–$107F. Modelled as ALE 0.12's Stella models it:
// - the random generator is clocked on every access that reaches the chip's handler: the register
//   pages $1000–$107F and the hotspot page $1FC0–$1FFF (not the rest of the program ROM);
// - music fetchers are brought up to date only when the music amplitude is read, from the cycles
//   elapsed at Stella's 15,750 Hz / 1,193,191.67 Hz ratio, carrying the fractional clock in a double;
// - fetcher registers are set at power-on only; a system reset restores the bank and the music clock.
import { StateReader, StateWriter } from '../state';
import { CART_OFFSET_MASK, CART_WINDOW_BYTES, Cart, HOTSPOT_PAGE_START } from './cart';
import { CartType } from './types';

const BANK_BYTES: i32 = 4096;
const BANK_COUNT: i32 = 2;
const RESET_BANK: i32 = 1;
const BANK0_HOTSPOT: i32 = 0x0ff8;
const BANK1_HOTSPOT: i32 = 0x0ff9;
export const DPC_PROGRAM_BYTES: i32 = 8192;
const DISPLAY_BYTES: i32 = 2048;
/** Window offsets: registers are read below $40 and written at $40–$7F; program ROM follows. */
const READ_REGISTERS_END: i32 = 0x40;
const WRITE_REGISTERS_END: i32 = 0x80;
const FETCHERS: i32 = 8;
const FETCHER_INDEX_MASK: i32 = 0x07;
const FUNCTION_SHIFT: i32 = 3;
const FUNCTION_MASK: i32 = 0x07;
/** Fetchers 5–7 can run in music mode. */
const FIRST_MUSIC_FETCHER: i32 = 5;
const MUSIC_FETCHERS: i32 = 3;
/** Fetchers 0–3 read the random number through function 0; 4–7 read the music amplitude. */
const RANDOM_READ_FETCHERS: i32 = 4;
const COUNTER_MASK: u16 = 0x07ff;
const COUNTER_LOW_MASK: u16 = 0x00ff;
const COUNTER_HIGH_MASK: u16 = 0x0700;
const COUNTER_HIGH_SHIFT: i32 = 8;
const FLAG_SET: u8 = 0xff;
/** Counter-high writes to fetchers 5–7 switch music mode with bit 4. */
const MUSIC_MODE_BIT: u8 = 0x10;

// Read functions (address bits 3–5).
const READ_RANDOM_OR_MUSIC: i32 = 0;
const READ_DISPLAY: i32 = 1;
const READ_DISPLAY_AND_FLAG: i32 = 2;
const READ_FLAG: i32 = 7;
// Write functions.
const WRITE_TOP: i32 = 0;
const WRITE_BOTTOM: i32 = 1;
const WRITE_COUNTER_LOW: i32 = 2;
const WRITE_COUNTER_HIGH: i32 = 3;
const WRITE_RANDOM_RESET: i32 = 6;

/** The generator's input bit: NOT of the XOR of bits 7, 5, 4, 3, indexed by (bit7 << 3) | bits 5–3. */
const RANDOM_FEEDBACK: StaticArray<u8> = [1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1];
const RANDOM_TAP_SHIFT: i32 = 3;
const RANDOM_TAP_MASK: i32 = 0x07;
const RANDOM_BIT7: i32 = 0x80;
const RANDOM_BIT7_INDEX: i32 = 0x08;
/** The register must never be zero; power-on and the reset register load 1. */
const RANDOM_SEED: u8 = 1;
/** Music amplitude by the three music flags (fetcher 5 = bit 0). */
const MUSIC_AMPLITUDES: StaticArray<u8> = [0x00, 0x04, 0x05, 0x09, 0x06, 0x0a, 0x0b, 0x0f];
/** Stella's oscillator rate (Hz) and NTSC CPU clock (Hz) as written in its source. */
const DPC_OSCILLATOR_HZ: f64 = 15750.0;
const CPU_CLOCK_HZ: f64 = 1193191.66666667;
/** ALE stores the fractional clock in snapshots as a 32-bit integer count of 1e-8 (truncated). */
const FRACTION_SCALE: f64 = 100000000.0;

export class CartDPC extends Cart {
  private readonly tops: StaticArray<u8> = new StaticArray<u8>(FETCHERS);
  private readonly bottoms: StaticArray<u8> = new StaticArray<u8>(FETCHERS);
  private readonly counters: StaticArray<u16> = new StaticArray<u16>(FETCHERS);
  private readonly flags: StaticArray<u8> = new StaticArray<u8>(FETCHERS);
  private readonly musicMode: StaticArray<bool> = new StaticArray<bool>(MUSIC_FETCHERS);
  private random: u8 = RANDOM_SEED;
  private musicCycle: u32 = 0;
  private fractionalClocks: f64 = 0;
  private current: i32 = RESET_BANK;

  constructor() {
    super(CartType.DPC);
  }

  protected initialise(): void {
    for (let i = 0; i < FETCHERS; i++) {
      unchecked((this.tops[i] = 0));
      unchecked((this.bottoms[i] = 0));
      unchecked((this.counters[i] = 0));
      unchecked((this.flags[i] = 0));
    }
    for (let i = 0; i < MUSIC_FETCHERS; i++) unchecked((this.musicMode[i] = false));
    this.random = RANDOM_SEED;
    this.musicCycle = 0;
    this.fractionalClocks = 0;
    this.mapDevice(0, WRITE_REGISTERS_END);
    this.mapDevice(HOTSPOT_PAGE_START, CART_WINDOW_BYTES);
    this.selectBank(RESET_BANK);
  }

  reset(): void {
    this.musicCycle = this.now();
    this.fractionalClocks = 0;
    this.selectBank(RESET_BANK);
  }

  bank(): i32 {
    return this.current;
  }

  /** The random generator's register (for tests). */
  randomRegister(): u8 {
    return this.random;
  }

  @inline private now(): u32 {
    return <u32>this.ctx().clock.cycles;
  }

  private selectBank(bank: i32): void {
    this.current = bank;
    this.mapRom(WRITE_REGISTERS_END, HOTSPOT_PAGE_START, this.rom + <usize>(bank * BANK_BYTES + WRITE_REGISTERS_END));
  }

  private clockRandom(): void {
    const r = <i32>this.random;
    const index = ((r >> RANDOM_TAP_SHIFT) & RANDOM_TAP_MASK) | (r & RANDOM_BIT7 ? RANDOM_BIT7_INDEX : 0);
    this.random = <u8>((r << 1) | <i32>unchecked(RANDOM_FEEDBACK[index]));
  }

  private displayByte(fetcher: i32): u8 {
    return this.romByte(DPC_PROGRAM_BYTES + DISPLAY_BYTES - 1 - <i32>unchecked(this.counters[fetcher]));
  }

  private updateMusicFetchers(): void {
    const now = this.now();
    const cycles = <i32>(now - this.musicCycle);
    this.musicCycle = now;
    const clocks = (DPC_OSCILLATOR_HZ * <f64>cycles) / CPU_CLOCK_HZ + this.fractionalClocks;
    const whole = <i32>clocks;
    this.fractionalClocks = clocks - <f64>whole;
    if (whole <= 0) return;
    for (let m = 0; m < MUSIC_FETCHERS; m++) {
      if (!unchecked(this.musicMode[m])) continue;
      const x = FIRST_MUSIC_FETCHER + m;
      const top = <i32>unchecked(this.tops[x]);
      let low = <i32>(unchecked(this.counters[x]) & COUNTER_LOW_MASK);
      if (top != 0) {
        low -= whole % (top + 1);
        if (low < 0) low += top + 1;
      } else {
        low = 0;
      }
      if (low <= <i32>unchecked(this.bottoms[x])) unchecked((this.flags[x] = 0));
      else if (low <= top) unchecked((this.flags[x] = FLAG_SET));
      unchecked((this.counters[x] = (this.counters[x] & COUNTER_HIGH_MASK) | <u16>low));
    }
  }

  private musicAmplitude(): u8 {
    let index = 0;
    for (let m = 0; m < MUSIC_FETCHERS; m++) {
      if (unchecked(this.musicMode[m]) && unchecked(this.flags[FIRST_MUSIC_FETCHER + m])) index |= 1 << m;
    }
    return unchecked(MUSIC_AMPLITUDES[index]);
  }

  private readRegister(offset: i32): u8 {
    const fetcher = offset & FETCHER_INDEX_MASK;
    const fn = (offset >> FUNCTION_SHIFT) & FUNCTION_MASK;
    const low = <u8>(unchecked(this.counters[fetcher]) & COUNTER_LOW_MASK);
    if (low == unchecked(this.tops[fetcher])) unchecked((this.flags[fetcher] = FLAG_SET));
    else if (low == unchecked(this.bottoms[fetcher])) unchecked((this.flags[fetcher] = 0));

    let result: u8 = 0;
    if (fn == READ_RANDOM_OR_MUSIC) {
      if (fetcher < RANDOM_READ_FETCHERS) result = this.random;
      else {
        this.updateMusicFetchers();
        result = this.musicAmplitude();
      }
    } else if (fn == READ_DISPLAY) result = this.displayByte(fetcher);
    else if (fn == READ_DISPLAY_AND_FLAG) result = this.displayByte(fetcher) & unchecked(this.flags[fetcher]);
    else if (fn == READ_FLAG) result = unchecked(this.flags[fetcher]);

    const musicFetcher = fetcher >= FIRST_MUSIC_FETCHER && unchecked(this.musicMode[fetcher - FIRST_MUSIC_FETCHER]);
    if (!musicFetcher) unchecked((this.counters[fetcher] = (this.counters[fetcher] - 1) & COUNTER_MASK));
    return result;
  }

  private writeRegister(offset: i32, value: u8): void {
    const fetcher = offset & FETCHER_INDEX_MASK;
    const fn = (offset >> FUNCTION_SHIFT) & FUNCTION_MASK;
    const musicFetcher = fetcher >= FIRST_MUSIC_FETCHER;
    if (fn == WRITE_TOP) {
      unchecked((this.tops[fetcher] = value));
      unchecked((this.flags[fetcher] = 0));
    } else if (fn == WRITE_BOTTOM) {
      unchecked((this.bottoms[fetcher] = value));
    } else if (fn == WRITE_COUNTER_LOW) {
      // A music fetcher in music mode reloads its low counter from its top register.
      const low = musicFetcher && unchecked(this.musicMode[fetcher - FIRST_MUSIC_FETCHER]) ? unchecked(this.tops[fetcher]) : value;
      unchecked((this.counters[fetcher] = (this.counters[fetcher] & COUNTER_HIGH_MASK) | <u16>low));
    } else if (fn == WRITE_COUNTER_HIGH) {
      const high = <u16>(<i32>value << COUNTER_HIGH_SHIFT) & COUNTER_HIGH_MASK;
      unchecked((this.counters[fetcher] = high | (this.counters[fetcher] & COUNTER_LOW_MASK)));
      if (musicFetcher) unchecked((this.musicMode[fetcher - FIRST_MUSIC_FETCHER] = (value & MUSIC_MODE_BIT) != 0));
    } else if (fn == WRITE_RANDOM_RESET) {
      this.random = RANDOM_SEED;
    }
  }

  private hotspot(offset: i32): void {
    if (offset == BANK0_HOTSPOT) this.selectBank(0);
    else if (offset == BANK1_HOTSPOT) this.selectBank(1);
  }

  protected readDevice(address: u16): u8 {
    const offset = <i32>(address & CART_OFFSET_MASK);
    this.clockRandom();
    if (offset < READ_REGISTERS_END) return this.readRegister(offset);
    this.hotspot(offset);
    return this.romByte(this.current * BANK_BYTES + offset);
  }

  protected peekDevice(address: u16): u8 {
    const offset = <i32>(address & CART_OFFSET_MASK);
    if (offset >= READ_REGISTERS_END) return this.romByte(this.current * BANK_BYTES + offset);
    const fetcher = offset & FETCHER_INDEX_MASK;
    const fn = (offset >> FUNCTION_SHIFT) & FUNCTION_MASK;
    if (fn == READ_RANDOM_OR_MUSIC) return fetcher < RANDOM_READ_FETCHERS ? this.random : this.musicAmplitude();
    if (fn == READ_DISPLAY) return this.displayByte(fetcher);
    if (fn == READ_DISPLAY_AND_FLAG) return this.displayByte(fetcher) & unchecked(this.flags[fetcher]);
    if (fn == READ_FLAG) return unchecked(this.flags[fetcher]);
    return 0;
  }

  protected writeDevice(address: u16, value: u8): void {
    const offset = <i32>(address & CART_OFFSET_MASK);
    this.clockRandom();
    if (offset >= READ_REGISTERS_END && offset < WRITE_REGISTERS_END) this.writeRegister(offset, value);
    else this.hotspot(offset);
  }

  protected saveScheme(w: StateWriter): void {
    w.u8(<u8>this.current);
    w.bytes(changetype<usize>(this.tops), FETCHERS);
    w.bytes(changetype<usize>(this.bottoms), FETCHERS);
    for (let i = 0; i < FETCHERS; i++) w.u16(unchecked(this.counters[i]));
    w.bytes(changetype<usize>(this.flags), FETCHERS);
    for (let i = 0; i < MUSIC_FETCHERS; i++) w.bool(unchecked(this.musicMode[i]));
    w.u8(this.random);
    w.u32(this.musicCycle);
    w.u32(<u32>(this.fractionalClocks * FRACTION_SCALE));
  }

  protected loadScheme(r: StateReader): void {
    const bank = <i32>r.u8();
    r.bytes(changetype<usize>(this.tops), FETCHERS);
    r.bytes(changetype<usize>(this.bottoms), FETCHERS);
    for (let i = 0; i < FETCHERS; i++) unchecked((this.counters[i] = r.u16() & COUNTER_MASK));
    r.bytes(changetype<usize>(this.flags), FETCHERS);
    for (let i = 0; i < MUSIC_FETCHERS; i++) unchecked((this.musicMode[i] = r.bool()));
    this.random = r.u8();
    this.musicCycle = r.u32();
    // As ALE restores it: the fraction comes back quantised to 1e-8.
    this.fractionalClocks = <f64>r.u32() / FRACTION_SCALE;
    if (bank >= BANK_COUNT) {
      r.fail();
      return;
    }
    this.selectBank(bank);
  }
}

export function createCartDPC(): Cart {
  return new CartDPC();
}
