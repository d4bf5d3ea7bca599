/**
 * Plays one episode of a policy and hands every screen a person would see to a sink (a GIF, PNG
 * frames). The episode is episode `episode` of the evaluation protocol (src/distill/evaluate/returns.ts):
 * the same env, wrappers, env seed and action stream, so a recording shows exactly the game that
 * `evaluate --seed S` scored as its episode `episode` (when not cut short by `maxSteps`).
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Agent, ObservationBatch } from '../distill/evaluate/agents.js';
import { type EvalEnvOptions, makeEvalEnv } from '../distill/evaluate/returns.js';
import { writeFileAtomic } from '../distill/fs.js';
import { observationLayout, presetPadding } from '../distill/observations.js';
import { envSeed, STREAM, stream } from '../distill/rng.js';
import { GifWriter } from './gif.js';
import { screenToPng } from './png.js';

/** Receives each screen (interleaved RGB, height × width × 3) and the emulator frame it appeared at. */
export type ScreenSink = (rgb: Uint8Array, frame: number, size: { width: number; height: number }) => void;

export interface PlayOptions extends EvalEnvOptions {
  /** The protocol's seed (as `evaluate --seed`). */
  readonly seed: number;
  /** Which of the protocol's episodes to play (default 0). */
  readonly episode?: number;
  /** Stop after this many agent steps, game over or not (default: play the whole game). */
  readonly maxSteps?: number;
  readonly onStep?: (steps: number) => void;
}

export interface PlayResult {
  /** The game's own score over the steps played (before reward clipping). */
  readonly return: number;
  /** Agent steps (evaluation's episode_steps also counts EpisodicLife's no-op step after each lost life). */
  readonly steps: number;
  /** Emulator frames the steps took. */
  readonly frames: number;
  /** Whether the game ended (false when cut by maxSteps). */
  readonly gameOver: boolean;
}

/** Plays one game of `agent`; every screen goes to `sink`. The agent is set up for one slot here. */
export function playEpisode(agent: Agent, options: PlayOptions, sink: ScreenSink): PlayResult {
  const e = options.episode ?? 0;
  const { env, recorder } = makeEvalEnv(options);
  try {
    const size = { width: env.unwrapped.screenWidth, height: env.unwrapped.screenHeight };
    const rgb = new Uint8Array(size.width * size.height * 3);
    const capture = (frame: number) => sink(env.unwrapped.ale.getScreenRGB(rgb), frame, size);
    const layout = observationLayout(env.observationSpace);
    agent.setup(1, layout, presetPadding(options.preset));
    const rng = stream(options.seed, STREAM.evaluation, e, 1);
    const first = env.reset({ seed: envSeed(options.seed, STREAM.evaluation, e) });
    let obs = first.obs as ObservationBatch;
    let frame = first.info.episode_frame_number;
    capture(frame);
    agent.begin(0, obs);
    const actions = new Int32Array(1);
    let steps = 0;
    let gameOver = false;
    while (!gameOver && (options.maxSteps === undefined || steps < options.maxSteps)) {
      agent.act([0], obs, [rng], actions);
      const r = env.step(actions[0]!);
      steps += 1;
      frame = r.info.episode_frame_number;
      capture(frame);
      options.onStep?.(steps);
      if (!(r.terminated || r.truncated)) {
        obs = r.obs as ObservationBatch;
        agent.observe(0, obs);
      } else if (recorder.gameOver) {
        gameOver = true;
      } else {
        // A lost life under EpisodicLife: the game goes on from the wrapper's reset (as in evaluation).
        const next = env.reset();
        obs = next.obs as ObservationBatch;
        frame = next.info.episode_frame_number;
        agent.begin(0, obs);
      }
    }
    return { return: recorder.gameReturn, steps, frames: frame, gameOver };
  } finally {
    env.close();
  }
}

export interface RecordResult extends PlayResult {
  /** The GIF file, or the folder of PNG frames. */
  readonly path: string;
  /** GIF frames, or PNG files written. */
  readonly images: number;
}

/** Plays one episode into an animated GIF at `path` (written atomically). */
export async function recordGif(agent: Agent, options: PlayOptions, path: string): Promise<RecordResult> {
  let gif: GifWriter | undefined;
  const result = playEpisode(agent, options, (rgb, frame, size) => {
    gif ??= new GifWriter(size);
    gif.add(rgb, frame);
  });
  const images = gif!.frames;
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, gif!.finish(result.frames + 1));
  return { ...result, path, images };
}

/** Width of the frame number in PNG names (frame-000123.png): episodes are at most 108,000 frames. */
const PNG_NAME_DIGITS = 6;

/**
 * Plays one episode into PNG frames (`frame-<step>.png`, one per agent step, step 0 the first
 * screen) in the folder `dir`, which it replaces as a whole once every frame is written.
 */
export async function recordPngFrames(agent: Agent, options: PlayOptions, dir: string): Promise<RecordResult> {
  await mkdir(dirname(dir), { recursive: true });
  const tmp = `${dir}.${process.pid}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const pngs: Uint8Array[] = [];
  // playEpisode is synchronous: PNGs are encoded as the screens come and written afterwards.
  const result = playEpisode(agent, options, (rgb, _frame, size) => {
    pngs.push(screenToPng(rgb, size.width, size.height));
  });
  for (const [i, png] of pngs.entries()) {
    await writeFileAtomic(join(tmp, `frame-${String(i).padStart(PNG_NAME_DIGITS, '0')}.png`), png);
  }
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return { ...result, path: dir, images: pngs.length };
}
