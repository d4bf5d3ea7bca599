// Cartridge autodetection as ALE 0.12's Stella does it (Cartridge::autodetectType): by image size
// first, then by byte signatures that separate the schemes of one size. Every ALE game's properties
// say AUTO-DETECT, so this decides the scheme of every supported ROM.
import { CART_ERROR_UNRECOGNIZED, CartType } from './types';

/** Supercharger tapes are stored as multiples of 8448-byte loads. */
const AR_LOAD_BYTES: i32 = 8448;
const BYTES_2K: i32 = 2048;
const BYTES_4K: i32 = 4096;
const BYTES_8K: i32 = 8192;
const BYTES_12K: i32 = 12288;
const BYTES_16K: i32 = 16384;
const BYTES_32K: i32 = 32768;
const BYTES_64K: i32 = 65536;
const BYTES_128K: i32 = 131072;
/** Pitfall II images: 8 KiB program + 2 KiB display data, plus 255 bytes of sound tables in some dumps. */
const DPC_SIZES: StaticArray<i32> = [10240, 10495, 10496];

/** Superchip test: Stella expects the first 256 bytes of every 4 KiB bank (the RAM ports) to be one value. */
const SC_BANK_BYTES: i32 = 4096;
const SC_RAM_AREA_BYTES: i32 = 256;

/** E7 test: its 256-byte RAM window sits at $3800–$39FF of the 16 KiB image, with 32 bytes probed either side. */
const E7_RAM_AREA_START: i32 = 0x3800;
const E7_RAM_AREA_END: i32 = 0x3a00;
const E7_PROBE_BYTES: i32 = 32;

/** STA $3F: a 3F bankswitch; Stella wants two of them. */
const SIG_3F: StaticArray<u8> = [0x85, 0x3f];
const SIG_3F_MIN_HITS: i32 = 2;
/** STA $3E; LDA #$00: a 3E RAM bank select. */
const SIG_3E: StaticArray<u8> = [0x85, 0x3e, 0xa9, 0x00];
/** STA $240: UA's switch to bank 1. */
const SIG_UA: StaticArray<u8> = [0x8d, 0x40, 0x02];
/** E0 hotspot accesses with absolute addressing (signatures Stella credits to MESS). */
const SIG_E0: StaticArray<StaticArray<u8>> = [
  [0x8d, 0xe0, 0x1f], // STA $1FE0
  [0x8d, 0xe0, 0x5f], // STA $5FE0
  [0x8d, 0xe9, 0xff], // STA $FFE9
  [0xad, 0xe9, 0xff], // LDA $FFE9
  [0xad, 0xed, 0xff], // LDA $FFED
  [0xad, 0xf3, 0xbf], // LDA $BFF3
];
/** FE: subroutine calls typical of Activision's FE games (from MESS). */
const SIG_FE: StaticArray<StaticArray<u8>> = [
  [0x20, 0x00, 0xd0, 0xc6, 0xc5], // JSR $D000; DEC $C5
  [0x20, 0xc3, 0xf8, 0xa5, 0x82], // JSR $F8C3; LDA $82
  [0xd0, 0xfb, 0x20, 0x73, 0xfe], // BNE $FB; JSR $FE73
  [0x20, 0x00, 0xf0, 0x84, 0xd6], // JSR $F000; STY $D6
];
/** CV (Commavid) RAM accesses at $F3FF / $F400 (from MESS). */
const SIG_CV: StaticArray<StaticArray<u8>> = [
  [0x9d, 0xff, 0xf3], // STA $F3FF,X
  [0x99, 0x00, 0xf4], // STA $F400,Y
];

@inline function byteAt(image: usize, offset: i32): u8 {
  return load<u8>(image + <usize>offset);
}

/**
 * Stella's signature counter, including its quirks: the scan stops one short of the last possible
 * position, and after a hit it skips the signature plus one more byte.
 */
export function searchForBytes(image: usize, size: i32, signature: StaticArray<u8>, minHits: i32): bool {
  const length = signature.length;
  if (length > size) return false;
  let count = 0;
  for (let i = 0; i < size - length; i++) {
    let matches = 0;
    for (let j = 0; j < length; j++) {
      if (byteAt(image, i + j) == unchecked(signature[j])) matches++;
      else break;
    }
    if (matches == length) {
      count++;
      i += length;
    }
    if (count >= minHits) break;
  }
  return count >= minHits;
}

function searchAny(image: usize, size: i32, signatures: StaticArray<StaticArray<u8>>): bool {
  for (let i = 0; i < signatures.length; i++) {
    if (searchForBytes(image, size, unchecked(signatures[i]), 1)) return true;
  }
  return false;
}

