/** The part of gifenc's API (https://github.com/mattdesl/gifenc) that src/media uses; the package ships no types. */
declare module 'gifenc' {
  export interface GifFrameOptions {
    /** [r, g, b] per entry; on the first frame it becomes the global colour table. */
    readonly palette?: readonly (readonly number[])[];
    /** Milliseconds; stored rounded to centiseconds. */
    readonly delay?: number;
    /** -1: play once, 0: loop forever, n: n extra loops (first frame only). */
    readonly repeat?: number;
    readonly first?: boolean;
    readonly transparent?: boolean;
    readonly transparentIndex?: number;
    readonly dispose?: number;
  }
  export interface GifEncoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: GifFrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
    bytesView(): Uint8Array;
    reset(): void;
  }
  export function GIFEncoder(options?: { auto?: boolean; initialCapacity?: number }): GifEncoder;
  const gifenc: { GIFEncoder: typeof GIFEncoder };
  export default gifenc;
}
