/**
 * The WebAssembly kernel behind MaxAndSkipWarp (source: assembly/warp.as, compiled into warp-kernel-binary.ts
 * by `npm run build:env-kernels`): from the two palette-index frames MaxAndSkip keeps, the INTER_AREA resize
 * of gray(max(rgb(a), rgb(b))), redoing only what changed since the previous call, bit for bit what
 * `AreaResizer` gives for the same gray frame. Each instance has its own memory (so any number of envs run
 * side by side), laid out once: the frame slots the caller fills, the previous frames, the gray frame, the
 * resizer's tables and row cache, and the output.
 */
import { Buffer } from 'node:buffer';
import { WrapperConfigError } from '../errors.js';
import { AreaResizer } from './area-resize.js';
import { WARP_KERNEL_WASM_BASE64 } from './warp-kernel-binary.js';

/** The kernel compares 16-byte vectors, so a screen row must be a whole number of them. */
const VECTOR_BYTES = 16;
const PAGE_BYTES = 65_536;
const PAIR_TABLE_BYTES = 65_536;

interface WarpExports {
  diffGray(
    a: number,
    b: number,
    pa: number,
    pb: number,
    gray: number,
    table: number,
    colFrom: number,
    colTo: number,
    rows: number,
    rowBytes: number,
    all: number,
  ): void;
  resize(
    gray: number,
    rows: number,
    out: number,
    colFrom: number,
    colTo: number,
    cellFrom: number,
    cellTo: number,
    firstCell: number,
    lastCell: number,
    xStart: number,
    xSrc: number,
    xAlpha: number,
    yStart: number,
    ySrc: number,
    yAlpha: number,
    srcH: number,
    srcW: number,
    dstH: number,
    dstW: number,
    all: number,
  ): void;
}

let compiled: WebAssembly.Module | undefined;
/** Compiled on first use and shared: a module holds no state, only its instances' memories do. */
function warpModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(WARP_KERNEL_WASM_BASE64, 'base64'));
  return compiled;
}

/** Hands out 16-byte-aligned regions of a memory laid out once. */
class Layout {
  size = 0;
  take(bytes: number): number {
    const at = this.size;
    this.size += Math.ceil(bytes / VECTOR_BYTES) * VECTOR_BYTES;
    return at;
  }
}

/** A frame slot in the kernel's memory: its address and a byte view of it. */
export interface KernelFrame {
  readonly at: number;
  readonly bytes: Uint8Array;
}

export class WarpKernel {
  /** The slots MaxAndSkip fills (repeats skip−2 and skip−1) and the reset frame's. */
  readonly secondLast: KernelFrame;
  readonly last: KernelFrame;
  readonly resetScreen: KernelFrame;
  /** The resized output, rewritten by each `warp`. */
  readonly out: Uint8Array;
  private readonly kernel: WarpExports;
  private readonly at: Readonly<Record<string, number>>;
  private readonly srcHeight: number;
  private readonly srcWidth: number;
  private readonly dstHeight: number;
  private readonly dstWidth: number;
  private hasPrev = false;

