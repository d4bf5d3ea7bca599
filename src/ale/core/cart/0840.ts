// 0840 "EconoBanking" (8K): two 4 KiB banks. An access with A12 low whose A12, A11 and A6 decode to
// $0800 selects bank 0, to $0840 bank 1 (the TIA/RIOT mirror underneath still sees the access).
// ALE 0.12's Stella lists this type but its implementation is empty (every cartridge read gives 0)
// and never autodetects it; this follows the scheme as later Stella versions emulate it.
import { Cart } from './cart';
import { LowHotspotCart } from './low-hotspot';
import { CartType } from './types';

const ECONOBANKING_DECODE_MASK: u16 = 0x1840;
const ECONOBANKING_BANK0_HOTSPOT: u16 = 0x0800;
const ECONOBANKING_BANK1_HOTSPOT: u16 = 0x0840;

export function createCart0840(): Cart {
  return new LowHotspotCart(
    CartType.S0840,
    ECONOBANKING_DECODE_MASK,
    ECONOBANKING_BANK0_HOTSPOT,
    ECONOBANKING_BANK1_HOTSPOT,
  );
}
