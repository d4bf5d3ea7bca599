/** Fast element-wise comparison for large typed arrays (vitest's deep equality is slow on them). */
export interface Mismatch {
  readonly count: number;
  readonly first: number;
  readonly lengths: readonly [number, number];
}

/** Number of differing elements (Object.is for floats), the first differing index (−1 if none), and both lengths. */
export function mismatches(a: ArrayLike<number>, b: ArrayLike<number>): Mismatch {
  let count = 0;
  let first = -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (!Object.is(a[i], b[i])) {
      if (first < 0) first = i;
      count++;
    }
  }
  return { count: count + Math.abs(a.length - b.length), first, lengths: [a.length, b.length] };
}

export const NO_MISMATCH = { count: 0, first: -1 } as const;
