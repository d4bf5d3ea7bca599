// UA (UA Limited, 8K): two 4 KiB banks. Accessing $0220 (read or write, any mirror: A0–A12 decoded)
// selects bank 0 and $0240 bank 1; those are TIA mirrors, so the TIA still sees the access.
import { Cart } from './cart';
import { LowHotspotCart } from './low-hotspot';
import { CartType } from './types';

const UA_DECODE_MASK: u16 = 0x1fff;
const UA_BANK0_HOTSPOT: u16 = 0x0220;
const UA_BANK1_HOTSPOT: u16 = 0x0240;

export function createCartUA(): Cart {
  return new LowHotspotCart(CartType.UA, UA_DECODE_MASK, UA_BANK0_HOTSPOT, UA_BANK1_HOTSPOT);
}
