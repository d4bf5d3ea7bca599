// Two 4 KiB banks switched by accesses outside the cartridge window (A12 low), where the TIA or RIOT
// answers as usual: UA and 0840 differ only in the address lines they decode and the hotspot values.
import { StateReader, StateWriter } from '../state';
import { CART_OFFSET_MASK, CART_WINDOW_BYTES, Cart } from './cart';

const BANK_BYTES: i32 = 4096;
const BANK_COUNT: i32 = 2;

export class LowHotspotCart extends Cart {
  private current: i32 = 0;

  /**
   * @param decodeMask address lines the cartridge decodes
   * @param bank0Hotspot decoded value selecting bank 0 (reads and writes alike)
   * @param bank1Hotspot decoded value selecting bank 1
   */
  constructor(
    typeId: i32,
    private readonly decodeMask: u16,
    private readonly bank0Hotspot: u16,
    private readonly bank1Hotspot: u16,
  ) {
    super(typeId);
    this.snoopsLowBus = true;
  }

  protected initialise(): void {
    this.selectBank(0);
  }

  /** Both schemes start in bank 0. */
  reset(): void {
    this.selectBank(0);
  }

  bank(): i32 {
    return this.current;
  }

  private selectBank(bank: i32): void {
    this.current = bank;
    this.mapRom(0, CART_WINDOW_BYTES, this.rom + <usize>(bank * BANK_BYTES));
  }

  protected readDevice(address: u16): u8 {
    return this.peekDevice(address);
  }

  protected peekDevice(address: u16): u8 {
    return this.romByte(this.current * BANK_BYTES + <i32>(address & CART_OFFSET_MASK));
  }

  snoop(address: u16, value: u8, isWrite: bool): u8 {
    const decoded = address & this.decodeMask;
    if (decoded == this.bank0Hotspot) this.selectBank(0);
    else if (decoded == this.bank1Hotspot) this.selectBank(1);
    return value;
  }

  protected saveScheme(w: StateWriter): void {
    w.u8(<u8>this.current);
  }

  protected loadScheme(r: StateReader): void {
    const bank = <i32>r.u8();
    if (bank >= BANK_COUNT) r.fail();
    else this.selectBank(bank);
  }
}
