import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import omggif from 'omggif';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { RandomAgent } from '../../src/distill/evaluate/agents.js';
import { evaluateReturns } from '../../src/distill/evaluate/returns.js';
import { playEpisode, recordGif, recordPngFrames } from '../../src/media/record.js';

/** Catcher with the SB3 stack (EpisodicLife: lives end learner episodes, not games); no ROM needed. */
const PROTOCOL = { envId: 'ALE/Catcher-v5', preset: 'sb3-atari' as const };
const CATCHER_ACTIONS = 5;
const CATCHER_LIVES = 3;

describe('playEpisode', () => {
  const dir = mkdtemp(join(tmpdir(), 'sd-record-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('plays the protocol’s episode: the same game evaluation scores, across lost lives', () => {
    const seed = 11;
    const episodes = 3;
    const evaluated = evaluateReturns(new RandomAgent(CATCHER_ACTIONS), { ...PROTOCOL, episodes, seed, numEnvs: 2 });
    for (let e = 0; e < episodes; e++) {
      let screens = 0;
      let lastFrame = -1;
      const played = playEpisode(
        new RandomAgent(CATCHER_ACTIONS),
        { ...PROTOCOL, seed, episode: e },
        (rgb, frame, size) => {
          expect(rgb.length).toBe(size.width * size.height * 3);
          expect(frame).toBeGreaterThan(lastFrame);
          lastFrame = frame;
          screens += 1;
        },
      );
      expect(played.gameOver).toBe(true);
      expect(played.return).toBe(evaluated.returns[e]);
      // Evaluation counts the game's steps, with the no-op step EpisodicLife takes after each of the
      // 2 lives lost before the last (Catcher starts with 3); playEpisode counts the agent's steps.
      expect(played.steps + CATCHER_LIVES - 1).toBe(evaluated.episode_steps[e]);
      // One screen after the reset and one per step; a lost life adds no screen of its own.
      expect(screens).toBe(played.steps + 1);
    }
  });

  it('stops at maxSteps and records a GIF and PNG frames of those steps', async () => {
    const out = await dir;
    const options = { ...PROTOCOL, seed: 2, maxSteps: 12 };
    const gif = await recordGif(new RandomAgent(CATCHER_ACTIONS), options, join(out, 'sub', 'random.gif'));
    expect(gif).toMatchObject({ steps: 12, gameOver: false, images: 13 });
    const reader = new omggif.GifReader(await readFile(gif.path));
    expect([reader.width, reader.height, reader.numFrames()]).toEqual([320, 210, 13]);

    const pngs = await recordPngFrames(new RandomAgent(CATCHER_ACTIONS), options, join(out, 'frames'));
    expect(pngs.images).toBe(13);
    const files = (await readdir(pngs.path)).sort();
    expect(files[0]).toBe('frame-000000.png');
    expect(files).toHaveLength(13);
    // The same episode: the GIF's last frame and the last PNG show the same picture.
    const last = PNG.sync.read(await readFile(join(pngs.path, files.at(-1)!)));
    const pixels = new Uint8Array(320 * 210 * 4);
    reader.decodeAndBlitFrameRGBA(12, pixels);
    expect(Buffer.compare(new Uint8Array(last.data), pixels)).toBe(0);
  });
});
