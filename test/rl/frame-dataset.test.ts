import { describe, expect, it } from 'vitest';
import { RlInputError } from '../../src/rl/errors.js';
import { FrameDataset } from '../../src/rl/frame-dataset.js';

const PLANE = 6;

/** A plane of PLANE bytes filled with v. */
const plane = (v: number) => new Uint8Array(PLANE).fill(v);
const stack = (...vs: number[]) => {
  const out = new Uint8Array(vs.length * PLANE);
  vs.forEach((v, i) => {
    out.set(plane(v), i * PLANE);
  });
  return out;
};

describe('FrameDataset', () => {
  it('stores shared planes once and gives every observation back byte for byte', () => {
    const d = new FrameDataset([3, 2, 3]);
    // Stream 0: a reset observation (one plane three times), then two frame-stack shifts.
    // Stream 1 interleaved, then a reset of stream 0 in mid-stream.
    const observations: [number, Uint8Array][] = [
      [0, stack(1, 1, 1)],
      [1, stack(7, 7, 7)],
      [0, stack(1, 1, 2)],
      [1, stack(7, 7, 8)],
      [0, stack(1, 2, 3)],
      [0, stack(9, 9, 9)],
      [0, stack(9, 9, 4)],
    ];
    observations.forEach(([s, obs], i) => {
      expect(d.add(s, obs, i % 5)).toBe(i);
    });
    // New planes: 1, 7, 2, 8, 3, 9, 4.
    expect(d.size).toBe(7);
    expect(d.storedPlanes).toBe(7);
    const out = new Uint8Array(7 * 3 * PLANE);
    d.gather([0, 1, 2, 3, 4, 5, 6], out);
    observations.forEach(([, obs], i) => {
      expect(out.subarray(i * 3 * PLANE, (i + 1) * 3 * PLANE)).toEqual(obs);
    });
    expect(Array.from(d.labels([6, 0, 2]))).toEqual([1, 0, 2]);
    const reversed = new Uint8Array(2 * 3 * PLANE);
    d.gather([4, 1], reversed);
    expect(reversed.subarray(0, 3 * PLANE)).toEqual(stack(1, 2, 3));
    expect(reversed.subarray(3 * PLANE)).toEqual(stack(7, 7, 7));
  });

  it('keeps planes apart when bytes differ even if a stacking rule would share them', () => {
    const d = new FrameDataset([2, 1, PLANE]);
    d.add(0, stack(1, 2), 0);
    // Not a shift of the previous observation (its first plane is not 2): both planes are new.
    d.add(0, stack(5, 6), 0);
    expect(d.storedPlanes).toBe(4);
    const out = new Uint8Array(2 * 2 * PLANE);
    d.gather([0, 1], out);
    expect(out).toEqual(new Uint8Array([...stack(1, 2), ...stack(5, 6)]));
  });

  it('rejects observations of the wrong size and indices out of range', () => {
    const d = new FrameDataset([2, 1, PLANE]);
    expect(() => d.add(0, new Uint8Array(3), 0)).toThrow(RlInputError);
    d.add(0, stack(1, 1), 0);
    expect(() => d.gather([1], new Uint8Array(2 * PLANE))).toThrow(RlInputError);
    expect(() => new FrameDataset([0, 1, 1])).toThrow(RlInputError);
  });
});
