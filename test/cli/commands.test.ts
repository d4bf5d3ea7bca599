/**
 * Every registered command, table-driven: `--help` lists each option (with its default), a wrong
 * flag and a bad config file end in one line and a non-zero exit, and a missing file or an
 * unsupported ROM is one line naming the problem, never a stack trace. Runs the program in-process
 * (the real CLI prints `errorLine` of what it catches), and the real CLI once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, CommanderError } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { commandPath, configSpecOf, flagName } from '../../src/cli/config.js';
import { errorLine, UserError } from '../../src/cli/errors.js';
import { buildProgram } from '../../src/cli/program.js';
import { cli } from './distill-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sd-cli-commands-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const missing = join(dir, 'missing');
/** 4 KiB that are no cartridge of any known game. */
const junkRom = join(dir, 'junk.bin');
writeFileSync(
  junkRom,
  Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff),
);

interface Run {
  readonly out: string;
  readonly err: string;
  readonly error?: unknown;
}

/** Runs the program in-process with every command's output captured and exits turned into throws. */
async function run(args: readonly string[]): Promise<Run> {
  const program = buildProgram();
  let out = '';
  let err = '';
  const toOut = (text: string) => {
    out += text;
  };
  const toErr = (text: string) => {
    err += text;
  };
  const walk = (c: Command) => {
    c.exitOverride().configureOutput({ writeOut: toOut, writeErr: toErr });
    for (const sub of c.commands) walk(sub);
  };
  walk(program);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    toOut(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    toErr(String(chunk));
    return true;
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return { out, err };
  } catch (error) {
    return { out, err, error };
  } finally {
    vi.restoreAllMocks();
  }
}

/** Every command that does something (no subcommands), with its path. */
function leafCommands(): { path: string; command: Command }[] {
  const out: { path: string; command: Command }[] = [];
  const walk = (c: Command) => {
    if (c.parent && c.commands.length === 0) out.push({ path: commandPath(c), command: c });
    for (const sub of c.commands) walk(sub);
  };
  walk(buildProgram());
  return out;
}

/** Placeholders for a command's required positional arguments, so parsing reaches its action. */
const requiredArgs = (c: Command) => c.registeredArguments.filter((a) => a.required).map(() => missing);

/** What the real CLI prints for an error: one line, no stack frames. */
function expectOneLine(result: Run, pattern: RegExp): void {
  expect(result.error, `expected an error, got stdout ${result.out}`).toBeDefined();
  if (result.error instanceof CommanderError) {
    expect(result.error.exitCode).not.toBe(0);
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
    expect(result.err).toMatch(pattern);
  } else {
    const line = errorLine(result.error);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(pattern);
    expect(line).not.toMatch(/internal error/);
  }
  expect(result.err).not.toContain('    at ');
}

const LEAVES = leafCommands();
const CONFIGURED = LEAVES.flatMap(({ path, command }) => {
  const spec = configSpecOf(command);
  return spec ? [{ path, command, spec }] : [];
});

describe('every registered command', () => {
  it('includes the commands of issue 8', () => {
    const paths = LEAVES.map((l) => l.path);
    for (const p of ['ale list', 'ale identify', 'ale verify-trace', 'ale bench', 'collect', 'distill', 'evaluate']) {
      expect(paths).toContain(p);
    }
    for (const p of ['teachers list', 'teachers inspect', 'teachers import', 'config schema'])
      expect(paths).toContain(p);
  });

  describe.each(LEAVES)('$path', ({ path, command }) => {
    const words = path.split(' ');

    it('--help lists every option, with its default', async () => {
      const result = await run([...words, '--help']);
      expect(result.error).toBeInstanceOf(CommanderError);
      expect((result.error as CommanderError).exitCode).toBe(0);
      // Help wraps long lines: compare with runs of white space as one space.
      const help = result.out.replace(/\s+/g, ' ');
      for (const option of command.options) {
        expect(help).toContain(option.flags);
        expect(option.description.length, `${option.flags} has no description`).toBeGreaterThan(0);
        if (option.defaultValue !== undefined && !option.negate) {
          expect(help).toContain(`default: ${JSON.stringify(option.defaultValue)}`);
        }
      }
    });

    it('rejects a wrong flag in one line with a non-zero exit', async () => {
      expectOneLine(
        await run([...words, ...requiredArgs(command), '--no-such-flag']),
        /unknown option '--no-such-flag'/,
      );
    });
  });
});

describe.each(CONFIGURED)('$path --config', ({ path, command, spec }) => {
  const words = path.split(' ');
  it('takes --config, and names the bad key of a bad file in one line', async () => {
    expect(command.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--config', '--print-schema']));
    const file = join(dir, `${words.join('-')}.json`);
    writeFileSync(file, JSON.stringify({ noSuchOption: 1 }));
    const bad = await run([...words, ...requiredArgs(command), '--config', file]);
    expect(bad.error).toBeInstanceOf(UserError);
    expectOneLine(bad, /unknown key "noSuchOption"/);
    expectOneLine(await run([...words, ...requiredArgs(command), '--config', missing]), /cannot read config file/);

    const schema = JSON.parse((await run([...words, '--print-schema'])).out) as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(schema.properties).filter((k) => k !== '$schema')).toEqual(Object.keys(spec));
    for (const key of Object.keys(spec)) expect(command.options.map((o) => o.attributeName())).toContain(key);
    expect(
      Object.keys(spec)
        .map(flagName)
        .every((f) => /^[a-z0-9-]+$/.test(f)),
    ).toBe(true);
  });
});

describe('missing files and unsupported ROMs', () => {
  const teacher = join(dir, 'none.teacher');
  it.each([
    { args: ['ale', 'identify', missing], message: /cannot read ROM file .*ENOENT/ },
    { args: ['ale', 'identify', junkRom], message: /unsupported ROM: junk\.bin \(MD5 [0-9a-f]{32}\)/ },
    { args: ['ale', 'bench', '--rom', missing], message: /Cannot read the ROM file/ },
    { args: ['ale', 'bench', '--rom', junkRom, '--steps', '10'], message: /unsupported ROM: junk\.bin/ },
    { args: ['ale', 'bench'], message: /No ROM given/ },
    { args: ['ale', 'verify-trace', missing], message: /Cannot read trace/ },
    { args: ['collect', '--teacher', teacher, '--json'], message: /No teacher file at/ },
    { args: ['distill', '--teacher', teacher, '--json'], message: /No teacher file at/ },
    { args: ['evaluate', '--teacher', teacher, '--json'], message: /No teacher file at/ },
    { args: ['teachers', 'inspect', teacher], message: /No teacher file at/ },
    { args: ['teachers', 'inspect', junkRom], message: /not a recognised teacher file/ },
    { args: ['teachers', 'import', teacher, '--out', join(dir, 'x.teacher')], message: /No teacher file at/ },
    { args: ['teachers', 'list', '--dir', missing], message: /No folder at/ },
    { args: ['config', 'schema', 'no-such-command'], message: /No command 'no-such-command' takes a config file/ },
  ])('$args.0 $args.1: one line', async ({ args, message }) => {
    expectOneLine(await run(args), message);
  });

  it('the real CLI: exit 1, the error on one line after the config line, no stack trace', () => {
    const res = cli(['ale', 'bench', '--rom', junkRom, '--steps', '10']);
    expect(res.status).toBe(1);
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ale bench config \{"rom":/);
    expect(lines[1]).toMatch(/^error: unsupported ROM: junk\.bin/);
    expect(res.stdout).toBe('');
  });
});
