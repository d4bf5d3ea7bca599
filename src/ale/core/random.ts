// The emulator's own random generator: Stella's `System::rng()`, which ALE 0.12 backs with C++11
// `std::mt19937` seeded from the `system_random_seed` setting (default 4753849). Stella draws from it
// when the console is built (the RIOT's 128 RAM bytes, then its timer) and on every system reset
// (the RIOT timer, then the RAM of cartridges that have some), so those draws must come from this
// stream, in that order, for power-on RAM and timers to match ALE.
// The TypeScript twin is src/ale/rng.ts; both are checked against the same mt19937 reference outputs.

/** MT19937 parameters (Matsumoto & Nishimura 1998; C++11 `mt19937`). */
const MT_WORDS: i32 = 624;
const MT_SHIFT: i32 = 397;
const MT_MATRIX_A: u32 = 0x9908b0df;
const MT_UPPER_MASK: u32 = 0x80000000;
const MT_LOWER_MASK: u32 = 0x7fffffff;
const MT_INIT_MULTIPLIER: u32 = 1812433253;
const MT_TEMPER_B: u32 = 0x9d2c5680;
const MT_TEMPER_C: u32 = 0xefc60000;

/** Stella's default `system_random_seed`. */
export const DEFAULT_SYSTEM_SEED: u32 = 4753849;

/** Bytes of a saved generator: 624 state words and the read index. */
export const RANDOM_STATE_BYTES: i32 = (MT_WORDS + 1) * 4;

export class Random {
  private readonly mt: StaticArray<u32> = new StaticArray<u32>(MT_WORDS);
  private index: i32 = MT_WORDS;

  constructor(seed: u32 = DEFAULT_SYSTEM_SEED) {
    this.seed(seed);
  }

  /** `std::mt19937::seed(value)`. */
  seed(value: u32): void {
    unchecked((this.mt[0] = value));
    for (let i = 1; i < MT_WORDS; i++) {
      const prev = unchecked(this.mt[i - 1]);
      unchecked((this.mt[i] = MT_INIT_MULTIPLIER * (prev ^ (prev >>> 30)) + <u32>i));
    }
    this.index = MT_WORDS;
  }

  /** The next 32-bit output (Stella `Random::next()`). */
  next(): u32 {
    if (this.index >= MT_WORDS) this.twist();
    let y = unchecked(this.mt[this.index++]);
    y ^= y >>> 11;
    y ^= (y << 7) & MT_TEMPER_B;
    y ^= (y << 15) & MT_TEMPER_C;
    y ^= y >>> 18;
    return y;
  }

  private twist(): void {
    for (let i = 0; i < MT_WORDS; i++) {
      const y = (unchecked(this.mt[i]) & MT_UPPER_MASK) | (unchecked(this.mt[(i + 1) % MT_WORDS]) & MT_LOWER_MASK);
      let v = unchecked(this.mt[(i + MT_SHIFT) % MT_WORDS]) ^ (y >>> 1);
      if (y & 1) v ^= MT_MATRIX_A;
      unchecked((this.mt[i] = v));
    }
    this.index = 0;
  }

  /** Writes the state (RANDOM_STATE_BYTES bytes, little-endian) at `ptr`. */
  save(ptr: usize): void {
    for (let i = 0; i < MT_WORDS; i++) store<u32>(ptr + (<usize>i << 2), unchecked(this.mt[i]));
    store<u32>(ptr + (<usize>MT_WORDS << 2), <u32>this.index);
  }

  /** Reads a state written by `save`; returns false (and changes nothing) if the index is out of range. */
  load(ptr: usize): bool {
    const index = load<u32>(ptr + (<usize>MT_WORDS << 2));
    if (index > <u32>MT_WORDS) return false;
    for (let i = 0; i < MT_WORDS; i++) unchecked((this.mt[i] = load<u32>(ptr + (<usize>i << 2))));
    this.index = <i32>index;
    return true;
  }
}
