import { describe, expect, it } from 'vitest';
import { RngStateError } from '../../src/ale/errors.js';
import { environmentSeed, MT19937_DEFAULT_SEED, MT19937_STATE_BYTES, Mt19937 } from '../../src/ale/rng.js';

/** Outputs n (1-based) of std::mt19937 seeded with `seed`, printed by libstdc++ (g++ 13, <random>). */
const LIBSTDCXX_OUTPUTS: Record<number, Record<number, number>> = {
  0: { 1: 2357136044, 2: 2546248239, 3: 3071714933, 624: 3791854820, 625: 341544762, 1250: 2422637952 },
  123: { 1: 2991312382, 2: 3062119789, 3: 1228959102, 624: 1058258670, 625: 1280954235, 1250: 3794669268 },
  4753849: { 1: 3205607096, 2: 2794184854, 3: 4236690624, 624: 1872346287, 625: 1186351700, 1250: 1284096579 },
  2147483647: { 1: 1689602031, 2: 3831148394, 3: 2820341149, 624: 783587695, 625: 3361712287, 1250: 2201822748 },
  4294967295: { 1: 419326371, 2: 479346978, 3: 3918654476, 624: 1027084080, 625: 3860652269, 1250: 3040777976 },
};

function outputs(g: Mt19937, count: number): number[] {
  return Array.from({ length: count }, () => g.next());
}

describe('Mt19937 (std::mt19937 as ALE uses it)', () => {
  it('gives the 10000th output the C++ standard requires for the default seed', () => {
    // C++11 [rand.predef]: the 10000th consecutive invocation of a default-constructed mt19937 yields 4123659995.
    const g = new Mt19937();
    g.discard(9999);
    expect(g.next()).toBe(4123659995);
  });

  it('starts the default seed with the published first outputs', () => {
    expect(MT19937_DEFAULT_SEED).toBe(5489);
    expect(outputs(new Mt19937(), 3)).toEqual([3499211612, 581869302, 3890346734]);
    expect(outputs(new Mt19937(1), 3)).toEqual([1791095845, 4282876139, 3093770124]);
  });

  it.each(Object.keys(LIBSTDCXX_OUTPUTS).map(Number))(
    'matches libstdc++ for seed %i across two state refills',
    (seed) => {
      const g = new Mt19937(seed);
      const got = outputs(g, 1250);
      for (const [n, value] of Object.entries(LIBSTDCXX_OUTPUTS[seed]!))
        expect(got[Number(n) - 1], `output ${n}`).toBe(value);
    },
  );

  it("draws Stella's nextDouble as output / 2^32 (libstdc++ values for seed 123)", () => {
    const g = new Mt19937(123);
    const doubles = [0.69646918727084994, 0.71295532141812146, 0.28613933874294162, 0.42847092496231198];
    for (const d of doubles) expect(g.nextDouble()).toBe(d);
  });

  it('keeps nextDouble in [0, 1)', () => {
    const g = new Mt19937(7);
    for (let i = 0; i < 5000; i++) {
      const d = g.nextDouble();
      expect(d >= 0 && d < 1).toBe(true);
    }
  });

  it('re-seeding restarts the stream; only the low 32 bits of the seed count', () => {
    const g = new Mt19937(99);
    const first = outputs(g, 700);
    g.seed(99);
    expect(outputs(g, 700)).toEqual(first);
    expect(outputs(new Mt19937(2 ** 32 + 5), 5)).toEqual(outputs(new Mt19937(5), 5));
  });

  it('saves and restores the state mid-stream, including across a refill', () => {
    const g = new Mt19937(4753849);
    g.discard(620);
    const saved = g.saveState();
    expect(saved.length).toBe(MT19937_STATE_BYTES);
    const expected = outputs(g, 20);
    const h = new Mt19937(1);
    h.loadState(saved);
    expect(outputs(h, 20)).toEqual(expected);
    const c = new Mt19937(1);
    c.loadState(saved);
    const copy = c.clone();
    expect(outputs(copy, 20)).toEqual(expected);
  });

  it('rejects state bytes that are too short or carry an impossible index', () => {
    const g = new Mt19937();
    expect(() => g.loadState(new Uint8Array(10))).toThrow(RngStateError);
    const bad = g.saveState();
    new DataView(bad.buffer).setUint32(624 * 4, 625, true);
    expect(() => g.loadState(bad)).toThrow(RngStateError);
    expect(() => g.saveStateInto(new Uint8Array(100), 0)).toThrow(RngStateError);
  });

  it('seeds the environment generator from random_seed, or from the clock for -1', () => {
    expect(environmentSeed(123)).toBe(123);
    expect(environmentSeed(0)).toBe(0);
    expect(environmentSeed(-1, 1_700_000_123_456)).toBe(1_700_000_123);
  });
});
