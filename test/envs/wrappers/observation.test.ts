/** FrameStack, TimeLimit, WarpFrame, AtariPreprocessing and BabyA3CObservation. */
import { describe, expect, it } from 'vitest';
import {
  AreaResizer,
  AtariPreprocessing,
  BabyA3CObservation,
  FrameStack,
  rgbToGray,
  ShapeMismatchError,
  TimeLimit,
  WarpFrame,
  WrapperConfigError,
} from '../../../src/envs/index.js';
import { mismatches, NO_MISMATCH } from '../../helpers/arrays.js';
import { f32, readSafetensors, u8 } from '../../helpers/safetensors.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';
import { FixtureAtariEnv, ScriptedAtariEnv } from '../fakes.js';

describe('FrameStack', () => {
  const frameSize = 8 * 6;

  it('pads with the reset observation, then shifts in each new observation (oldest first)', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 50 }], obsType: 'grayscale' });
    const env = new FrameStack(base, 4);
    expect(env.observationSpace.shape).toEqual([4, 8, 6]);
    const { obs } = env.reset();
    for (let j = 0; j < 4; j++) {
      expect(mismatches(obs.subarray(j * frameSize, (j + 1) * frameSize), base.obsAt(0))).toMatchObject(NO_MISMATCH);
    }
    env.step(0);
    const { obs: after2 } = env.step(0);
    const expected = [0, 0, 1, 2];
    expected.forEach((frame, j) => {
      expect(mismatches(after2.subarray(j * frameSize, (j + 1) * frameSize), base.obsAt(frame))).toMatchObject(
        NO_MISMATCH,
      );
    });
  });

  it("pads with zeros with padding 'zero' (SB3 VecFrameStack), and restarts the padding on each reset", () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 2 }], obsType: 'grayscale' });
    const env = new FrameStack(base, 3, 'zero');
    env.reset();
    env.step(0);
    env.step(0);
    const { obs } = env.reset();
    expect(obs.subarray(0, 2 * frameSize).every((v) => v === 0)).toBe(true);
    expect(mismatches(obs.subarray(2 * frameSize), base.obsAt(base.currentFrameNumber))).toMatchObject(NO_MISMATCH);
  });

  it('validates k and padding', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 2 }] });
    expect(() => new FrameStack(base, 0)).toThrow(WrapperConfigError);
    expect(() => new FrameStack(base, 4, 'edge' as 'zero')).toThrow(WrapperConfigError);
  });
});

describe('TimeLimit', () => {
  it('truncates after max steps and restarts the count on reset', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 100 }] });
    const env = new TimeLimit(base, 3);
    env.reset();
    expect([env.step(0).truncated, env.step(0).truncated, env.step(0).truncated]).toEqual([false, false, true]);
    env.reset();
    expect(env.step(0).truncated).toBe(false);
    expect(() => new TimeLimit(base, 0)).toThrow(WrapperConfigError);
  });
});

