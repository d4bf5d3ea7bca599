#!/usr/bin/env node
import { CommanderError } from 'commander';
import { DEBUG_ENV, errorLine } from './errors.js';
import { buildProgram } from './program.js';

/** Exit status of a command that failed (bad input, or a bug reported on one line). */
const FAILURE_EXIT_CODE = 1;

async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its message (help, version, schema or a bad flag).
      return err.exitCode;
    }
    // One line, never a stack trace: tfjs-wasm's handler would otherwise print minified source.
    process.stderr.write(`${errorLine(err, process.env[DEBUG_ENV] === '1')}\n`);
    return FAILURE_EXIT_CODE;
  }
}

process.exitCode = await main(process.argv);
