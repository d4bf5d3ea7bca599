/**
 * Cartridge autodetection as ALE 0.12's Stella does it (Cartridge::autodetectType): size first, then
 * signatures. Synthetic images use a filler below $80, which can never form a signature (each holds
 * an opcode byte of $80 or more) and is never constant over 256 bytes (so no Superchip/E7 pattern).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CART_TYPES } from '../../../src/ale/cart-types.js';
import { describeRoms, ROM_DIR, romPath } from '../../helpers/shared.js';
import { loadImage } from './harness.js';

function typeId(name: string): number {
  const info = CART_TYPES.find((t) => t.stellaName === name);
  if (!info) throw new Error(`no cart type ${name}`);
  return info.id;
}

function typeName(id: number): string {
  return CART_TYPES[id]?.stellaName ?? `error ${id}`;
}

function filler(size: number): Uint8Array {
  const image = new Uint8Array(size);
  for (let i = 0; i < size; i++) image[i] = (i * 13 + (i >> 8) + 1) & 0x7f;
  return image;
}

function withBytes(image: Uint8Array, at: number, bytes: readonly number[]): Uint8Array {
  image.set(bytes, at);
  return image;
}

/** Makes the first 256 bytes of every 4 KiB bank one value (Stella's Superchip test). */
function superchip(image: Uint8Array): Uint8Array {
  for (let bank = 0; bank < image.length / 4096; bank++) image.fill(0xff, bank * 4096, bank * 4096 + 256);
  return image;
}

const core = loadImage(new Uint8Array(2048)).core;
function detect(image: Uint8Array): string {
  new Uint8Array(core.memory.buffer, core.romStagingPointer(), image.length).set(image);
  return typeName(core.detectRomType(image.length));
}

const STA_3F = [0x85, 0x3f];
const STA_3E_LDA_0 = [0x85, 0x3e, 0xa9, 0x00];
const STA_1FE0 = [0x8d, 0xe0, 0x1f];
const LDA_BFF3 = [0xad, 0xf3, 0xbf];
const STA_240 = [0x8d, 0x40, 0x02];
const JSR_D000_DEC_C5 = [0x20, 0x00, 0xd0, 0xc6, 0xc5];
const STA_F3FF_X = [0x9d, 0xff, 0xf3];

describe('autodetection by size and signature', () => {
  it('2K and 4K images, and CommaVid by its RAM stores', () => {
    expect(detect(filler(2048))).toBe('2K');
    expect(detect(withBytes(filler(2048), 100, STA_F3FF_X))).toBe('CV');
    expect(detect(filler(4096))).toBe('4K');
    const doubled = new Uint8Array(4096);
    doubled.set(filler(2048), 0);
    doubled.set(filler(2048), 2048);
    expect(detect(doubled)).toBe('2K');
    expect(detect(withBytes(filler(4096), 3000, [0x99, 0x00, 0xf4]))).toBe('CV');
  });

  it('8K: Superchip, then doubled 4K, E0, 3E, 3F, UA, FE, else F8', () => {
    expect(detect(filler(8192))).toBe('F8');
    expect(detect(superchip(filler(8192)))).toBe('F8SC');
    expect(detect(superchip(withBytes(filler(8192), 500, STA_1FE0)))).toBe('F8SC');
    const doubled = new Uint8Array(8192);
    doubled.set(filler(4096), 0);
    doubled.set(filler(4096), 4096);
    expect(detect(doubled)).toBe('4K');
    expect(detect(withBytes(filler(8192), 500, STA_1FE0))).toBe('E0');
    expect(detect(withBytes(filler(8192), 500, LDA_BFF3))).toBe('E0');
    expect(detect(withBytes(withBytes(filler(8192), 500, STA_3E_LDA_0), 900, STA_1FE0))).toBe('E0');
    expect(detect(withBytes(filler(8192), 500, STA_3E_LDA_0))).toBe('3E');
    expect(detect(withBytes(withBytes(filler(8192), 500, STA_3F), 900, STA_3F))).toBe('3F');
    expect(detect(withBytes(filler(8192), 500, STA_3F))).toBe('F8'); // 3F needs two stores
    expect(detect(withBytes(filler(8192), 500, STA_240))).toBe('UA');
    expect(detect(withBytes(filler(8192), 500, JSR_D000_DEC_C5))).toBe('FE');
  });

  it("reproduces Stella's signature scan: no match in the last position, and a skip after each hit", () => {
    // The scan stops before i = size - length: a signature ending exactly at the end is missed.
    expect(detect(withBytes(filler(8192), 8192 - 5, JSR_D000_DEC_C5))).toBe('F8');
    expect(detect(withBytes(filler(8192), 8192 - 6, JSR_D000_DEC_C5))).toBe('FE');
    // After a hit the scan skips the signature and one more byte: back-to-back STA $3F count once.
    expect(detect(withBytes(filler(8192), 500, [...STA_3F, ...STA_3F]))).toBe('F8');
    expect(detect(withBytes(filler(8192), 500, [...STA_3F, 0x00, ...STA_3F]))).toBe('3F');
  });

  it('10K DPC, 12K CBS RAM Plus, 16K, 32K, 64K, 128K and Supercharger sizes', () => {
    for (const size of [10240, 10495, 10496]) expect(detect(filler(size))).toBe('DPC');
    expect(detect(filler(12288))).toBe('FASC');
    expect(detect(filler(16384))).toBe('F6');
    expect(detect(superchip(filler(16384)))).toBe('F6SC');
    const e7 = filler(16384);
    e7.fill(0x00, 0x3800, 0x3a00);
    expect(detect(e7)).toBe('E7');
    expect(detect(withBytes(filler(16384), 77, STA_3E_LDA_0))).toBe('3E');
    expect(detect(filler(32768))).toBe('F4');
    expect(detect(superchip(filler(32768)))).toBe('F4SC');
    expect(detect(filler(65536))).toBe('MB');
    expect(detect(filler(131072))).toBe('MC');
    expect(detect(filler(8448))).toBe('AR');
    expect(detect(filler(8448 * 3))).toBe('AR');
  });

  it('other sizes: 3E/3F by signature, otherwise unrecognised', () => {
    expect(detect(withBytes(withBytes(filler(6144), 10, STA_3F), 20, STA_3F))).toBe('3F');
    expect(detect(withBytes(filler(40000), 10, STA_3E_LDA_0))).toBe('3E');
    expect(detect(filler(6144))).toBe('error -3');
    expect(detect(filler(1))).toBe('error -3');
  });
});

