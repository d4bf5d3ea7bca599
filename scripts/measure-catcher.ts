/**
 * Mean score of Catcher's scripted expert and of a uniformly random player,
 * measured in 6502.ts (the Stellerator core, independent of our emulator).
 *
 *   npx tsx scripts/measure-catcher.ts [--episodes 5] [--seed 1]
 *
 * Episodes follow ALE v5 settings: frame skip 4, sticky actions with
 * probability 0.25, and up to 30 no-op steps at the start (drawn per
 * episode) so the expert's episodes differ. The last line is one JSON object.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { assembleGame } from '../src/envs/homebrew/assemble.js';
import { CATCHER_ACTIONS, catcher } from '../src/envs/homebrew/catcher.js';
import { catcherExpertAction } from '../src/envs/homebrew/expert.js';
import { HOMEBREW_GAMES, PACKAGE_ROOT } from '../src/envs/homebrew/rom.js';
import { type Policy, playEpisode, seededRandom } from '../test/envs/homebrew/episodes.js';

const FRAME_SKIP = 4;
const STICKY = 0.25;
const MAX_NOOP_STEPS = 30;
/** ALE v5's `max_num_frames_per_episode`. */
const MAX_FRAMES = 108_000;

const { values } = parseArgs({
  options: { episodes: { type: 'string', default: '5' }, seed: { type: 'string', default: '1' } },
});
const episodes = Number(values.episodes);
const seed = Number(values.seed);
if (!Number.isInteger(episodes) || episodes < 1) throw new RangeError(`--episodes must be a positive integer`);

const game = HOMEBREW_GAMES.find((g) => g.definition === catcher)!;
const rom = assembleGame(readFileSync(resolve(PACKAGE_ROOT, game.source), 'utf8'), game.source).image;
const random = seededRandom(seed);
const policies: Record<string, Policy> = {
  expert: (ram) => catcherExpertAction(ram, FRAME_SKIP),
  random: () => CATCHER_ACTIONS[Math.floor(random() * CATCHER_ACTIONS.length)]!,
};

const summary: Record<string, { mean: number; scores: number[]; meanFrames: number; seconds: number }> = {};
for (const [name, policy] of Object.entries(policies)) {
  const scores: number[] = [];
  let frames = 0;
  const start = performance.now();
  for (let e = 0; e < episodes; e++) {
    const noopSteps = Math.floor(random() * (MAX_NOOP_STEPS + 1));
    const result = playEpisode(rom, policy, {
      frameSkip: FRAME_SKIP,
      stickyProbability: STICKY,
      noopSteps,
      maxFrames: MAX_FRAMES,
      random,
    });
    scores.push(result.score);
    frames += result.frames;
    console.log(`${name} episode ${e + 1}: score ${result.score}, ${result.frames} frames, noops ${noopSteps}`);
  }
  const mean = scores.reduce((a, b) => a + b, 0) / episodes;
  summary[name] = { mean, scores, meanFrames: frames / episodes, seconds: (performance.now() - start) / 1000 };
}
console.log(
  JSON.stringify({
    game: catcher.id,
    md5: catcher.aleMd5,
    emulator: '6502.ts',
    episodes,
    seed,
    frameSkip: FRAME_SKIP,
    sticky: STICKY,
    ...summary,
  }),
);