function sameBytes(image: usize, a: i32, b: i32, length: i32): bool {
  return memory.compare(image + <usize>a, image + <usize>b, <usize>length) == 0;
}

export function isProbablySC(image: usize, size: i32): bool {
  const banks = size / SC_BANK_BYTES;
  for (let bank = 0; bank < banks; bank++) {
    const start = bank * SC_BANK_BYTES;
    const first = byteAt(image, start);
    for (let j = 0; j < SC_RAM_AREA_BYTES; j++) if (byteAt(image, start + j) != first) return false;
  }
  return true;
}

export function isProbably3F(image: usize, size: i32): bool {
  return searchForBytes(image, size, SIG_3F, SIG_3F_MIN_HITS);
}

export function isProbably3E(image: usize, size: i32): bool {
  return searchForBytes(image, size, SIG_3E, 1);
}

export function isProbablyE0(image: usize, size: i32): bool {
  return searchAny(image, size, SIG_E0);
}

/** The RAM window must be one repeated byte, and something nearby must differ from it. */
export function isProbablyE7(image: usize, size: i32): bool {
  const first = byteAt(image, E7_RAM_AREA_START);
  for (let i = E7_RAM_AREA_START; i < E7_RAM_AREA_END; i++) if (byteAt(image, i) != first) return false;
  let differing = 0;
  for (let i = E7_RAM_AREA_START - E7_PROBE_BYTES; i < E7_RAM_AREA_START; i++) if (byteAt(image, i) != first) differing++;
  for (let i = E7_RAM_AREA_END; i < E7_RAM_AREA_END + E7_PROBE_BYTES; i++) if (byteAt(image, i) != first) differing++;
  return differing > 0;
}

export function isProbablyUA(image: usize, size: i32): bool {
  return searchForBytes(image, size, SIG_UA, 1);
}

export function isProbablyCV(image: usize, size: i32): bool {
  return searchAny(image, size, SIG_CV);
}

export function isProbablyFE(image: usize, size: i32): bool {
  return searchAny(image, size, SIG_FE);
}

function isDpcSize(size: i32): bool {
  for (let i = 0; i < DPC_SIZES.length; i++) if (unchecked(DPC_SIZES[i]) == size) return true;
  return false;
}

/** The scheme Stella's autodetection picks for `size` bytes at `image`, or CART_ERROR_UNRECOGNIZED. */
export function detectCartType(image: usize, size: i32): i32 {
  if (size != 0 && size % AR_LOAD_BYTES == 0) return CartType.AR;
  if (size == BYTES_2K || (size == BYTES_4K && sameBytes(image, 0, BYTES_2K, BYTES_2K))) {
    return isProbablyCV(image, size) ? CartType.CV : CartType.K2;
  }
  if (size == BYTES_4K) return isProbablyCV(image, size) ? CartType.CV : CartType.K4;
  if (size == BYTES_8K) {
    if (isProbablySC(image, size)) return CartType.F8SC;
    if (sameBytes(image, 0, BYTES_4K, BYTES_4K)) return CartType.K4;
    if (isProbablyE0(image, size)) return CartType.E0;
    if (isProbably3E(image, size)) return CartType.S3E;
    if (isProbably3F(image, size)) return CartType.S3F;
    if (isProbablyUA(image, size)) return CartType.UA;
    if (isProbablyFE(image, size)) return CartType.FE;
    return CartType.F8;
  }
  if (isDpcSize(size)) return CartType.DPC;
  // Stella assumes every 12 KiB image is CBS RAM Plus.
  if (size == BYTES_12K) return CartType.FA;
  if (size == BYTES_16K) {
    if (isProbablySC(image, size)) return CartType.F6SC;
    if (isProbablyE7(image, size)) return CartType.E7;
    if (isProbably3E(image, size)) return CartType.S3E;
    if (isProbably3F(image, size)) return CartType.S3F;
    return CartType.F6;
  }
  if (size == BYTES_32K) {
    if (isProbablySC(image, size)) return CartType.F4SC;
    if (isProbably3E(image, size)) return CartType.S3E;
    if (isProbably3F(image, size)) return CartType.S3F;
    return CartType.F4;
  }
  if (size == BYTES_64K || size == BYTES_128K) {
    if (isProbably3E(image, size)) return CartType.S3E;
    if (isProbably3F(image, size)) return CartType.S3F;
    return size == BYTES_64K ? CartType.MB : CartType.MC;
  }
  if (isProbably3E(image, size)) return CartType.S3E;
  if (isProbably3F(image, size)) return CartType.S3F;
  return CART_ERROR_UNRECOGNIZED;
}
