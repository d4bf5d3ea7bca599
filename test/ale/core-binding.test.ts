import { describe, expect, it } from 'vitest';
import { instantiateCore } from '../../src/ale/core-binding.js';

describe('core binding', () => {
  it('gives each instance its own memory', () => {
    const a = instantiateCore();
    const b = instantiateCore();
    expect(a.memory).not.toBe(b.memory);
    new Uint8Array(a.memory.buffer, a.ramPointer(), 128).fill(0x5a);
    expect(new Uint8Array(b.memory.buffer, b.ramPointer(), 128).every((v) => v === 0)).toBe(true);
  });
});
