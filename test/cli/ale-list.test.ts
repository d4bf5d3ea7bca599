import { afterEach, describe, expect, it, vi } from 'vitest';
import { GAMES, HOMEBREW_DEFINITIONS } from '../../src/ale/games/index.js';
import { buildProgram } from '../../src/cli/program.js';
import { CATCHER_MD5 } from '../../src/envs/homebrew/catcher.js';

/** Runs the CLI in-process and returns what it wrote to stdout. */
async function run(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  await buildProgram().exitOverride().parseAsync(args, { from: 'user' });
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sobolev-distill ale list', () => {
  it('prints a table of every game with id, name, MD5 and minimal-action count, then the count', async () => {
    const [aleSection, homebrewSection] = (await run(['ale', 'list'])).trimEnd().split('\n\n');
    const lines = aleSection!.split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+md5\s+actions$/);
    expect(lines.at(-1)).toBe(`${lines.length - 2} games`);
    expect(lines.length - 2).toBe(GAMES.length);
    for (const game of GAMES) expect(lines.some((l) => l.startsWith(`${game.id} `))).toBe(true);
    const pong = lines.find((l) => l.startsWith('pong '));
    expect(pong?.split(/\s{2,}/)).toEqual(['pong', 'Pong', '60e0ea3cbe0913d39803477945e9e5ec', '6']);
    expect(lines.some((l) => l.startsWith('catcher '))).toBe(false);

    // The project's own games, in a section of their own with their env id and source.
    const own = homebrewSection!.split('\n');
    expect(own[0]).toMatch(/^homebrew games \(the project's own/);
    expect(own[1]).toMatch(/^id\s+name\s+md5\s+actions$/);
    expect(own.at(-1)).toBe('1 homebrew game');
    expect(own[2]?.split(/\s{2,}/)).toEqual([
      'catcher',
      'Catcher',
      CATCHER_MD5,
      '5',
      'ALE/Catcher-v5',
      'envs/catcher/catcher.asm',
    ]);
  });

  it('lists one section alone with --only', async () => {
    const homebrew = (await run(['ale', 'list', '--only', 'homebrew'])).trimEnd().split('\n');
    expect(homebrew[0]).toMatch(/^homebrew games/);
    expect(homebrew).toHaveLength(HOMEBREW_DEFINITIONS.length + 3);
    const ale = await run(['ale', 'list', '--only', 'ale']);
    expect(ale).not.toMatch(/homebrew|catcher/);
  });

  it('prints one JSON object with --json', async () => {
    const parsed = JSON.parse(await run(['ale', 'list', '--json'])) as {
      count: number;
      games: { id: string; md5: string; otherMd5: string[]; minimalActions: number }[];
      homebrew: { count: number; games: Record<string, unknown>[] };
    };
    expect(parsed.count).toBe(parsed.games.length);
    // All 104 of ALE 0.12's games under `games`; the project's own under `homebrew`.
    const ids = new Set(parsed.games.map((g) => g.id));
    expect(GAMES.filter((g) => ids.has(g.id))).toHaveLength(104);
    expect(parsed.count).toBe(104);
    expect(ids.has('catcher')).toBe(false);
    expect(parsed.homebrew.count).toBe(1);
    expect(parsed.homebrew.games[0]).toMatchObject({
      id: 'catcher',
      md5: CATCHER_MD5,
      minimalActions: 5,
      envId: 'ALE/Catcher-v5',
      image: 'build/envs/catcher.bin',
    });
    expect(parsed.games.find((g) => g.id === 'space_invaders')).toMatchObject({
      md5: '72ffbef6504b75e69ee1045af9075f66',
      otherMd5: ['61dbe94f110f30ca4ec524ae5ce2d026'],
      minimalActions: 6,
    });
  });
});