describe('AtariPreprocessing episode semantics', () => {
  const big = { screenHeight: 210, screenWidth: 160, obsType: 'grayscale' as const };

  it('draws no-ops from the env RNG, merges their info into the reset info, and declares an 84×84 uint8 space', () => {
    const base = new ScriptedAtariEnv({ ...big, episodes: [{ length: 100 }], draws: [12] });
    const env = new AtariPreprocessing(base);
    expect(env.observationSpace.toString()).toBe('Box(0, 255, [84, 84], uint8)');
    const { info } = env.reset({ seed: 3 });
    expect(base.npRandom.calls).toEqual([[1, 31]]);
    expect(base.actions).toEqual(new Array(12).fill(0));
    expect(info.episode_frame_number).toBe(12);
  });

  it('takes no no-ops with noopMax 0, and resets when a no-op ends the game', () => {
    const noNoops = new ScriptedAtariEnv({ ...big, episodes: [{ length: 100 }] });
    new AtariPreprocessing(noNoops, { noopMax: 0 }).reset();
    expect(noNoops.npRandom.calls).toEqual([]);
    expect(noNoops.actions).toEqual([]);
    const ends = new ScriptedAtariEnv({ ...big, episodes: [{ length: 3 }, { length: 100 }], draws: [5] });
    const { info } = new AtariPreprocessing(ends).reset({ seed: 8 });
    expect(ends.resets).toEqual([{ seed: 8 }, { seed: 8 }]);
    expect(info.episode_frame_number).toBe(2);
  });

  it('sums rewards over 4 frames and ends on game over, not on a lost life by default', () => {
    const base = new ScriptedAtariEnv({
      ...big,
      episodes: [{ length: 10, livesAt: { 2: 2 }, reward: (t) => t }],
      draws: [1],
    });
    const env = new AtariPreprocessing(base);
    env.reset();
    const r = env.step(2);
    expect(r.reward).toBe(2 + 3 + 4 + 5);
    expect(r.terminated).toBe(false);
    const end = env.step(2);
    expect(end.reward).toBe(6 + 7 + 8 + 9);
    const over = env.step(2);
    expect(over.terminated).toBe(true);
    expect(over.reward).toBe(10);
    expect(base.actions).toHaveLength(1 + 9);
  });

  it('with terminalOnLifeLoss, a lost life ends the step early', () => {
    const base = new ScriptedAtariEnv({ ...big, episodes: [{ length: 50, livesAt: { 3: 2 } }], draws: [1] });
    const env = new AtariPreprocessing(base, { terminalOnLifeLoss: true });
    env.reset();
    const r = env.step(0);
    expect(r.terminated).toBe(true);
    expect(env.isGameOver).toBe(true);
    expect(base.actions).toHaveLength(3);
  });

  it('refuses an inner env that skips frames itself, or whose action 0 is not NOOP', () => {
    const skipping = new ScriptedAtariEnv({ ...big, episodes: [{ length: 5 }], frameskip: 4 });
    expect(() => new AtariPreprocessing(skipping)).toThrow(/frameskip/);
    expect(new AtariPreprocessing(skipping, { frameSkip: 1 }).observationSpace.shape).toEqual([84, 84]);
    const noNoop = new ScriptedAtariEnv({ ...big, episodes: [{ length: 5 }], meanings: ['FIRE', 'NOOP'] });
    expect(() => new AtariPreprocessing(noNoop)).toThrow(WrapperConfigError);
  });

  it('scales to float32 / 255 and can keep RGB', () => {
    const base = new ScriptedAtariEnv({ ...big, episodes: [{ length: 50 }], obsType: 'rgb' });
    const scaled = new AtariPreprocessing(base, { noopMax: 0, scaleObs: true, grayscaleNewaxis: true });
    expect(scaled.observationSpace.toString()).toBe('Box(0, 1, [84, 84, 1], float32)');
    const unscaled = new AtariPreprocessing(base, { noopMax: 0 });
    const bytes = Uint8Array.from(unscaled.reset().obs as Uint8Array);
    const floats = scaled.reset().obs as Float32Array;
    expect(
      mismatches(
        floats,
        Float32Array.from(bytes, (b) => b / 255),
      ),
    ).toMatchObject(NO_MISMATCH);
    const rgb = new AtariPreprocessing(base, { noopMax: 0, grayscaleObs: false });
    expect(rgb.observationSpace.shape).toEqual([84, 84, 3]);
    expect(rgb.reset().obs).toHaveLength(84 * 84 * 3);
  });
});

describe('WarpFrame and BabyA3CObservation spaces', () => {
  it('declare their spaces and require RGB frames', () => {
    const rgb = new ScriptedAtariEnv({ episodes: [{ length: 5 }], screenHeight: 210, screenWidth: 160 });
    expect(new WarpFrame(rgb).observationSpace.toString()).toBe('Box(0, 255, [84, 84], uint8)');
    expect(new BabyA3CObservation(rgb).observationSpace.toString()).toBe('Box(0, 1, [1, 80, 80], float32)');
    const gray = new ScriptedAtariEnv({ episodes: [{ length: 5 }], obsType: 'grayscale' });
    expect(() => new WarpFrame(gray)).toThrow(ShapeMismatchError);
    expect(() => new BabyA3CObservation(gray)).toThrow(ShapeMismatchError);
  });
});

