/**
 * `sobolev-distill ale bench --rom <file> [--steps 30000] [--seed 1] [--hold 4] [--frame-skip 1]`:
 * times the LCG random policy of ../shared/ale-traces/FORMAT.md on one ROM (resetGame whenever the
 * game ends). Last line: `{"game","steps","seconds","steps_per_second"}`.
 */
import type { Command } from 'commander';
import { addConfigOptions, type ConfigSpec, formatConfig, readConfig } from '../config.js';
import { UserError } from '../errors.js';

export const ALE_BENCH_CONFIG = {
  rom: { kind: 'path', default: undefined, doc: 'ROM file to run (required)' },
  steps: { kind: 'int', default: 30000, min: 1, doc: 'act() calls to time' },
  seed: { kind: 'int', default: 1, min: 0, doc: 'seed of the LCG policy and of random_seed' },
  hold: { kind: 'int', default: 4, min: 1, doc: 'steps each drawn action is held' },
  frameSkip: { kind: 'int', default: 1, min: 1, doc: 'ALE frame_skip' },
} as const satisfies ConfigSpec;

export function registerBenchCommand(ale: Command): Command {
  const command = ale
    .command('bench')
    .description("time the trace recorder's random policy on one ROM (steps per second)");
  addConfigOptions(command, ALE_BENCH_CONFIG);
  command.action(async (options: Record<string, unknown>) => {
    const config = readConfig(ALE_BENCH_CONFIG, options);
    if (!config.rom) throw new UserError('No ROM given.', 'Pass --rom <file>, e.g. --rom $ALE_ROM_DIR/pong.bin.');
    process.stdout.write(`${formatConfig('ale bench', config)}\n`);
    // The emulator loads only when a command needs it, so `--help` stays fast.
    const [{ runBench }, { AleError }, { UnsupportedRomError }] = await Promise.all([
      import('../../ale/bench.js'),
      import('../../ale/errors.js'),
      import('../../ale/games/errors.js'),
    ]);
    let result: ReturnType<typeof runBench>;
    try {
      result = runBench(config.rom, config);
    } catch (err) {
      if (err instanceof AleError || err instanceof UnsupportedRomError) throw new UserError(err.message);
      throw err;
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
  return command;
}
