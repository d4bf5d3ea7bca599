import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerAleCommands } from './commands/ale.js';
import { registerCollectCommand } from './commands/collect.js';
import { registerConfigCommands } from './commands/config.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDistillCommand } from './commands/distill.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerExperimentCommand } from './commands/experiment.js';
import { registerPlayCommand } from './commands/play.js';
import { registerTeachersCommands } from './commands/teachers.js';
import { registerTrainTeacherCommand } from './commands/train-teacher.js';
import { writeOneLineError } from './errors.js';

/**
 * Builds the CLI. Subcommands register themselves here as later modules land;
 * `program.ts` stays free of side effects so tests can drive it in-process.
 */
export function buildProgram(): Command {
  const program = new Command('sobolev-distill')
    .description('Sobolev policy distillation on Atari: emulator, environments, teachers and students.')
    .version(VERSION, '-V, --version')
    .configureOutput({ outputError: writeOneLineError })
    .configureHelp({ showGlobalOptions: true });
  registerAleCommands(program);
  registerCollectCommand(program);
  registerDemoCommand(program);
  registerDistillCommand(program);
  registerEvaluateCommand(program);
  registerExperimentCommand(program);
  registerPlayCommand(program);
  registerTeachersCommands(program);
  registerTrainTeacherCommand(program);
  registerConfigCommands(program);
  return program;
}
