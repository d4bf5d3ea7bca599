// 3E (Krokodil/Davie, 3F plus 32 KiB RAM): as 3F, writing $3F selects a 2 KiB ROM bank for the lower
// segment; writing $3E selects one of 32 1 KiB RAM banks instead (read at $1000–$13FF, written at
// $1400–$17FF). As in ALE's Stella: reset draws all 32 KiB of RAM from the system generator; the
// cartridge answers reads of $0000–$003F with the lower segment's byte; every window write is passed
// to the TIA; reading the RAM write port returns RAM.
import { StateReader, StateWriter } from '../state';
import { CART_OFFSET_MASK, CART_WINDOW_BYTES, Cart } from './cart';
import { BANK_SELECT_LAST, LOW_PAGE_MASK, SEGMENT_BYTES } from './3f';
import { CartType } from './types';

const SEGMENT_OFFSET_MASK: i32 = SEGMENT_BYTES - 1;
const RAM_BANK_BYTES: i32 = 1024;
const RAM_OFFSET_MASK: i32 = RAM_BANK_BYTES - 1;
const RAM_BANKS: i32 = 32;
const RAM_BYTES: i32 = RAM_BANKS * RAM_BANK_BYTES;
/** Bank numbers from 256 up mean RAM (Stella adds 256 to the value written to $3E). */
const FIRST_RAM_BANK: i32 = 256;
const ROM_SELECT: i32 = BANK_SELECT_LAST;
const RAM_SELECT: i32 = BANK_SELECT_LAST - 1;

export class Cart3E extends Cart {
  private readonly ram: StaticArray<u8> = new StaticArray<u8>(RAM_BYTES);
  private current: i32 = 0;

  constructor() {
    super(CartType.S3E);
    this.snoopsLowBus = true;
  }

  protected initialise(): void {
    this.mapRom(SEGMENT_BYTES, CART_WINDOW_BYTES, this.rom + <usize>(this.romSize - SEGMENT_BYTES));
    this.selectBank(0);
  }

  reset(): void {
    const rng = this.ctx().rng;
    for (let i = 0; i < RAM_BYTES; i++) unchecked((this.ram[i] = <u8>rng.next()));
    this.selectBank(0);
  }

  bank(): i32 {
    return this.current;
  }

  private selectBank(bank: i32): void {
    if (bank < FIRST_RAM_BANK) {
      const banks = this.romSize / SEGMENT_BYTES;
      this.current = bank * SEGMENT_BYTES < this.romSize ? bank : bank % banks;
      this.mapRom(0, SEGMENT_BYTES, this.rom + <usize>(this.current * SEGMENT_BYTES));
      return;
    }
    const ramBank = (bank - FIRST_RAM_BANK) % RAM_BANKS;
    this.current = ramBank + FIRST_RAM_BANK;
    const ram = changetype<usize>(this.ram) + <usize>(ramBank * RAM_BANK_BYTES);
    this.mapDevice(0, SEGMENT_BYTES);
    this.mapRead(0, RAM_BANK_BYTES, ram);
    this.mapWrite(RAM_BANK_BYTES, SEGMENT_BYTES, ram);
  }

  protected readDevice(address: u16): u8 {
    return this.peekDevice(address);
  }

  protected peekDevice(address: u16): u8 {
    const offset = <i32>(address & CART_OFFSET_MASK);
    if (offset >= SEGMENT_BYTES) return this.romByte(this.romSize - SEGMENT_BYTES + (offset & SEGMENT_OFFSET_MASK));
    if (this.current < FIRST_RAM_BANK) return this.romByte(this.current * SEGMENT_BYTES + (offset & SEGMENT_OFFSET_MASK));
    return unchecked(this.ram[(this.current - FIRST_RAM_BANK) * RAM_BANK_BYTES + (offset & RAM_OFFSET_MASK)]);
  }

  private hotspot(offset: i32, value: u8): void {
    if (offset == ROM_SELECT) this.selectBank(value);
    else if (offset == RAM_SELECT) this.selectBank(<i32>value + FIRST_RAM_BANK);
  }

  protected writeDevice(address: u16, value: u8): void {
    const offset = address & CART_OFFSET_MASK;
    this.hotspot(offset, value);
    this.ctx().forwardToTia(offset, value);
  }

  snoop(address: u16, value: u8, isWrite: bool): u8 {
    if (address & LOW_PAGE_MASK) return value;
    if (isWrite) {
      this.hotspot(<i32>(address & CART_OFFSET_MASK), value);
      return value;
    }
    return this.peekDevice(address);
  }

  protected saveScheme(w: StateWriter): void {
    w.u16(<u16>this.current);
    w.bytes(changetype<usize>(this.ram), RAM_BYTES);
  }

  protected loadScheme(r: StateReader): void {
    const bank = <i32>r.u16();
    r.bytes(changetype<usize>(this.ram), RAM_BYTES);
    const valid = bank < FIRST_RAM_BANK ? bank * SEGMENT_BYTES < this.romSize : bank < FIRST_RAM_BANK + RAM_BANKS;
    if (!valid) {
      r.fail();
      return;
    }
    this.selectBank(bank);
  }
}

export function createCart3E(): Cart {
  return new Cart3E();
}
