/**
 * The ALE layer's errors form one family: a caller can catch `AleError` for anything the emulator,
 * its game definitions or its palette refuse, and each error's `name` is its class name (the CLI
 * prints it). Checked over every error class the package's `ale` entry exports.
 */
import { describe, expect, it } from 'vitest';
import * as ale from '../../src/ale/index.js';

const errorClasses = Object.entries(ale).filter(
  ([name, value]) => typeof value === 'function' && name.endsWith('Error'),
) as [string, new (...args: never[]) => Error][];

describe('ALE error classes', () => {
  it('are exported (the family is not empty)', () => {
    expect(errorClasses.map(([name]) => name)).toEqual(
      expect.arrayContaining(['AleError', 'BufferSizeError', 'ScreenBufferSizeError', 'UnsupportedRomError']),
    );
  });

  it.each(errorClasses)('%s derives from AleError', (_name, cls) => {
    expect(cls === ale.AleError || cls.prototype instanceof ale.AleError).toBe(true);
  });

  it('name each instance after its class', () => {
    expect(new ale.ScreenBufferSizeError('x').name).toBe('ScreenBufferSizeError');
    expect(new ale.ScreenBufferSizeError('x')).toBeInstanceOf(ale.BufferSizeError);
    expect(new ale.UnsupportedModeError('Pong', 9, [0, 1]).name).toBe('UnsupportedModeError');
    expect(new ale.EmulatorCoreMissingError('x').name).toBe('EmulatorCoreMissingError');
  });
});
