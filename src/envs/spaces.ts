/**
 * Gymnasium-style spaces: `Box` (a typed array of fixed shape and dtype, with bounds) and `Discrete`
 * (actions 0..n−1 with their ALE meanings).
 */
import { InvalidActionError, ShapeMismatchError, WrapperConfigError } from './errors.js';

/** Element types of observations; each maps to one typed array class. */
export type BoxDType = 'uint8' | 'float32';

export type BoxArray<D extends BoxDType> = D extends 'uint8' ? Uint8Array : Float32Array;

/** The observation buffers envs return: a flat typed array, laid out row-major by the space's shape. */
export type Observation = Uint8Array | Float32Array;

/** A box of `shape` elements of `dtype`, each in [low, high]. Observations are flat, row-major typed arrays. */
export class Box<D extends BoxDType = BoxDType> {
  readonly shape: readonly number[];
  readonly dtype: D;
  readonly low: number;
  readonly high: number;
  /** Number of elements: the product of the shape. */
  readonly size: number;

  constructor(shape: readonly number[], dtype: D, low: number, high: number) {
    if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new WrapperConfigError(
        `Box: shape must be a non-empty list of positive integers, got [${shape.join(', ')}]`,
      );
    }
    if (!(low <= high)) throw new WrapperConfigError(`Box: low (${low}) must not exceed high (${high})`);
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.low = low;
    this.high = high;
    this.size = shape.reduce((a, b) => a * b, 1);
  }

  /** A zeroed buffer for one observation of this space. */
  allocate(): BoxArray<D> {
    return (this.dtype === 'uint8' ? new Uint8Array(this.size) : new Float32Array(this.size)) as BoxArray<D>;
  }

  /** Whether `x` is an observation of this space: right array type, length and bounds. */
  contains(x: unknown): boolean {
    const ctor = this.dtype === 'uint8' ? Uint8Array : Float32Array;
    if (!(x instanceof ctor) || x.length !== this.size) return false;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (!(v >= this.low && v <= this.high)) return false;
    }
    return true;
  }

  /** Throws ShapeMismatchError unless this box has `dtype` and `shape` (use `undefined` in `shape` for "any"). */
  expect(what: string, dtype: BoxDType, shape: readonly (number | undefined)[]): void {
    const shapeOk = shape.length === this.shape.length && shape.every((d, i) => d === undefined || d === this.shape[i]);
    if (this.dtype !== dtype || !shapeOk) {
      const want = shape.map((d) => d ?? '*').join('×');
      throw new ShapeMismatchError(`${what} needs a ${dtype} ${want} observation space, got ${this.toString()}`);
    }
  }

  equals(other: Box): boolean {
    return (
      this.dtype === other.dtype &&
      this.low === other.low &&
      this.high === other.high &&
      this.shape.length === other.shape.length &&
      this.shape.every((d, i) => d === other.shape[i])
    );
  }

  toString(): string {
    return `Box(${this.low}, ${this.high}, [${this.shape.join(', ')}], ${this.dtype})`;
  }
}

/** Actions 0..n−1; `meanings[i]` is ALE's name for action i (e.g. NOOP, FIRE, UP). */
export class Discrete {
  readonly n: number;
  readonly meanings: readonly string[];

  constructor(n: number, meanings?: readonly string[]) {
    if (!Number.isInteger(n) || n <= 0)
      throw new WrapperConfigError(`Discrete: n must be a positive integer, got ${n}`);
    if (meanings && meanings.length !== n) {
      throw new WrapperConfigError(
        `Discrete: ${meanings.length} action meanings for ${n} actions; give one per action`,
      );
    }
    this.n = n;
    this.meanings = Object.freeze(meanings ? [...meanings] : []);
  }

  contains(action: unknown): action is number {
    return typeof action === 'number' && Number.isInteger(action) && action >= 0 && action < this.n;
  }

  /** Throws InvalidActionError unless `action` is in this space. */
  check(action: unknown): void {
    if (!this.contains(action)) throw new InvalidActionError(action, this.n, this.meanings);
  }

  toString(): string {
    return `Discrete(${this.n})`;
  }
}
