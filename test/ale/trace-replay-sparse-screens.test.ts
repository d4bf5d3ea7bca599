/**
 * Lazy screens against the native traces: frames whose screen the caller is not expected to read run
 * without pixels and are run again when it is read after all (src/ale/core/lazy-screen.ts). Replaying
 * the frameskip1 traces while reading the screen in changing patterns (long unread runs broken by a
 * single read, every step, SB3's last-two-of-four, irregular) makes the emulator guess wrong often;
 * every screen it does read must still equal the native one, and RAM, rewards, lives and game-over
 * must match at every step.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/ale/trace.js';
import { verifyTrace } from '../../src/ale/trace-verify.js';
import { describeRoms, describeShared, ROM_DIR, romPath, SHARED_DIR, sharedPath } from '../helpers/shared.js';
import { readsScreen } from './screen-read-schedule.js';
import { traceFiles } from './trace-replay.js';

describeShared('native-ALE traces, reading only some screens', () => {
  describeRoms('frameskip1', () => {
    describe('replay', () => {
      if (!SHARED_DIR || !ROM_DIR) return;
      for (const file of traceFiles('frameskip1')) {
        const game = file.replace(/\.jsonl\.gz$/, '');
        it(`${game}: the screens read match native ALE, and so does everything else at every step`, () => {
          const trace = readTrace(sharedPath('ale-traces', 'frameskip1', file));
          const rom = new Uint8Array(readFileSync(romPath(trace.header.rom)));
          const { summary, detail, screenReruns } = verifyTrace(trace, rom, {
            romName: trace.header.rom,
            readsScreen,
          });
          const m = summary.first_mismatch;
          const where = m ? `${game}: first mismatch t=${m.t} field=${m.field}\n${detail}` : '';
          expect(summary.matched_steps, where).toBe(summary.steps);
          // Some read screens came from frames that ran without pixels (the lazy path ran).
          expect(screenReruns).toBeGreaterThan(0);
        });
      }
    });
  });
});