/**
 * The schemes of the ROMs in ../shared, from the public record of each cartridge (Stella's
 * documentation of bankswitching by publisher; cartridge sizes from the files): Atari/Activision
 * 2K and 4K games are unbanked, 8K Atari/Activision games F8, Parker Brothers' 8K games E0,
 * Activision's Robot Tank FE, 16K Atari games F6.
 */
const EXPECTED_SCHEMES: Readonly<Record<string, string>> = {
  'adventure.bin': '4K',
  'air_raid.bin': '4K',
  'alien.bin': '4K',
  'amidar.bin': '4K',
  'assault.bin': '4K',
  'asterix.bin': 'F8',
  'asteroids.bin': 'F8',
  'atlantis.bin': '4K',
  'bank_heist.bin': '4K',
  'battle_zone.bin': 'F8',
  'beam_rider.bin': 'F8',
  'berzerk.bin': '4K',
  'bowling.bin': '2K',
  'boxing.bin': '2K',
  'breakout.bin': '2K',
  'carnival.bin': '4K',
  'centipede.bin': 'F8',
  'chopper_command.bin': '4K',
  'crazy_climber.bin': 'F8',
  'defender.bin': '4K',
  'demon_attack.bin': '4K',
  'double_dunk.bin': 'F6',
  'enduro.bin': '4K',
  'fishing_derby.bin': '2K',
  'freeway.bin': '2K',
  'gopher.bin': '4K',
  'hero.bin': 'F8',
  'ice_hockey.bin': '4K',
  'jamesbond.bin': 'E0',
  'kaboom.bin': '2K',
  'krull.bin': 'F8',
  'kung_fu_master.bin': 'F8',
  'montezuma_revenge.bin': 'E0',
  'ms_pacman.bin': 'F8',
  'name_this_game.bin': '4K',
  'phoenix.bin': 'F8',
  'pitfall.bin': '4K',
  'pong.bin': '2K',
  'pooyan.bin': '4K',
  'private_eye.bin': 'F8',
  'qbert.bin': '4K',
  'riverraid.bin': '4K',
  'robotank.bin': 'FE',
  'seaquest.bin': '4K',
  'solaris.bin': 'F6',
  'space_invaders.bin': '4K',
  'wizard_of_wor.bin': '4K',
  'yars_revenge.bin': '4K',
  'zaxxon.bin': 'F8',
};

describeRoms('autodetection on the ROMs in ALE_ROM_DIR', () => {
  const files = ROM_DIR ? readdirSync(ROM_DIR).filter((f) => f.endsWith('.bin')) : [];

  it('finds the ROMs', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', (file) => {
    const bytes = new Uint8Array(readFileSync(romPath(file)));
    const expected = EXPECTED_SCHEMES[file];
    if (expected === undefined) throw new Error(`add ${file} (${bytes.length} bytes) to EXPECTED_SCHEMES`);
    const { core: loadedCore, result } = loadImage(bytes);
    expect(typeName(result)).toBe(expected);
    expect(loadedCore.cartType()).toBe(typeId(expected));
  });
});
