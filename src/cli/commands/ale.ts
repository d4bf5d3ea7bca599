/** `sobolev-distill ale …`: the emulator's commands (trace verification, benchmark, game list). */
import type { Command } from 'commander';
import { registerBenchCommand } from './ale-bench.js';
import { registerIdentifyCommand } from './ale-identify.js';
import { registerListCommand } from './ale-list.js';
import { registerVerifyTraceCommand } from './ale-verify-trace.js';

export function registerAleCommands(program: Command): Command {
  const ale = program.command('ale').description('the Atari emulator with the ALE interface');
  registerListCommand(ale);
  registerIdentifyCommand(ale);
  registerVerifyTraceCommand(ale);
  registerBenchCommand(ale);
  return ale;
}
