/**
 * Assembles every homebrew game (envs/<id>/<id>.asm) into its 4K cartridge
 * image, build/envs/<id>.bin. Run by `npm run build` (as `build:game`).
 *
 * The image must be the one the repository records: its SHA-256 in
 * envs/<id>/<id>.bin.sha256 and its MD5 in the game definition. A mismatch
 * is reported here and fails the test suite, so a changed source is noticed
 * and its new hashes recorded on purpose (see envs/catcher/README.md).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { assembleGame } from '../src/envs/homebrew/assemble.js';
import { HOMEBREW_GAMES, PACKAGE_ROOT, readRecordedSha256 } from '../src/envs/homebrew/rom.js';

for (const game of HOMEBREW_GAMES) {
  const assembled = assembleGame(readFileSync(resolve(PACKAGE_ROOT, game.source), 'utf8'), game.source);
  const out = resolve(PACKAGE_ROOT, game.rom);
  mkdirSync(dirname(out), { recursive: true });
  const temp = `${out}.${process.pid}.tmp`;
  writeFileSync(temp, assembled.image);
  renameSync(temp, out);
  const recordedSha256 = readRecordedSha256(resolve(PACKAGE_ROOT, game.sha256File));
  const problems = [
    assembled.sha256 === recordedSha256 ? '' : `SHA-256 ${assembled.sha256} differs from ${game.sha256File}`,
    assembled.md5 === game.definition.aleMd5 ? '' : `MD5 ${assembled.md5} differs from the definition's`,
  ].filter(Boolean);
  console.log(`build-game: wrote ${game.rom} (MD5 ${assembled.md5})`);
  // Reported, not fatal: the tests fail on it, and a developer mid-edit still gets a ROM to try.
  for (const problem of problems) {
    console.warn(`build-game: ${game.definition.id}: ${problem}; record the new hashes if the change is intended`);
  }
}
