/**
 * numpy's SeedSequence, PCG64 and Generator.integers, and Gymnasium's ALE seeding. Expected values were
 * printed by numpy 2 (`SeedSequence(s).generate_state(...)`, `PCG64(s).random_raw(3)`,
 * `Generator(PCG64(SeedSequence(np_seed))).integers(1, 31)` …) and pasted here.
 */
import { describe, expect, it } from 'vitest';
import { WrapperConfigError } from '../../src/envs/errors.js';
import { gymnasiumSeeding, NumpyGenerator, Pcg64, SeedSequence } from '../../src/envs/np-random.js';

interface NumpyCase {
  seed: number;
  state4: string[];
  raw: string[];
  npSeed: number;
  aleSeed: number;
  noops: number[];
  mixed: [number, number, number, number];
}

const CASES: NumpyCase[] = [
  {
    seed: 0,
    state4: ['0xdb2cd7e7b0f478be', '0xabf4641a2c71ba49', '0x20c6ed6d9d7b8d41', '0x2c4099de223c39d4'],
    raw: ['0xa30febcfd9c2825f', '0x4510bdf882d9d721', '0xa7d3da94ecde8b8'],
    npSeed: 2968811710,
    aleSeed: -617818137,
    noops: [22, 1, 1, 30, 12, 24, 3, 3],
    mixed: [3653403230, 5, 635, 2195314465],
  },
  {
    seed: 1,
    state4: ['0x672d8ee56d6791ff', '0x8ae19ca14eb1072c', '0x4915796d1322fc4a', '0xd0cc2bdcaba049bd'],
    raw: ['0x8306bdf37922e4ff', '0xf35196bbc152a866', '0x24e7a4f608ec18cd'],
    npSeed: 1835504127,
    aleSeed: 1731038949,
    noops: [5, 23, 30, 5, 2, 13, 13, 8],
    mixed: [2032329982, 5, 510, 3243419750],
  },
  {
    seed: 42,
    state4: ['0x9f1e2e6dcd540ab7', '0xd57873dc79fb94b6', '0x7d282a1b64d420b7', '0x336579714692d5ff'],
    raw: ['0xc621fbcd16d92688', '0x705a5661a791ffc1', '0xdbcd12c26eda1624'],
    npSeed: 3444837047,
    aleSeed: -1625411987,
    noops: [11, 29, 18, 22, 1, 15, 11, 27],
    mixed: [383329927, 5, 773, 2811363265],
  },
  {
    seed: 123,
    state4: ['0xb1383ed0295844f6', '0xa250632e171d58af', '0x86a7247f7443199d', '0x136de7e3c11fce1d'],
    raw: ['0xaeae9c9903f3e9cd', '0xdc736db97cb6d23', '0x3869812ee8b9ea96'],
    npSeed: 693650678,
    aleSeed: -1321713968,
    noops: [4, 13, 1, 6, 4, 18, 25, 13],
    mixed: [66316748, 5, 681, 2546691363],
  },
  {
    seed: 2 ** 31 + 5,
    state4: ['0x33dab8348acd2b9d', '0x26fd8fb701061306', '0x3b5ef3c077a55205', '0xcd81589b9686c4d6'],
    raw: ['0xba1b19cba37717f0', '0x7a05f5978a01d4f4', '0x42ee06b356d96eb4'],
    npSeed: 2328701853,
    aleSeed: 869972020,
    noops: [30, 13, 6, 9, 6, 30, 11, 28],
    mixed: [2742491119, 5, 726, 2315375860],
  },
  {
    seed: 2 ** 40 + 7,
    state4: ['0xd8672e10e3d1a15', '0x9aef4ada4ecfa161', '0x999c1c3b83dba903', '0x408927dc0dc8a316'],
    raw: ['0xd46e9e2034de21aa', '0x415badc99c087675', '0x275ed40f045acb84'],
    npSeed: 238885397,
    aleSeed: 226915041,
    noops: [11, 6, 5, 30, 6, 28, 17, 3],
    mixed: [886972841, 5, 829, 2617800309],
  },
];

describe('numpy random stack', () => {
  for (const c of CASES) {
    it(`seed ${c.seed}: SeedSequence, PCG64 raw output and Generator.integers match numpy`, () => {
      expect(new SeedSequence(c.seed).generateState64(4).map((v) => `0x${v.toString(16)}`)).toEqual(c.state4);
      const bits = new Pcg64(new SeedSequence(c.seed));
      expect([bits.next64(), bits.next64(), bits.next64()].map((v) => `0x${v.toString(16)}`)).toEqual(c.raw);
      const g = new NumpyGenerator(c.seed);
      expect([g.integers(0, 2 ** 32 - 1), g.integers(5, 6), g.integers(-3, 1000), g.integers(0, 2 ** 32)]).toEqual(
        c.mixed,
      );
    });

    it(`seed ${c.seed}: Gymnasium's ALE seeding gives numpy's np_seed, ALE seed and no-op draws`, () => {
      const s = gymnasiumSeeding(c.seed);
      expect([s.npSeed, s.aleSeed]).toEqual([c.npSeed, c.aleSeed]);
      expect(c.noops.map(() => s.npRandom.integers(1, 31))).toEqual(c.noops);
    });
  }

  it('rejects what it does not implement', () => {
    expect(() => new SeedSequence(-1)).toThrow(WrapperConfigError);
    expect(() => new SeedSequence(1.5)).toThrow(WrapperConfigError);
    const g = new NumpyGenerator(0);
    expect(() => g.integers(3, 3)).toThrow(WrapperConfigError);
    expect(() => g.integers(0, 2 ** 33)).toThrow(/not implemented/);
  });
});
