/**
 * `sobolev-distill ale verify-trace <trace.jsonl[.gz]> [--rom-dir DIR]`: replays a native-ALE trace
 * (../shared/ale-traces/FORMAT.md) and compares RAM, screen hash, reward, lives, game over and frame
 * at every step. Prints the first mismatch in detail, then one JSON summary line; exits 0 only when
 * every step matches.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, CommanderError } from 'commander';
import type { Trace } from '../../ale/trace.js';
import type { TraceSummary } from '../../ale/trace-verify.js';
import { defineCommand } from '../command.js';
import { type ConfigSpec, path } from '../config.js';
import { UserError } from '../errors.js';

export const VERIFY_TRACE_CONFIG = {
  romDir: path('folder holding the ROM the trace header names (default: $ALE_ROM_DIR)'),
} as const satisfies ConfigSpec;

/** Exit status when the replay does not match (commander's error type carries it to the CLI's exit). */
const MISMATCH_EXIT_CODE = 1;

function loadFailure(trace: Trace, message: string): TraceSummary {
  return {
    game: trace.header.rom.replace(/\.[^.]*$/, ''),
    steps: trace.steps.length,
    matched_steps: 0,
    first_mismatch: { t: 0, field: 'load', expected: `${trace.header.rom} (MD5 ${trace.header.md5})`, actual: message },
    ram_mismatches: 0,
    screen_mismatches: 0,
    reward_mismatches: 0,
    lives_mismatches: 0,
    over_mismatches: 0,
  };
}

function finish(summary: TraceSummary): void {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (summary.matched_steps !== summary.steps) {
    throw new CommanderError(MISMATCH_EXIT_CODE, 'sobolev-distill.ale.verify-trace.mismatch', '');
  }
}

export function registerVerifyTraceCommand(ale: Command): Command {
  return defineCommand(ale, {
    name: 'verify-trace',
    description: 'replay a native-ALE trace and compare every step (exit 0 only if all match)',
    arguments: [['<trace>', 'trace file (.jsonl or .jsonl.gz) in the ../shared/ale-traces format']],
    config: VERIFY_TRACE_CONFIG,
    run: (config, [tracePath]) => verify(tracePath as string, config.romDir),
  });
}

async function verify(tracePath: string, romDirOption: string | undefined): Promise<void> {
  // The emulator loads only when a command needs it, so `--help` stays fast.
  const [{ AleError }, { readTrace }, { verifyTrace }] = await Promise.all([
    import('../../ale/errors.js'),
    import('../../ale/trace.js'),
    import('../../ale/trace-verify.js'),
  ]);
  let trace: Trace;
  try {
    trace = readTrace(tracePath);
  } catch (err) {
    if (err instanceof AleError) throw new UserError(err.message, 'Pass a trace file in the FORMAT.md format.');
    throw err;
  }
  const romDir = romDirOption ?? process.env.ALE_ROM_DIR;
  if (!romDir) {
    throw new UserError('No ROM folder given.', 'Pass --rom-dir DIR or set ALE_ROM_DIR to the folder of ALE ROMs.');
  }
  const romPath = resolve(romDir, trace.header.rom);
  let rom: Uint8Array;
  try {
    rom = new Uint8Array(readFileSync(romPath));
  } catch (err) {
    const message = `cannot read ${romPath}: ${(err as Error).message}`;
    process.stdout.write(`error: ${message}\n`);
    finish(loadFailure(trace, message));
    return;
  }
  const md5 = createHash('md5').update(rom).digest('hex');
  if (md5 !== trace.header.md5) {
    const message = `${romPath} has MD5 ${md5}, the trace was recorded with ${trace.header.md5}; use the ROM the trace names`;
    process.stdout.write(`error: ${message}\n`);
    finish(loadFailure(trace, message));
    return;
  }
  const report = verifyTrace(trace, rom, { romName: trace.header.rom });
  if (report.detail) process.stdout.write(`${report.detail}\n`);
  finish(report.summary);
}
