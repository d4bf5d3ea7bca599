/**
 * ALE's random number generator: Stella's `Random`, which ALE 0.12 backs with C++11 `std::mt19937`
 * (the 32-bit Mersenne Twister, MT19937 of Matsumoto & Nishimura 1998). ALE keeps two of them:
 *
 * - the environment generator, seeded from the `random_seed` setting when a ROM is loaded, drawn by
 *   sticky actions (`nextDouble()` twice per emulated frame) and by a few games' mode selection;
 * - the system generator inside the emulator core, seeded from `system_random_seed`, drawn when the
 *   console powers on and resets (RIOT RAM and timer, cartridge RAM).
 *
 * `nextDouble()` is Stella's formula: one 32-bit output divided by 2^32 (`mt() / (max() + 1.0)`), so it
 * lies in [0, 1) and is a multiple of 2^-32.
 */
import { RngStateError } from './errors.js';

/** MT19937 parameters (Matsumoto & Nishimura 1998; C++11 [rand.predef] `mt19937`). */
const STATE_WORDS = 624;
const SHIFT_SIZE = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const INIT_MULTIPLIER = 1812433253;
const TEMPER_B = 0x9d2c5680;
const TEMPER_C = 0xefc60000;

/** `std::mt19937`'s default seed (`default_seed`). */
export const MT19937_DEFAULT_SEED = 5489;
/** 2^32: `nextDouble()` divides a 32-bit output by `mt19937::max() + 1`. */
const TWO_POW_32 = 4294967296;

/** Bytes of `Mt19937.saveState()`: the 624 state words and the read index, little-endian u32. */
export const MT19937_STATE_BYTES = (STATE_WORDS + 1) * 4;

export class Mt19937 {
  private readonly mt = new Uint32Array(STATE_WORDS);
  private index = STATE_WORDS;

  constructor(seed: number = MT19937_DEFAULT_SEED) {
    this.seed(seed);
  }

  /** Re-seeds as `std::mt19937::seed(value)`: only the low 32 bits of `value` count. */
  seed(value: number): void {
    const mt = this.mt;
    mt[0] = value >>> 0;
    for (let i = 1; i < STATE_WORDS; i++) {
      const prev = mt[i - 1]!;
      // Math.imul keeps the 32-bit product exact where a float multiply would round.
      mt[i] = (Math.imul(INIT_MULTIPLIER, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.index = STATE_WORDS;
  }

  /** The next 32-bit output, as an unsigned integer in [0, 2^32). */
  next(): number {
    if (this.index >= STATE_WORDS) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & TEMPER_B;
    y ^= (y << 15) & TEMPER_C;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Stella's `Random::nextDouble()`: the next output divided by 2^32, in [0, 1). */
  nextDouble(): number {
    return this.next() / TWO_POW_32;
  }

  /** Advances by `count` outputs (`std::mt19937::discard`). */
  discard(count: number): void {
    for (let i = 0; i < count; i++) this.next();
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < STATE_WORDS; i++) {
      const y = (mt[i]! & UPPER_MASK) | (mt[(i + 1) % STATE_WORDS]! & LOWER_MASK);
      mt[i] = mt[(i + SHIFT_SIZE) % STATE_WORDS]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }

  /** The full generator state (`MT19937_STATE_BYTES` bytes), for `loadState`. */
  saveState(): Uint8Array {
    const out = new Uint8Array(MT19937_STATE_BYTES);
    this.saveStateInto(out, 0);
    return out;
  }

  /** Writes the state at `offset` of `out`; returns the offset after it. */
  saveStateInto(out: Uint8Array, offset: number): number {
    if (offset < 0 || offset + MT19937_STATE_BYTES > out.length) {
      throw new RngStateError(
        `Mt19937.saveStateInto: ${MT19937_STATE_BYTES} bytes do not fit at offset ${offset} of a ${out.length}-byte buffer`,
      );
    }
    const view = new DataView(out.buffer, out.byteOffset + offset, MT19937_STATE_BYTES);
    for (let i = 0; i < STATE_WORDS; i++) view.setUint32(i * 4, this.mt[i]!, true);
    view.setUint32(STATE_WORDS * 4, this.index, true);
    return offset + MT19937_STATE_BYTES;
  }

  /** Restores a state written by `saveState`/`saveStateInto`; returns the offset after it. */
  loadState(bytes: Uint8Array, offset = 0): number {
    if (offset < 0 || offset + MT19937_STATE_BYTES > bytes.length) {
      throw new RngStateError(
        `Mt19937.loadState: need ${MT19937_STATE_BYTES} bytes at offset ${offset}, the buffer has ${bytes.length}; pass bytes written by saveState`,
      );
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, MT19937_STATE_BYTES);
    const index = view.getUint32(STATE_WORDS * 4, true);
    if (index > STATE_WORDS) {
      throw new RngStateError(
        `Mt19937.loadState: read index ${index} is past the ${STATE_WORDS}-word state; the bytes are not a saved generator`,
      );
    }
    for (let i = 0; i < STATE_WORDS; i++) this.mt[i] = view.getUint32(i * 4, true);
    this.index = index;
    return offset + MT19937_STATE_BYTES;
  }

  /** An independent generator in the same state. */
  clone(): Mt19937 {
    const copy = new Mt19937(0);
    copy.loadState(this.saveState());
    return copy;
  }
}

/**
 * The seed ALE gives the environment generator for a `random_seed` setting: the setting itself, or,
 * for -1, the wall-clock time in whole seconds (C `time(NULL)`), so such runs are not reproducible.
 */
export function environmentSeed(randomSeed: number, nowMs: number = Date.now()): number {
  return randomSeed === -1 ? Math.floor(nowMs / 1000) >>> 0 : randomSeed >>> 0;
}
