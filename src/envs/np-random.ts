/**
 * numpy's default random stack, reproduced so that seeded runs draw exactly what Gymnasium draws:
 * `SeedSequence` (numpy/random/bit_generator.pyx), the `PCG64` bit generator (128-bit LCG with XSL-RR
 * output, numpy/random/src/pcg64) and `Generator.integers(low, high)` for int64 results (Lemire's
 * bounded method on 32-bit draws, numpy/random/src/distributions, for ranges up to 2^32).
 *
 * Gymnasium's ALE env seeds itself this way (ale_py env.py `seed_game`):
 *   ss = SeedSequence(seed); np_seed, ale_seed = ss.generate_state(2)
 *   np_random = Generator(PCG64(SeedSequence(np_seed)))   # gymnasium.utils.seeding.np_random
 *   ALE random_seed = int32(ale_seed)
 * `gymnasiumSeeding(seed)` returns both, so a base env built on it draws the same no-op counts as Gymnasium.
 */
import { WrapperConfigError } from './errors.js';
import type { EnvRandom } from './types.js';

// SeedSequence hashing constants (numpy bit_generator.pyx, after M. E. O'Neill's seed_seq_fe).
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;
const POOL_SIZE = 4;

const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;
/** PCG's 128-bit LCG multiplier (PCG_DEFAULT_MULTIPLIER_128). */
const PCG_MULTIPLIER = 0x2360ed051fc65da44385df649fccf645n;
const ROTATE_SHIFT = 122n;
const UINT32_MAX = 0xffffffff;

/** numpy SeedSequence for a non-negative integer entropy (no spawn key). */
export class SeedSequence {
  private readonly pool = new Uint32Array(POOL_SIZE);

  constructor(entropy: number | bigint) {
    const words = toWords(entropy);
    let hashConst = INIT_A;
    const hashmix = (value: number): number => {
      let v = (value ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_A) >>> 0;
      v = Math.imul(v, hashConst) >>> 0;
      return (v ^ (v >>> XSHIFT)) >>> 0;
    };
    const mix = (x: number, y: number): number => {
      const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
      return (r ^ (r >>> XSHIFT)) >>> 0;
    };
    const pool = this.pool;
    for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(words[i] ?? 0);
    for (let src = 0; src < POOL_SIZE; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) {
        if (src !== dst) pool[dst] = mix(pool[dst]!, hashmix(pool[src]!));
      }
    }
    for (let src = POOL_SIZE; src < words.length; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst]!, hashmix(words[src]!));
    }
  }

  /** `generate_state(n, uint32)`. */
  generateState(nWords: number): Uint32Array {
    const out = new Uint32Array(nWords);
    let hashConst = INIT_B;
    for (let i = 0; i < nWords; i++) {
      let v = (this.pool[i % POOL_SIZE]! ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      v = Math.imul(v, hashConst) >>> 0;
      out[i] = (v ^ (v >>> XSHIFT)) >>> 0;
    }
    return out;
  }

  /** `generate_state(n, uint64)`: pairs of 32-bit words, low word first. */
  generateState64(nWords: number): bigint[] {
    const w = this.generateState(nWords * 2);
    return Array.from({ length: nWords }, (_, i) => (BigInt(w[2 * i + 1]!) << 32n) | BigInt(w[2 * i]!));
  }
}

/** An integer's 32-bit little-endian words, as numpy `_coerce_to_uint32_array` splits it (0 → [0]). */
function toWords(entropy: number | bigint): number[] {
  if ((typeof entropy === 'number' && !Number.isSafeInteger(entropy)) || entropy < 0) {
    throw new WrapperConfigError(`SeedSequence: entropy must be a non-negative integer, got ${entropy}`);
  }
  let e = BigInt(entropy);
  const words: number[] = [];
  do {
    words.push(Number(e & 0xffffffffn));
    e >>= 32n;
  } while (e > 0n);
  return words;
}

/** numpy PCG64 (XSL-RR 128/64), with numpy's 32-bit half buffering. */
export class Pcg64 {
  private state: bigint;
  private readonly inc: bigint;
  private hasUint32 = false;
  private uinteger = 0;

  constructor(seed: SeedSequence) {
    const [s0, s1, i0, i1] = seed.generateState64(4) as [bigint, bigint, bigint, bigint];
    const initState = (s0 << 64n) | s1;
    const initSeq = (i0 << 64n) | i1;
    this.inc = ((initSeq << 1n) | 1n) & MASK128;
    this.state = 0n;
    this.advance();
    this.state = (this.state + initState) & MASK128;
    this.advance();
  }

  private advance(): void {
    this.state = (this.state * PCG_MULTIPLIER + this.inc) & MASK128;
  }

  /** `random_raw()`: the next 64-bit output. */
  next64(): bigint {
    this.advance();
    const value = ((this.state >> 64n) ^ this.state) & MASK64;
    const rot = this.state >> ROTATE_SHIFT;
    return ((value >> rot) | (value << ((64n - rot) & 63n))) & MASK64;
  }

  /** numpy `next_uint32`: the low half of a 64-bit output, then its high half on the next call. */
  next32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    const next = this.next64();
    this.hasUint32 = true;
    this.uinteger = Number(next >> 32n);
    return Number(next & 0xffffffffn);
  }
}

/** numpy `Generator(PCG64(seed))`, with `integers` for ranges of up to 2^32 values. */
export class NumpyGenerator implements EnvRandom {
  readonly bitGenerator: Pcg64;

  constructor(seed: number | bigint | SeedSequence) {
    this.bitGenerator = new Pcg64(seed instanceof SeedSequence ? seed : new SeedSequence(seed));
  }

  /** `integers(low, high)`: uniform in [low, high), int64 result, as numpy draws it. */
  integers(low: number, high: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high <= low) {
      throw new WrapperConfigError(`integers: need integers low < high, got [${low}, ${high})`);
    }
    const rng = high - 1 - low;
    if (rng > UINT32_MAX) {
      throw new WrapperConfigError(`integers: ranges above 2^32 values are not implemented, got ${rng + 1}`);
    }
    if (rng === 0) return low;
    if (rng === UINT32_MAX) return low + this.bitGenerator.next32();
    // Lemire's nearly divisionless method on 32-bit draws (numpy buffered_bounded_lemire_uint32).
    const rngExcl = rng + 1;
    let m = BigInt(this.bitGenerator.next32()) * BigInt(rngExcl);
    let leftover = Number(m & 0xffffffffn);
    if (leftover < rngExcl) {
      const threshold = (UINT32_MAX - rng) % rngExcl;
      while (leftover < threshold) {
        m = BigInt(this.bitGenerator.next32()) * BigInt(rngExcl);
        leftover = Number(m & 0xffffffffn);
      }
    }
    return low + Number(m >> 32n);
  }
}

export interface GymnasiumSeeds {
  /** Seed of the env's `np_random` (a uint32). */
  readonly npSeed: number;
  /** ALE `random_seed` (the second word as int32). */
  readonly aleSeed: number;
  /** `np_random`: what NoopReset and AtariPreprocessing draw no-op counts from. */
  readonly npRandom: NumpyGenerator;
}

/** The seeds Gymnasium's ALE env derives from `reset(seed=...)`. */
export function gymnasiumSeeding(seed: number | bigint): GymnasiumSeeds {
  const [npSeed, aleWord] = new SeedSequence(seed).generateState(2) as unknown as [number, number];
  return { npSeed, aleSeed: aleWord | 0, npRandom: new NumpyGenerator(npSeed) };
}
