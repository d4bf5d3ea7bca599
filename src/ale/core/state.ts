// Byte writer/reader for machine snapshots (cloneState/restoreState). Each chip appends its state with
// `save(w: StateWriter)` and reads it back, in the same order, with `load(r: StateReader)`. Both work on
// one preallocated buffer so saving allocates nothing; values are little-endian.

/**
 * Appends values to a fixed buffer. Writing past the end sets `overflow` instead of trapping, so a
 * caller can report "state too large" as an error code.
 */
export class StateWriter {
  pos: i32 = 0;
  overflow: bool = false;

  /** `buffer` may be shared with a `StateReader`: a snapshot is written, then copied out or read back. */
  constructor(readonly buffer: StaticArray<u8>) {}

  /** Starts a new snapshot at the beginning of the buffer. */
  begin(): void {
    this.pos = 0;
    this.overflow = false;
  }

  /** Reserves `size` bytes and returns their address, or 0 when they do not fit. */
  private claim(size: i32): usize {
    if (this.pos + size > this.buffer.length) {
      this.overflow = true;
      return 0;
    }
    const at = changetype<usize>(this.buffer) + <usize>this.pos;
    this.pos += size;
    return at;
  }

  u8(value: u8): void {
    const at = this.claim(1);
    if (at) store<u8>(at, value);
  }

  bool(value: bool): void {
    this.u8(value ? 1 : 0);
  }

  u16(value: u16): void {
    const at = this.claim(2);
    if (at) store<u16>(at, value);
  }

  u32(value: u32): void {
    const at = this.claim(4);
    if (at) store<u32>(at, value);
  }

  i32(value: i32): void {
    this.u32(<u32>value);
  }

  i64(value: i64): void {
    const at = this.claim(8);
    if (at) store<i64>(at, value);
  }

  f64(value: f64): void {
    const at = this.claim(8);
    if (at) store<f64>(at, value);
  }

  /** Copies `length` bytes from linear memory at `source`. */
  bytes(source: usize, length: i32): void {
    const at = this.claim(length);
    if (at) memory.copy(at, source, <usize>length);
  }
}

/**
 * Reads values back from a buffer filled by `StateWriter`. Reading past `length` clears `ok` and yields
 * zeros, so corrupt or truncated input becomes an error code, never a trap.
 */
export class StateReader {
  length: i32 = 0;
  pos: i32 = 0;
  ok: bool = true;

  constructor(readonly buffer: StaticArray<u8>) {}

  /** Starts reading the first `length` bytes of the buffer (clamped to its capacity). */
  begin(length: i32): void {
    this.length = length < 0 ? 0 : length > this.buffer.length ? this.buffer.length : length;
    this.pos = 0;
    this.ok = length >= 0 && length <= this.buffer.length;
  }

  /** True when every byte was consumed and nothing was read past the end. */
  finishedCleanly(): bool {
    return this.ok && this.pos == this.length;
  }

  /** Marks the snapshot invalid (a chip found a value it cannot accept). */
  fail(): void {
    this.ok = false;
  }

  private take(size: i32): usize {
    if (this.pos + size > this.length) {
      this.ok = false;
      this.pos = this.length;
      return 0;
    }
    const at = changetype<usize>(this.buffer) + <usize>this.pos;
    this.pos += size;
    return at;
  }

  u8(): u8 {
    const at = this.take(1);
    return at ? load<u8>(at) : 0;
  }

  bool(): bool {
    return this.u8() != 0;
  }

  u16(): u16 {
    const at = this.take(2);
    return at ? load<u16>(at) : 0;
  }

  u32(): u32 {
    const at = this.take(4);
    return at ? load<u32>(at) : 0;
  }

  i32(): i32 {
    return <i32>this.u32();
  }

  i64(): i64 {
    const at = this.take(8);
    return at ? load<i64>(at) : 0;
  }

  f64(): f64 {
    const at = this.take(8);
    return at ? load<f64>(at) : 0;
  }

  /** Copies `length` bytes into linear memory at `target` (zeros when the input is too short). */
  bytes(target: usize, length: i32): void {
    const at = this.take(length);
    if (at) memory.copy(target, at, <usize>length);
    else memory.fill(target, 0, <usize>length);
  }
}
