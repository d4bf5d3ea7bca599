import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addConfigOptions, type ConfigSpec, flagName, formatConfig, readConfig } from '../../src/cli/config.js';

const spec = {
  frameSkip: { kind: 'int', doc: 'frames per action', default: 4, min: 1 },
  lr: { kind: 'float', doc: 'learning rate', default: 1e-3 },
  preset: { kind: 'string', doc: 'preprocessing', default: 'sb3-atari', choices: ['sb3-atari', 'baby-a3c'] },
  json: { kind: 'bool', doc: 'print JSON', default: false },
} as const satisfies ConfigSpec;

function parse(args: string[]) {
  const cmd = addConfigOptions(new Command('t').exitOverride().configureOutput({ writeErr: () => {} }), spec);
  cmd.parse(args, { from: 'user' });
  return readConfig(spec, cmd.opts());
}

describe('config-generated options', () => {
  it('maps camelCase keys to kebab-case flags', () => {
    expect(flagName('frameSkip')).toBe('frame-skip');
  });

  it('fills defaults and parses typed values', () => {
    expect(parse([])).toEqual({ frameSkip: 4, lr: 1e-3, preset: 'sb3-atari', json: false });
    expect(parse(['--frame-skip', '2', '--lr', '0.5', '--preset', 'baby-a3c', '--json'])).toEqual({
      frameSkip: 2,
      lr: 0.5,
      preset: 'baby-a3c',
      json: true,
    });
  });

  it('rejects non-integers, out-of-range values and unknown choices', () => {
    expect(() => parse(['--frame-skip', '2.5'])).toThrow(/expects an integer/);
    expect(() => parse(['--frame-skip', '0'])).toThrow(/at least 1/);
    expect(() => parse(['--lr', 'abc'])).toThrow(/expects a number/);
    expect(() => parse(['--preset', 'nope'])).toThrow(/Allowed choices/);
  });

  it('logs the whole config on one line', () => {
    expect(formatConfig('demo', { a: 1 })).toBe('demo config {"a":1}');
  });
});
