import { Cart } from './cart';

/** 2K and 4K cartridges: no bankswitching; a 2K image is mirrored across the 4K window. */
export class Cart4K extends Cart {
  private readonly mask: u16;

  constructor(private readonly rom: StaticArray<u8>) {
    super();
    this.mask = <u16>(rom.length - 1);
  }

  read(addr: u16): u8 {
    return unchecked(this.rom[addr & this.mask]);
  }

  peek(addr: u16): u8 {
    return unchecked(this.rom[addr & this.mask]);
  }

  write(addr: u16, value: u8): void {}

  reset(): void {}
}
