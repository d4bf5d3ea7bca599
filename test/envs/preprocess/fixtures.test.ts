/**
 * The preprocessing ops against PyTorch-side references computed with OpenCV, Pillow and numpy from
 * native-ALE frames (../shared/fixtures/preprocess_*.safetensors): every byte and float must match.
 */
import { expect, it } from 'vitest';
import { AreaResizer, BabyA3CPreprocessor, maxPool2, rgbToGray } from '../../../src/envs/preprocess/index.js';
import { mismatches, NO_MISMATCH } from '../../helpers/arrays.js';
import { f32, readSafetensors, u8 } from '../../helpers/safetensors.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';

const GAMES = ['pong', 'breakout', 'space_invaders'] as const;
const H = 210;
const W = 160;
const GRAY = H * W;
const RGB = GRAY * 3;
const OUT = 84 * 84;
const BABY = 80 * 80;

function load(game: string) {
  const f = readSafetensors(sharedPath('fixtures', `preprocess_${game}.safetensors`));
  return {
    about: f.metadata.about ?? '',
    rgb: u8(f, 'rgb'),
    gray: u8(f, 'ale_gray'),
    warpRgb: u8(f, 'warp84_cv2_rgb2gray_area'),
    warpGray: u8(f, 'warp84_alegray_area'),
    maxpool: u8(f, 'maxpool_last2_alegray_area'),
    baby: f32(f, 'babya3c'),
  };
}

describeShared('preprocessing ops against fixtures/preprocess_*.safetensors', () => {
  for (const game of GAMES) {
    const fx = load(game);
    const frames = fx.rgb.shape[0]!;
    const frame = (t: number) => fx.rgb.data.subarray(t * RGB, (t + 1) * RGB);
    const grayFrame = (t: number) => fx.gray.data.subarray(t * GRAY, (t + 1) * GRAY);

    it(`${game}: fixture shapes are as documented`, () => {
      expect(fx.about).toMatch(/INTER_AREA 84x84/);
      expect(fx.rgb.shape).toEqual([frames, H, W, 3]);
      expect(fx.warpRgb.shape).toEqual([frames, 84, 84]);
      expect(fx.maxpool.shape).toEqual([frames - 1, 84, 84]);
      expect(fx.baby.shape).toEqual([frames, 80, 80]);
    });

    it(`${game}: OpenCV RGB2GRAY + INTER_AREA 84×84 (SB3 WarpFrame) matches bit for bit`, () => {
      const resizer = new AreaResizer(H, W, 84, 84);
      const gray = new Uint8Array(GRAY);
      const out = new Uint8Array(OUT);
      for (let t = 0; t < frames; t++) {
        resizer.resize(rgbToGray(frame(t), gray), out);
        expect(mismatches(out, fx.warpRgb.data.subarray(t * OUT, (t + 1) * OUT)), `frame ${t}`).toMatchObject(
          NO_MISMATCH,
        );
      }
    });

    it(`${game}: ALE grayscale + INTER_AREA 84×84 (Gymnasium AtariPreprocessing) matches bit for bit`, () => {
      const resizer = new AreaResizer(H, W, 84, 84);
      const out = new Uint8Array(OUT);
      for (let t = 0; t < frames; t++) {
        resizer.resize(grayFrame(t), out);
        expect(mismatches(out, fx.warpGray.data.subarray(t * OUT, (t + 1) * OUT)), `frame ${t}`).toMatchObject(
          NO_MISMATCH,
        );
      }
    });

    it(`${game}: max-pool of consecutive frames, then INTER_AREA, matches bit for bit`, () => {
      const resizer = new AreaResizer(H, W, 84, 84);
      const pooled = new Uint8Array(GRAY);
      const out = new Uint8Array(OUT);
      for (let t = 0; t + 1 < frames; t++) {
        resizer.resize(maxPool2(grayFrame(t), grayFrame(t + 1), pooled), out);
        expect(mismatches(out, fx.maxpool.data.subarray(t * OUT, (t + 1) * OUT)), `pair ${t}`).toMatchObject(
          NO_MISMATCH,
        );
      }
    });

    it(`${game}: baby-a3c pipeline (crop, mean, bytescale, Pillow bilinear 80×80, /255) matches every float`, () => {
      const pre = new BabyA3CPreprocessor();
      const out = new Float32Array(BABY);
      for (let t = 0; t < frames; t++) {
        pre.process(frame(t), out);
        expect(mismatches(out, fx.baby.data.subarray(t * BABY, (t + 1) * BABY)), `frame ${t}`).toMatchObject(
          NO_MISMATCH,
        );
      }
    });
  }
});
