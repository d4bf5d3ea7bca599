// RIOT (6532): 128 bytes of RAM, the interval timer, and the two I/O ports.
import { Clock } from '../clock';

export const RIOT_RAM_BYTES: i32 = 128;

export class Riot {
  readonly ram: StaticArray<u8> = new StaticArray<u8>(RIOT_RAM_BYTES);

  constructor(private readonly clock: Clock) {}

  reset(): void {
    for (let i = 0; i < RIOT_RAM_BYTES; i++) unchecked((this.ram[i] = 0));
  }

  readRam(addr: u16): u8 {
    return unchecked(this.ram[addr & 0x7f]);
  }

  writeRam(addr: u16, value: u8): void {
    unchecked((this.ram[addr & 0x7f] = value));
  }

  /** I/O and timer registers (A9 high). Skeleton: ports and timer arrive with the RIOT work. */
  readIo(addr: u16): u8 {
    return 0;
  }

  peekIo(addr: u16): u8 {
    return 0;
  }

  writeIo(addr: u16, value: u8): void {}
}
