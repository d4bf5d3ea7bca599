/**
 * The game definitions against the native ALE: the `r`, `lives` and `over`
 * columns of every trace in ../shared/ale-traces, replayed from the recorded
 * RAM alone (no emulator), must match at every step.
 *
 * frameskip1 traces record every frame, so they check every rule exactly.
 * sticky traces (frame_skip 4) record only each step's last frame. Rewards
 * that are score differences add up over the skipped frames, and game over
 * and lives read from the last frame are checkable, so those are compared at
 * every step too. What needs the skipped frames is listed in
 * `NEEDS_EVERY_FRAME` and left out, with the reason; frameskip1 covers it.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findGameById, findGameByMd5 } from '../../../src/ale/games/index.js';
import { readTrace } from '../../../src/ale/trace.js';
import { describeShared, SHARED_DIR, sharedPath } from '../../helpers/shared.js';
import { type Column, describeMismatches, replayTracker } from './tracker-replay.js';

const FOLDERS = ['frameskip1', 'sticky'] as const;

/** Columns that sampled RAM (frame_skip 4) cannot check, per game, and why. */
const NEEDS_EVERY_FRAME: Readonly<Record<string, { readonly skip: Column; readonly why: string }>> = {
  beam_rider: {
    skip: 'lives',
    why:
      'ALE counts a lost life only on the frame the death animation ends ($8C = 1), which a 4-frame step ' +
      'usually skips; frameskip1 checks it.',
  },
};

function traceFiles(folder: string): string[] {
  // describeShared still collects a skipped suite: list nothing without the data.
  if (!SHARED_DIR) return [];
  return readdirSync(sharedPath('ale-traces', folder))
    .filter((file) => file.endsWith('.jsonl.gz'))
    .sort();
}

describeShared('game definitions replay the native-ALE traces (r, lives, over)', () => {
  for (const folder of FOLDERS) {
    describe(folder, () => {
      for (const file of traceFiles(folder)) {
        const id = file.replace(/\.jsonl\.gz$/, '');
        const uncheckable = folder === 'sticky' ? NEEDS_EVERY_FRAME[id] : undefined;
        const columns: Column[] = (['r', 'lives', 'over'] as const).filter((c) => c !== uncheckable?.skip);
        const title = uncheckable
          ? `${id}: ${columns.join(', ')} match at every step (${uncheckable.skip} not checkable: ${uncheckable.why})`
          : `${id}: r, lives and over match at every step`;
        it(title, () => {
          const trace = readTrace(sharedPath('ale-traces', folder, file));
          const game = findGameById(id);
          expect(game, `no definition for ${id}`).toBeDefined();
          if (!game) return;
          expect(findGameByMd5(trace.header.md5)?.id, `MD5 ${trace.header.md5} of the traced ROM`).toBe(id);
          expect(game.minimalActions).toEqual(trace.header.minimalActions);
          expect(trace.steps[0]?.lives).toBe(trace.header.lives);
          const result = replayTracker(game, trace.steps, columns);
          expect(result.mismatches, describeMismatches(id, result)).toEqual([]);
        });
      }
    });
  }

  it('covers every traced game in both folders', () => {
    const ids = (folder: string) => traceFiles(folder).map((f) => f.replace(/\.jsonl\.gz$/, ''));
    expect(ids('sticky')).toEqual(ids('frameskip1'));
    expect(ids('frameskip1').length).toBeGreaterThan(0);
  });
});
