/**
 * Locates ../shared (ROMs, native-ALE traces, PyTorch fixtures, teachers) and
 * ALE_ROM_DIR. Suites that need them use `describeShared`/`describeRoms`, which
 * skip with the reason in the suite name when the data is absent. `.ci/run`
 * refuses to run without ../shared, so CI never skips these silently.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function findShared(): string | undefined {
  const candidate = resolve(process.env.SOBOLEV_SHARED_DIR ?? resolve(PROJECT_ROOT, '../shared'));
  return existsSync(candidate) ? candidate : undefined;
}

/** Absolute path of ../shared, or undefined when it is missing. */
export const SHARED_DIR: string | undefined = findShared();

/** Absolute path of the ROM folder: ALE_ROM_DIR, else ../shared/roms. */
export const ROM_DIR: string | undefined = (() => {
  const fromEnv = process.env.ALE_ROM_DIR;
  if (fromEnv) return existsSync(fromEnv) ? resolve(fromEnv) : undefined;
  const fallback = SHARED_DIR && resolve(SHARED_DIR, 'roms');
  return fallback && existsSync(fallback) ? fallback : undefined;
})();

export const SHARED_MISSING_REASON =
  'skipped: ../shared not found (set SOBOLEV_SHARED_DIR or check out the shared data next to the project)';
export const ROMS_MISSING_REASON = 'skipped: no ROM folder (set ALE_ROM_DIR to a folder of ALE ROMs)';

/** Path inside ../shared; only call from inside a `describeShared` suite. */
export function sharedPath(...parts: string[]): string {
  if (!SHARED_DIR) throw new Error(SHARED_MISSING_REASON);
  return resolve(SHARED_DIR, ...parts);
}

/** Path of a ROM file; only call from inside a `describeRoms` suite. */
export function romPath(file: string): string {
  if (!ROM_DIR) throw new Error(ROMS_MISSING_REASON);
  return resolve(ROM_DIR, file);
}

/** A suite that needs ../shared: skipped, with the reason in its name, when it is missing. */
export function describeShared(name: string, fn: () => void): void {
  if (SHARED_DIR) describe(name, fn);
  else describe.skip(`${name} (${SHARED_MISSING_REASON})`, fn);
}

/** A suite that needs ROMs: skipped, with the reason in its name, when there are none. */
export function describeRoms(name: string, fn: () => void): void {
  if (ROM_DIR) describe(name, fn);
  else describe.skip(`${name} (${ROMS_MISSING_REASON})`, fn);
}
