// Atari's standard bankswitching (F8 8K, F6 16K, F4 32K), their Superchip variants (F8SC, F6SC, F4SC:
// 128 bytes of RAM, written at $1000–$107F and read at $1080–$10FF) and CBS RAM Plus (FA: 12K,
// 256 bytes written at $1000–$10FF, read at $1100–$11FF). Touching a hotspot ($1FF4–$1FFB, by scheme)
// selects a 4 KiB bank for the whole window. Behaviour follows ALE 0.12's Stella:
// - reads and writes of a hotspot both switch, except F4SC, whose write handler compares the
//   unmasked address and so never switches on a write;
// - reading a Superchip write port returns the ROM byte of the current bank; writing its read port
//   does nothing;
// - power-on bank: 1 for F8/F8SC (0 for "F8 swapped"), 0 for F6/F4 and their SC variants, 2 for FA.
import { StateReader, StateWriter } from '../state';
import { CART_OFFSET_MASK, Cart, HOTSPOT_PAGE_START } from './cart';
import { CartType } from './types';

const BANK_BYTES: i32 = 4096;
const F8_FIRST_HOTSPOT: i32 = 0x0ff8;
const F6_FIRST_HOTSPOT: i32 = 0x0ff6;
const F4_FIRST_HOTSPOT: i32 = 0x0ff4;
const FA_FIRST_HOTSPOT: i32 = 0x0ff8;
const SUPERCHIP_RAM_BYTES: i32 = 128;
const CBS_RAM_PLUS_BYTES: i32 = 256;

export class StandardCart extends Cart {
  private readonly ram: StaticArray<u8>;
  private current: i32 = 0;

  /**
   * @param bankCount 4 KiB banks in the image
   * @param firstHotspot window offset of the hotspot selecting bank 0; bank n is at firstHotspot + n
   * @param startBank bank selected at reset
   * @param ramBytes extra RAM (0, Superchip 128, CBS RAM Plus 256): write port first, then read port
   * @param writesSwitch whether writing a hotspot switches banks (false only for F4SC)
   */
  constructor(
    typeId: i32,
    readonly bankCount: i32,
    private readonly firstHotspot: i32,
    private readonly startBank: i32,
    private readonly ramBytes: i32,
    private readonly writesSwitch: bool,
  ) {
    super(typeId);
    this.ram = new StaticArray<u8>(ramBytes);
  }

  protected initialise(): void {
    if (this.ramBytes > 0) {
      const ram = changetype<usize>(this.ram);
      this.mapWrite(0, this.ramBytes, ram);
      this.mapRead(this.ramBytes, 2 * this.ramBytes, ram);
    }
    this.selectBank(this.startBank);
  }

  reset(): void {
    const rng = this.ctx().rng;
    for (let i = 0; i < this.ramBytes; i++) unchecked((this.ram[i] = <u8>rng.next()));
    this.selectBank(this.startBank);
  }

  bank(): i32 {
    return this.current;
  }

  private selectBank(bank: i32): void {
    this.current = bank;
    // ROM pages start after the RAM ports; the hotspot page stays a device page.
    const firstRomOffset = 2 * this.ramBytes;
    this.mapRom(firstRomOffset, HOTSPOT_PAGE_START, this.rom + <usize>(bank * BANK_BYTES + firstRomOffset));
  }

  @inline private hotspotBank(address: u16): i32 {
    const bank = <i32>(address & CART_OFFSET_MASK) - this.firstHotspot;
    return <u32>bank < <u32>this.bankCount ? bank : -1;
  }

  protected readDevice(address: u16): u8 {
    const bank = this.hotspotBank(address);
    if (bank >= 0) this.selectBank(bank);
    return this.peekDevice(address);
  }

  protected peekDevice(address: u16): u8 {
    return this.romByte(this.current * BANK_BYTES + <i32>(address & CART_OFFSET_MASK));
  }

  protected writeDevice(address: u16, value: u8): void {
    if (!this.writesSwitch) return;
    const bank = this.hotspotBank(address);
    if (bank >= 0) this.selectBank(bank);
  }

  protected saveScheme(w: StateWriter): void {
    w.u8(<u8>this.current);
    w.bytes(changetype<usize>(this.ram), this.ramBytes);
  }

  protected loadScheme(r: StateReader): void {
    const bank = <i32>r.u8();
    r.bytes(changetype<usize>(this.ram), this.ramBytes);
    if (bank >= this.bankCount) {
      r.fail();
      return;
    }
    this.selectBank(bank);
  }
}

export function createCartF8(): Cart {
  return new StandardCart(CartType.F8, 2, F8_FIRST_HOTSPOT, 1, 0, true);
}

export function createCartF8Swapped(): Cart {
  return new StandardCart(CartType.F8Swapped, 2, F8_FIRST_HOTSPOT, 0, 0, true);
}

export function createCartF8SC(): Cart {
  return new StandardCart(CartType.F8SC, 2, F8_FIRST_HOTSPOT, 1, SUPERCHIP_RAM_BYTES, true);
}

export function createCartF6(): Cart {
  return new StandardCart(CartType.F6, 4, F6_FIRST_HOTSPOT, 0, 0, true);
}

export function createCartF6SC(): Cart {
  return new StandardCart(CartType.F6SC, 4, F6_FIRST_HOTSPOT, 0, SUPERCHIP_RAM_BYTES, true);
}

export function createCartF4(): Cart {
  return new StandardCart(CartType.F4, 8, F4_FIRST_HOTSPOT, 0, 0, true);
}

export function createCartF4SC(): Cart {
  return new StandardCart(CartType.F4SC, 8, F4_FIRST_HOTSPOT, 0, SUPERCHIP_RAM_BYTES, false);
}

export function createCartFA(): Cart {
  return new StandardCart(CartType.FA, 3, FA_FIRST_HOTSPOT, 2, CBS_RAM_PLUS_BYTES, true);
}
