import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeRoms, describeShared, romPath, sharedPath } from './shared.js';

describeShared('shared data', () => {
  it('holds the README that describes it', () => {
    expect(existsSync(sharedPath('README.md'))).toBe(true);
  });
});

describeRoms('ROM folder', () => {
  it('resolves ROM file names inside ALE_ROM_DIR', () => {
    expect(existsSync(romPath('pong.bin'))).toBe(true);
  });
});
