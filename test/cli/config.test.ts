import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { defineCommand } from '../../src/cli/command.js';
import { ALE_BENCH_CONFIG } from '../../src/cli/commands/ale-bench.js';
import { DISTILL_CONFIG } from '../../src/cli/commands/distill.js';
import {
  addConfigOptions,
  ConfigFileError,
  type ConfigSpec,
  configSchema,
  flag,
  flagName,
  formatConfig,
  int,
  readConfig,
  readConfigFile,
} from '../../src/cli/config.js';
import { errorLine } from '../../src/cli/errors.js';
import { buildProgram } from '../../src/cli/program.js';

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
    expect(formatConfig('demo', { a: 1, teacher: undefined })).toBe('demo config {"a":1,"teacher":null}');
  });
});

describe('config files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-cli-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());
  const file = (name: string, contents: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof contents === 'string' ? contents : JSON.stringify(contents));
    return path;
  };

  /** Parses `args` against `spec` with a config-aware command; returns the resolved config. */
  async function resolveWith(args: string[]) {
    let config: Record<string, unknown> | undefined;
    const cmd = addConfigOptions(new Command('t').exitOverride().configureOutput({ writeErr: () => {} }), spec);
    cmd.action(() => {
      config = readConfig(spec, cmd.opts());
    });
    await cmd.parseAsync(args, { from: 'user' });
    return config!;
  }

  it('generates a draft-07 schema with kinds, ranges, choices, defaults and docs, and no other keys', () => {
    const schema = configSchema(spec, 't') as {
      properties: Record<string, Record<string, unknown>>;
      additionalProperties: boolean;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.frameSkip).toEqual({
      type: 'integer',
      description: 'frames per action',
      default: 4,
      minimum: 1,
    });
    expect(schema.properties.lr).toMatchObject({ type: 'number', default: 1e-3 });
    expect(schema.properties.preset).toMatchObject({ type: 'string', enum: ['sb3-atari', 'baby-a3c'] });
    expect(schema.properties.json).toMatchObject({ type: 'boolean', default: false });
    // Ajv in strict mode accepts it as a schema.
    expect(() => new Ajv({ strict: true }).compile(schema)).not.toThrow();
  });

  it('fills the config from the file; flags given on the command line win', async () => {
    const path = file('ok.json', { $schema: './schema.json', frameSkip: 2, lr: 0.25, json: true });
    expect(await resolveWith(['--config', path])).toEqual({ frameSkip: 2, lr: 0.25, preset: 'sb3-atari', json: true });
    expect(await resolveWith(['--config', path, '--frame-skip', '3'])).toMatchObject({ frameSkip: 3, lr: 0.25 });
    // Flag before or after --config: the flag still wins.
    expect(await resolveWith(['--lr', '0.5', '--config', path])).toMatchObject({ frameSkip: 2, lr: 0.5 });
  });

  it('names the key and the problem of a bad file in one line', () => {
    const cases: [unknown, RegExp][] = [
      [{ frameSkp: 2 }, /unknown key "frameSkp" \(t has no such option\)/],
      [{ frameSkip: 2.5 }, /"frameSkip" must be an integer/],
      [{ frameSkip: 0 }, /"frameSkip" must be >= 1/],
      [{ lr: '0.1' }, /"lr" must be a number/],
      [{ preset: 'nope' }, /"preset" must be one of "sb3-atari", "baby-a3c"/],
      [[1, 2], /the file must be an object/],
      ['{"lr": 0.1,', /is not valid JSON/],
    ];
    for (const [contents, message] of cases) {
      const path = file('bad.json', contents);
      let error: unknown;
      try {
        readConfigFile(path, spec, 't');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigFileError);
      const line = errorLine(error);
      expect(line).toMatch(message);
      expect(line).toContain(path);
      expect(line.split('\n')).toHaveLength(1);
    }
    expect(() => readConfigFile(join(dir, 'none.json'), spec, 't')).toThrow(/cannot read config file .*ENOENT/);
  });

  it('prints the schema with --print-schema and `config schema <command>`, the same for both', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    await expect(
      buildProgram().exitOverride().parseAsync(['distill', '--print-schema'], { from: 'user' }),
    ).rejects.toMatchObject({ exitCode: 0 });
    const printed = JSON.parse(out) as Record<string, unknown>;
    expect(printed).toEqual(configSchema(DISTILL_CONFIG, 'distill'));
    out = '';
    await buildProgram().exitOverride().parseAsync(['config', 'schema', 'distill'], { from: 'user' });
    expect(JSON.parse(out)).toEqual(printed);
    out = '';
    await buildProgram().exitOverride().parseAsync(['config', 'schema', 'ale', 'bench'], { from: 'user' });
    expect(Object.keys((JSON.parse(out) as { properties: object }).properties)).toEqual([
      '$schema',
      ...Object.keys(ALE_BENCH_CONFIG),
    ]);
  });

  it('logs the resolved config on stderr at the start, and nothing but the result with --json', async () => {
    const lspec = { n: int(1, 'a number'), json: flag(false, 'JSON') } as const satisfies ConfigSpec;
    const logged = async (args: string[]) => {
      let out = '';
      let err = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out += String(chunk);
        return true;
      });
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        err += String(chunk);
        return true;
      });
      const program = new Command('p').exitOverride();
      defineCommand(program, {
        name: 'go',
        description: 'test',
        arguments: [['<what>', 'a word']],
        config: lspec,
        run: (config, [what]) => {
          process.stdout.write(`${JSON.stringify({ what, n: config.n })}\n`);
        },
      });
      await program.parseAsync(['go', 'x', ...args], { from: 'user' });
      vi.restoreAllMocks();
      return { out, err };
    };
    const plain = await logged(['--n', '3']);
    expect(plain.err).toBe('go config {"what":"x","n":3,"json":false}\n');
    expect(plain.out).toBe('{"what":"x","n":3}\n');
    const json = await logged(['--n', '3', '--json']);
    expect(json.err).toBe('');
    expect(json.out).toBe('{"what":"x","n":3}\n');
  });
});
