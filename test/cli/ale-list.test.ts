import { afterEach, describe, expect, it, vi } from 'vitest';
import { GAMES } from '../../src/ale/games/index.js';
import { buildProgram } from '../../src/cli/program.js';

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
    const lines = (await run(['ale', 'list'])).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+md5\s+actions$/);
    expect(lines.at(-1)).toBe(`${lines.length - 2} games`);
    for (const game of GAMES) expect(lines.some((l) => l.startsWith(`${game.id} `))).toBe(true);
    const pong = lines.find((l) => l.startsWith('pong '));
    expect(pong?.split(/\s{2,}/)).toEqual(['pong', 'Pong', '60e0ea3cbe0913d39803477945e9e5ec', '6']);
  });

  it('prints one JSON object with --json', async () => {
    const parsed = JSON.parse(await run(['ale', 'list', '--json'])) as {
      count: number;
      games: { id: string; md5: string; otherMd5: string[]; minimalActions: number }[];
    };
    expect(parsed.count).toBe(parsed.games.length);
    // All 104 of ALE 0.12's games (the project's own game may be listed too).
    const ids = new Set(parsed.games.map((g) => g.id));
    expect(GAMES.filter((g) => ids.has(g.id))).toHaveLength(104);
    expect(parsed.games.find((g) => g.id === 'space_invaders')).toMatchObject({
      md5: '72ffbef6504b75e69ee1045af9075f66',
      otherMd5: ['61dbe94f110f30ca4ec524ae5ce2d026'],
      minimalActions: 6,
    });
  });
});
