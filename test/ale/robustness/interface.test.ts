/**
 * ALEInterface's error paths under seeded fuzz (interface-fuzz.ts): unknown, empty, corrupt-gzip,
 * oversized and truncated images, unreadable paths, bad actions, RAM writes, settings, buffers and
 * damaged states each get the documented typed error, and a game loaded before keeps playing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALEInterface, RomNotLoadedError, UnsupportedRomError } from '../../../src/ale/index.js';
import { describeRoms, ROM_DIR, romPath } from '../../helpers/shared.js';
import { type InterfaceCaseResult, InterfaceFuzzer } from './interface-fuzz.js';

const SEED = 31337;

function unexpected(results: readonly InterfaceCaseResult[]): string[] {
  return results
    .filter((r) => r.outcome !== 'expected')
    .map((r) => `probe ${r.index} ${r.probe}: ${r.outcome} ${r.errorName ?? ''} ${r.message ?? ''}`);
}

describe('ALEInterface error paths without a game', () => {
  it('answers every bad input with its typed error', () => {
    const fuzzer = new InterfaceFuzzer([]);
    const results = Array.from({ length: 150 }, (_, i) => fuzzer.run(SEED, i));
    expect(unexpected(results)).toEqual([]);
    expect(new Set(results.map((r) => r.probe.replace(/\(.*\)/, '')).values()).size).toBeGreaterThan(10);
    expect(fuzzer.invalidMode().outcome).toBe('expected');
  });

  it('names the unknown ROM’s MD5 in the error', () => {
    const ale = new ALEInterface();
    const bytes = new Uint8Array(4096).fill(0xea);
    expect(() => ale.loadROM(bytes)).toThrow(UnsupportedRomError);
    try {
      ale.loadROM(bytes);
    } catch (err) {
      expect((err as UnsupportedRomError).md5).toMatch(/^[0-9a-f]{32}$/);
      expect((err as Error).message).toContain((err as UnsupportedRomError).md5);
    }
    expect(() => ale.act(0)).toThrow(RomNotLoadedError);
  });
});

describeRoms('ALEInterface error paths with ALE’s ROMs', () => {
  it('refuses truncated dumps and bad input, and the loaded game keeps playing', () => {
    const roms = readdirSync(ROM_DIR!)
      .filter((f) => f.endsWith('.bin'))
      .sort()
      .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(romPath(f))) }));
    const fuzzer = new InterfaceFuzzer(roms);
    const results = Array.from({ length: 200 }, (_, i) => fuzzer.run(SEED + 1, i));
    expect(unexpected(results)).toEqual([]);
    expect(results.some((r) => r.probe.startsWith('load '))).toBe(true);
    expect(results.some((r) => r.probe.includes('truncated'))).toBe(true);
    expect(results.some((r) => r.probe === 'restoreState(damaged clone)')).toBe(true);
    expect(fuzzer.invalidMode().outcome).toBe('expected');
  });
});