  /**
   * `pairTable[a << 8 | b]`: the gray level of the pixel pair (a, b) of screen bytes; the resize is that of an
   * `AreaResizer(srcHeight, srcWidth, dstHeight, dstWidth)`.
   */
  constructor(srcHeight: number, srcWidth: number, dstHeight: number, dstWidth: number, pairTable: Uint8Array) {
    if (srcWidth % VECTOR_BYTES !== 0) {
      throw new WrapperConfigError(`WarpKernel: screen width ${srcWidth} is not a multiple of ${VECTOR_BYTES}`);
    }
    if (pairTable.length !== PAIR_TABLE_BYTES) {
      throw new WrapperConfigError(
        `WarpKernel: the pair table holds ${pairTable.length} bytes, not ${PAIR_TABLE_BYTES}`,
      );
    }
    const tables = new AreaResizer(srcHeight, srcWidth, dstHeight, dstWidth).tables();
    const pixels = srcHeight * srcWidth;
    const i32 = Int32Array.BYTES_PER_ELEMENT;
    const layout = new Layout();
    const at = {
      table: layout.take(PAIR_TABLE_BYTES),
      secondLast: layout.take(pixels),
      last: layout.take(pixels),
      resetScreen: layout.take(pixels),
      prevA: layout.take(pixels),
      prevB: layout.take(pixels),
      gray: layout.take(pixels),
      out: layout.take(dstHeight * dstWidth),
      rows: layout.take(srcHeight * dstWidth * Float32Array.BYTES_PER_ELEMENT),
      colFrom: layout.take(srcHeight * i32),
      colTo: layout.take(srcHeight * i32),
      cellFrom: layout.take(srcHeight * i32),
      cellTo: layout.take(srcHeight * i32),
      firstCell: layout.take(srcWidth * i32),
      lastCell: layout.take(srcWidth * i32),
      xStart: layout.take(tables.x.start.byteLength),
      xSrc: layout.take(tables.x.src.byteLength),
      xAlpha: layout.take(tables.x.alpha.byteLength),
      yStart: layout.take(tables.y.start.byteLength),
      ySrc: layout.take(tables.y.src.byteLength),
      yAlpha: layout.take(tables.y.alpha.byteLength),
    };
    const memory = new WebAssembly.Memory({ initial: Math.ceil(layout.size / PAGE_BYTES) });
    const instance = new WebAssembly.Instance(warpModule(), { env: { memory } });
    this.kernel = instance.exports as unknown as WarpExports;
    const buffer = memory.buffer;
    const put = (address: number, data: ArrayBufferView): void => {
      new Uint8Array(buffer, address, data.byteLength).set(
        new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      );
    };
    put(at.table, pairTable);
    put(at.firstCell, tables.firstCellOf);
    put(at.lastCell, tables.lastCellOf);
    put(at.xStart, tables.x.start);
    put(at.xSrc, tables.x.src);
    put(at.xAlpha, tables.x.alpha);
    put(at.yStart, tables.y.start);
    put(at.ySrc, tables.y.src);
    put(at.yAlpha, tables.y.alpha);
    // The memory never grows, so views of it stay valid.
    const frame = (address: number): KernelFrame => ({ at: address, bytes: new Uint8Array(buffer, address, pixels) });
    this.secondLast = frame(at.secondLast);
    this.last = frame(at.last);
    this.resetScreen = frame(at.resetScreen);
    this.out = new Uint8Array(buffer, at.out, dstHeight * dstWidth);
    this.at = at;
    this.srcHeight = srcHeight;
    this.srcWidth = srcWidth;
    this.dstHeight = dstHeight;
    this.dstWidth = dstWidth;
  }

  /** The INTER_AREA resize of gray(max(rgb(a), rgb(b))) into `out`; a and b are slots of this kernel. */
  warp(a: KernelFrame, b: KernelFrame): Uint8Array {
    const { at, kernel, srcHeight, srcWidth } = this;
    const all = this.hasPrev ? 0 : 1;
    kernel.diffGray(
      a.at,
      b.at,
      at.prevA!,
      at.prevB!,
      at.gray!,
      at.table!,
      at.colFrom!,
      at.colTo!,
      srcHeight,
      srcWidth,
      all,
    );
    kernel.resize(
      at.gray!,
      at.rows!,
      at.out!,
      at.colFrom!,
      at.colTo!,
      at.cellFrom!,
      at.cellTo!,
      at.firstCell!,
      at.lastCell!,
      at.xStart!,
      at.xSrc!,
      at.xAlpha!,
      at.yStart!,
      at.ySrc!,
      at.yAlpha!,
      srcHeight,
      srcWidth,
      this.dstHeight,
      this.dstWidth,
      all,
    );
    this.hasPrev = true;
    return this.out;
  }
}
