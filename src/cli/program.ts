import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerAleCommands } from './commands/ale.js';
import { registerCollectCommand } from './commands/collect.js';
import { registerDistillCommand } from './commands/distill.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerTrainTeacherCommand } from './commands/train-teacher.js';

/**
 * Builds the CLI. Subcommands register themselves here as later modules land;
 * `program.ts` stays free of side effects so tests can drive it in-process.
 */
export function buildProgram(): Command {
  const program = new Command('sobolev-distill')
    .description('Sobolev policy distillation on Atari: emulator, environments, teachers and students.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true });
  registerAleCommands(program);
  registerCollectCommand(program);
  registerDistillCommand(program);
  registerEvaluateCommand(program);
  registerTrainTeacherCommand(program);
  return program;
}
