#!/usr/bin/env node
import { CommanderError } from 'commander';
import { UserError } from './errors.js';
import { buildProgram } from './program.js';

async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its message (help, version or a bad flag).
      return err.exitCode;
    }
    if (err instanceof UserError) {
      process.stderr.write(`error: ${err.message}${err.hint ? ` ${err.hint}` : ''}\n`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv);
