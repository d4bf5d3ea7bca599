/** The game table as a whole: ALE's 104 games, each well formed and consistent with its cartridge properties. */
import { describe, expect, it } from 'vitest';
import { ALL_ACTIONS, FIRE_ACTIONS, RESET_ACTION } from '../../../src/ale/actions.js';
import {
  cartPropertiesForMd5,
  envNameOf,
  findGameById,
  findGameByMd5,
  findGameLikeAle,
  GAMES,
  nearestRomFile,
  romStem,
  usesPaddles,
} from '../../../src/ale/games/index.js';

/** ALE 0.12's supported list has 104 games (`Roms.cpp`). */
const ALE_GAME_COUNT = 104;

describe('game table', () => {
  it("has ALE 0.12's 104 games with unique ids, MD5s and Gymnasium names", () => {
    expect(GAMES).toHaveLength(ALE_GAME_COUNT);
    expect(new Set(GAMES.map((g) => g.id)).size).toBe(ALE_GAME_COUNT);
    expect(new Set(GAMES.map((g) => g.envName)).size).toBe(ALE_GAME_COUNT);
    const md5s = GAMES.flatMap((g) => g.md5);
    expect(new Set(md5s).size).toBe(md5s.length);
    for (const md5 of md5s) expect(md5).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each(GAMES.map((g) => [g.id, g] as const))('%s is well formed', (_id, game) => {
    expect(game.romFile).toBe(`${game.id}.bin`);
    expect(game.md5[0]).toBe(game.aleMd5);
    expect(game.name.length).toBeGreaterThan(0);
    expect(game.minimalActions.length).toBeGreaterThan(0);
    expect([...game.minimalActions].sort((a, b) => a - b)).toEqual(game.minimalActions);
    for (const a of game.minimalActions) expect(game.legalActions).toContain(a);
    for (const a of game.startingActions) expect([...ALL_ACTIONS, RESET_ACTION]).toContain(a);
    expect(game.modes).toContain(game.defaultMode);
    expect(game.defaultMode).toBe(game.modes[0]);
    expect(game.defaultDifficulty).toBe(0);
    expect(game.difficulties.length).toBeGreaterThan(0);
    // Every dump of a game is driven with the same controller.
    for (const md5 of game.md5) {
      expect(usesPaddles(cartPropertiesForMd5(md5)) ? 'paddles' : 'joystick', md5).toBe(game.controller);
    }
  });

  it('uses paddles exactly where ALE’s properties say so', () => {
    // stella.pro (ALE's DefProps) sets Controller.Left/Right = PADDLES for these six.
    expect(GAMES.filter((g) => g.controller === 'paddles').map((g) => g.id)).toEqual([
      'backgammon',
      'blackjack',
      'breakout',
      'casino',
      'kaboom',
      'pong',
    ]);
  });

  it('forbids FIRE only in Skiing and Lost Luggage, as ALE does', () => {
    const restricted = GAMES.filter((g) => g.legalActions.length !== ALL_ACTIONS.length);
    expect(restricted.map((g) => g.id)).toEqual(['lost_luggage', 'skiing']);
    for (const game of restricted) {
      expect(game.legalActions).toEqual(ALL_ACTIONS.filter((a) => !FIRE_ACTIONS.includes(a)));
    }
  });

  it("names environments like ale_py's rom_id_to_name (Python str.title without underscores)", () => {
    expect(envNameOf('space_invaders')).toBe('SpaceInvaders');
    expect(envNameOf('tic_tac_toe_3d')).toBe('TicTacToe3D');
    expect(envNameOf('pitfall2')).toBe('Pitfall2');
    expect(envNameOf('jamesbond')).toBe('Jamesbond');
    expect(envNameOf('up_n_down')).toBe('UpNDown');
  });
});

describe('look-ups', () => {
  it('finds a game by any known MD5, in any letter case', () => {
    expect(findGameByMd5('72ffbef6504b75e69ee1045af9075f66')?.id).toBe('space_invaders');
    expect(findGameByMd5(' 61DBE94F110F30CA4EC524AE5CE2D026 ')?.id).toBe('space_invaders');
    expect(findGameByMd5('00000000000000000000000000000000')).toBeUndefined();
  });

  it('finds a game by ALE id or Gymnasium name', () => {
    expect(findGameById('space_invaders')?.id).toBe('space_invaders');
    expect(findGameById('SpaceInvaders')?.id).toBe('space_invaders');
    expect(findGameById('TicTacToe3D')?.id).toBe('tic_tac_toe_3d');
    expect(findGameById('MontezumaRevenge')?.id).toBe('montezuma_revenge');
    expect(findGameById('nope')).toBeUndefined();
  });

  it("picks the game the way native ALE does: its own MD5 or the file's stem", () => {
    expect(findGameLikeAle('72ffbef6504b75e69ee1045af9075f66', 'whatever.bin')?.id).toBe('space_invaders');
    // A different dump under ALE's file name: ALE runs it with an MD5 warning.
    expect(findGameLikeAle('61dbe94f110f30ca4ec524ae5ce2d026', '/roms/Space_Invaders.BIN')?.id).toBe('space_invaders');
    expect(findGameLikeAle('61dbe94f110f30ca4ec524ae5ce2d026', 'si.bin')).toBeUndefined();
    expect(romStem('C:\\roms\\pong.a26')).toBe('pong');
  });

  it('suggests the nearest known ROM file name', () => {
    expect(nearestRomFile('SpaceInvaders.a26')).toBe('space_invaders.bin');
    expect(nearestRomFile('/tmp/Ms. Pac-Man (1982).bin')).toBe('ms_pacman.bin');
    expect(nearestRomFile('montezuma.bin')).toBe('montezuma_revenge.bin');
    expect(nearestRomFile('')).toBeUndefined();
  });
});