describeShared('observation wrappers on native-ALE frames (fixtures/preprocess_*)', () => {
  for (const game of ['pong', 'breakout', 'space_invaders']) {
    const f = readSafetensors(sharedPath('fixtures', `preprocess_${game}.safetensors`));
    const frames = { rgb: u8(f, 'rgb').data, gray: u8(f, 'ale_gray').data, count: u8(f, 'rgb').shape[0]! };
    const OUT = 84 * 84;

    it(`${game}: WarpFrame observations equal OpenCV RGB2GRAY + INTER_AREA of each frame`, () => {
      const env = new WarpFrame(new FixtureAtariEnv(frames));
      const warp = u8(f, 'warp84_cv2_rgb2gray_area').data;
      expect(mismatches(env.reset().obs, warp.subarray(0, OUT))).toMatchObject(NO_MISMATCH);
      for (let t = 1; t < frames.count; t++) {
        expect(mismatches(env.step(0).obs, warp.subarray(t * OUT, (t + 1) * OUT)), `frame ${t}`).toMatchObject(
          NO_MISMATCH,
        );
      }
    });

    it(`${game}: WarpFrame 'resize-first' (CleanRL: INTER_AREA on RGB, then RGB2GRAY) stays within 2 levels of SB3's order`, () => {
      const sb3 = new WarpFrame(new FixtureAtariEnv(frames));
      const cleanrl = new WarpFrame(new FixtureAtariEnv(frames), 84, 84, 'resize-first');
      const rgbSmall = new AreaResizer(210, 160, 84, 84, 3);
      const a = Uint8Array.from(sb3.reset().obs);
      const b = cleanrl.reset().obs;
      expect(
        mismatches(
          b,
          rgbToGray(
            rgbSmall.resize(frames.rgb.subarray(0, 210 * 160 * 3), new Uint8Array(OUT * 3)),
            new Uint8Array(OUT),
          ),
        ),
      ).toMatchObject(NO_MISMATCH);
      expect(a.every((v, i) => Math.abs(v - b[i]!) <= 2)).toBe(true);
    });

    it(`${game}: AtariPreprocessing pools ALE grayscale of repeats frame_skip−2 and frame_skip−1, as Gymnasium does`, () => {
      const maxpool = u8(f, 'maxpool_last2_alegray_area').data;
      const warpGray = u8(f, 'warp84_alegray_area').data;
      // frame_skip 2: reset shows frame 0 pooled with zeros; step k shows max(frame 2k−1, frame 2k).
      const env2 = new AtariPreprocessing(new FixtureAtariEnv(frames), { noopMax: 0, frameSkip: 2 });
      expect(mismatches(env2.reset().obs, warpGray.subarray(0, OUT))).toMatchObject(NO_MISMATCH);
      for (let k = 1; 2 * k < frames.count - 1; k++) {
        const pair = 2 * k - 1;
        expect(mismatches(env2.step(0).obs, maxpool.subarray(pair * OUT, (pair + 1) * OUT)), `step ${k}`).toMatchObject(
          NO_MISMATCH,
        );
      }
      // A new reset clears slot 1, so frame 0 is not pooled with the last step's frames.
      expect(mismatches(env2.reset().obs, warpGray.subarray(0, OUT))).toMatchObject(NO_MISMATCH);
      // Defaults (frame_skip 4): step k shows max(frame 4k−1, frame 4k).
      const env4 = new AtariPreprocessing(new FixtureAtariEnv(frames), { noopMax: 0 });
      env4.reset();
      for (let k = 1; 4 * k < frames.count - 1; k++) {
        const pair = 4 * k - 1;
        expect(mismatches(env4.step(0).obs, maxpool.subarray(pair * OUT, (pair + 1) * OUT)), `step ${k}`).toMatchObject(
          NO_MISMATCH,
        );
      }
    });

    it(`${game}: AtariPreprocessing with frame_skip 1 shows each frame's INTER_AREA grayscale`, () => {
      const warpGray = u8(f, 'warp84_alegray_area').data;
      const env = new AtariPreprocessing(new FixtureAtariEnv(frames), { noopMax: 0, frameSkip: 1 });
      expect(mismatches(env.reset().obs, warpGray.subarray(0, OUT))).toMatchObject(NO_MISMATCH);
      for (let t = 1; t < frames.count - 1; t++) {
        expect(mismatches(env.step(0).obs, warpGray.subarray(t * OUT, (t + 1) * OUT)), `frame ${t}`).toMatchObject(
          NO_MISMATCH,
        );
      }
    });

    it(`${game}: AtariPreprocessing on an early game over repeats the previous pooled frame, as Gymnasium does`, () => {
      // 16 frames, frame_skip 4: steps 1–3 show pairs (3, 4), (7, 8), (11, 12). Step 4 runs frames 13, 14
      // and 15, which ends the game before either slot is refreshed: slot 0 still holds max(11, 12) and
      // slot 1 frame 11, so the observation is step 3's again.
      const maxpool = u8(f, 'maxpool_last2_alegray_area').data;
      const env = new AtariPreprocessing(new FixtureAtariEnv(frames), { noopMax: 0 });
      env.reset();
      for (let k = 0; k < 3; k++) env.step(0);
      const last = env.step(0);
      expect(last.terminated).toBe(true);
      expect(mismatches(last.obs, maxpool.subarray(11 * OUT, 12 * OUT))).toMatchObject(NO_MISMATCH);
    });

    it(`${game}: BabyA3CObservation equals the baby-a3c reference for each frame`, () => {
      const baby = f32(f, 'babya3c').data;
      const env = new BabyA3CObservation(new FixtureAtariEnv(frames));
      expect(mismatches(env.reset().obs, baby.subarray(0, 6400))).toMatchObject(NO_MISMATCH);
      for (let t = 1; t < frames.count; t++) {
        expect(mismatches(env.step(0).obs, baby.subarray(t * 6400, (t + 1) * 6400)), `frame ${t}`).toMatchObject(
          NO_MISMATCH,
        );
      }
    });
  }
});
