/**
 * Shared by the trace-replay suites: one test per native-ALE trace in a folder of
 * ../shared/ale-traces, asserting that every step matches, with a failure message that names the
 * game, the first mismatching step and field, and the detail `ale verify-trace` prints.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { readTrace } from '../../src/ale/trace.js';
import { verifyTrace } from '../../src/ale/trace-verify.js';
import { ROM_DIR, romPath, SHARED_DIR, sharedPath } from '../helpers/shared.js';

export function traceFiles(folder: string): string[] {
  return readdirSync(sharedPath('ale-traces', folder))
    .filter((f) => f.endsWith('.jsonl.gz'))
    .sort();
}

export function replayEveryTrace(folder: string): void {
  // Suites skipped for missing data are still collected: list nothing then.
  if (!SHARED_DIR || !ROM_DIR) return;
  for (const file of traceFiles(folder)) {
    const game = file.replace(/\.jsonl\.gz$/, '');
    it(`${folder}/${game} matches native ALE at every step`, () => {
      const trace = readTrace(sharedPath('ale-traces', folder, file));
      const rom = new Uint8Array(readFileSync(romPath(trace.header.rom)));
      const { summary, detail } = verifyTrace(trace, rom, { romName: trace.header.rom });
      const m = summary.first_mismatch;
      const where = m
        ? `${folder}/${game}: ${summary.matched_steps}/${summary.steps} steps match; first mismatch t=${m.t} field=${m.field}\n${detail}`
        : '';
      expect(summary.matched_steps, where).toBe(summary.steps);
    });
  }
}
