/**
 * `sobolev-distill ale bench --rom <file> [--steps 30000] [--seed 1] [--hold 4] [--frame-skip 1] [--read-screens]`:
 * times the LCG random policy of ../shared/ale-traces/FORMAT.md on one ROM (one of ALE's games or
 * a homebrew one such as build/envs/catcher.bin; resetGame whenever the game ends). Last line: `{"game","steps","seconds","steps_per_second"}`.
 */
import type { Command } from 'commander';
import { findHomebrewGameByMd5 } from '../../ale/games/homebrew/index.js';
import type { GameDefinition } from '../../ale/games/types.js';
import { defineCommand } from '../command.js';
import { type ConfigSpec, flag, int, path } from '../config.js';
import { UserError } from '../errors.js';

export const ALE_BENCH_CONFIG = {
  rom: path('ROM file to run (required)'),
  steps: int(30000, 'act() calls to time', { min: 1 }),
  seed: int(1, 'seed of the LCG policy and of random_seed', { min: 0 }),
  hold: int(4, 'steps each drawn action is held', { min: 1 }),
  frameSkip: int(1, 'ALE frame_skip', { min: 1 }),
  readScreens: flag(
    false,
    'read the screen after every act, as an agent that looks at every frame (the native figures read none; unread frames draw no pixels)',
  ),
} as const satisfies ConfigSpec;

export function registerBenchCommand(ale: Command): Command {
  return defineCommand(ale, {
    name: 'bench',
    description: "time the trace recorder's random policy on one ROM (steps per second)",
    config: ALE_BENCH_CONFIG,
    async run(config) {
      if (!config.rom) throw new UserError('No ROM given.', 'Pass --rom <file>, e.g. --rom $ALE_ROM_DIR/pong.bin.');
      // The emulator loads only when a command needs it, so `--help` stays fast.
      const [{ runBench }, { readFileSync }, { createHash }] = await Promise.all([
        import('../../ale/bench.js'),
        import('node:fs'),
        import('node:crypto'),
      ]);
      // The homebrew games are not in ALE's list: name the game for them.
      let homebrew: GameDefinition | undefined;
      try {
        homebrew = findHomebrewGameByMd5(createHash('md5').update(readFileSync(config.rom)).digest('hex'));
      } catch {
        homebrew = undefined; // unreadable: runBench says why
      }
      const result = runBench(config.rom, { ...config, ...(homebrew ? { game: homebrew } : {}) });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    },
  });
}
