/**
 * The master count of CPU cycles since power-on. The bus advances it once per
 * memory access (every 6507 cycle is exactly one read or write), before the
 * access, so a chip reading it during an access sees the cycle that access
 * completes. The TIA may move it forward (WSYNC halts the CPU until the line ends).
 */
export class Clock {
  cycles: i64 = 0;
}
