/**
 * Preprocessing presets as data: each is a list of wrapper specs applied innermost first, plus what it
 * needs from the base env. `applyWrappers` builds the stack; `makeEnv` (src/envs, wired by the lead)
 * creates the base env the preset asks for.
 */
import { WrapperConfigError } from './errors.js';
import type { Env } from './types.js';
import { AtariPreprocessing, type AtariPreprocessingOptions } from './wrappers/atari-preprocessing.js';
import { BabyA3CObservation } from './wrappers/baby-a3c.js';
import { ClipReward } from './wrappers/clip-reward.js';
import { EpisodicLife } from './wrappers/episodic-life.js';
import { FireReset } from './wrappers/fire-reset.js';
import { FrameStack, type StackPadding } from './wrappers/frame-stack.js';
import { MaxAndSkip } from './wrappers/max-and-skip.js';
import { MaxAndSkipWarp } from './wrappers/max-and-skip-warp.js';
import { NoopReset } from './wrappers/noop-reset.js';
import { TimeLimit } from './wrappers/time-limit.js';
import { WarpFrame, type WarpOrder } from './wrappers/warp-frame.js';

export type WrapperSpec =
  | { readonly kind: 'NoopReset'; readonly noopMax: number }
  | { readonly kind: 'MaxAndSkip'; readonly skip: number }
  /** MaxAndSkip then WarpFrame, computed from ALE palette indices (same bytes; needs an AtariEnv base). */
  | { readonly kind: 'MaxAndSkipWarp'; readonly skip: number; readonly width: number; readonly height: number }
  | { readonly kind: 'EpisodicLife' }
  /** `onlyIfFire`: skip the wrapper when the game has no FIRE action (SB3's `AtariWrapper` does this). */
  | { readonly kind: 'FireReset'; readonly onlyIfFire: boolean }
  | { readonly kind: 'WarpFrame'; readonly width: number; readonly height: number; readonly order?: WarpOrder }
  | { readonly kind: 'ClipReward' }
  | { readonly kind: 'FrameStack'; readonly k: number; readonly padding: StackPadding }
  | { readonly kind: 'TimeLimit'; readonly maxEpisodeSteps: number }
  | ({ readonly kind: 'AtariPreprocessing' } & AtariPreprocessingOptions)
  | { readonly kind: 'BabyA3C' };

export type PresetName = 'atari-preprocessing' | 'sb3-atari' | 'baby-a3c';

export interface Preset {
  readonly name: PresetName;
  readonly description: string;
  /** What the base env must be: observation type and frames per step (1 = NoFrameskip). */
  readonly baseEnv: { readonly obsType: 'rgb' | 'grayscale'; readonly frameskip: 1 | 'any' };
  /** Innermost first. */
  readonly wrappers: readonly WrapperSpec[];
  /**
   * The same stack reordered and fused for base envs that expose ALE's palette-index screen
   * (`ale.getScreen`, as AtariEnv does): observations, rewards and flags identical, far less work per step.
   * `applyPreset` uses it where it applies unless told not to.
   */
  readonly fused?: readonly WrapperSpec[];
}

export const PRESETS: Readonly<Record<PresetName, Preset>> = Object.freeze({
  'atari-preprocessing': {
    name: 'atari-preprocessing',
    description:
      "Gymnasium's AtariPreprocessing defaults: 1–30 no-ops, frame skip 4 with a max-pool of the last two frames, ALE grayscale, INTER_AREA 84×84, no life-loss terminal, uint8",
    baseEnv: { obsType: 'grayscale', frameskip: 1 },
    wrappers: [{ kind: 'AtariPreprocessing', noopMax: 30, frameSkip: 4, screenSize: 84, terminalOnLifeLoss: false }],
  },
  'sb3-atari': {
    name: 'sb3-atari',
    description:
      'The SB3/CleanRL stack: NoopReset(30), MaxAndSkip(4), EpisodicLife, FireReset (games with FIRE), WarpFrame 84×84 (OpenCV RGB2GRAY + INTER_AREA), ClipReward, FrameStack(4) → uint8 [4, 84, 84]',
    baseEnv: { obsType: 'rgb', frameskip: 1 },
    wrappers: [
      { kind: 'NoopReset', noopMax: 30 },
      { kind: 'MaxAndSkip', skip: 4 },
      { kind: 'EpisodicLife' },
      { kind: 'FireReset', onlyIfFire: true },
      { kind: 'WarpFrame', width: 84, height: 84 },
      { kind: 'ClipReward' },
      { kind: 'FrameStack', k: 4, padding: 'reset' },
    ],
    // WarpFrame moves inside EpisodicLife and FireReset, which pass observations through (FireReset's rare
    // kept copy is then of the warped frame, which is what WarpFrame would have made of it).
    fused: [
      { kind: 'NoopReset', noopMax: 30 },
      { kind: 'MaxAndSkipWarp', skip: 4, width: 84, height: 84 },
      { kind: 'EpisodicLife' },
      { kind: 'FireReset', onlyIfFire: true },
      { kind: 'ClipReward' },
      { kind: 'FrameStack', k: 4, padding: 'reset' },
    ],
  },
  'baby-a3c': {
    name: 'baby-a3c',
    description:
      'greydanus/baby-a3c: rows 35–194, RGB mean, min–max bytescale, Pillow bilinear 80×80, /255 → float32 [1, 80, 80], one frame per step (its teachers ran on <Game>-v4)',
    baseEnv: { obsType: 'rgb', frameskip: 'any' },
    wrappers: [{ kind: 'BabyA3C' }],
  },
});

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

type SpecOf<K extends WrapperSpec['kind']> = Extract<WrapperSpec, { kind: K }>;

/** How each kind of spec wraps an env. */
const WRAPPER_BUILDERS: { readonly [K in WrapperSpec['kind']]: (env: Env, spec: SpecOf<K>) => Env } = {
  NoopReset: (env, spec) => new NoopReset(env, spec.noopMax),
  MaxAndSkip: (env, spec) => new MaxAndSkip(env as Env<Uint8Array>, spec.skip),
  MaxAndSkipWarp: (env, spec) => new MaxAndSkipWarp(env as Env<Uint8Array>, spec.skip, spec.width, spec.height),
  EpisodicLife: (env) => new EpisodicLife(env),
  FireReset: (env, spec) => (spec.onlyIfFire && !env.actionSpace.meanings.includes('FIRE') ? env : new FireReset(env)),
  WarpFrame: (env, spec) => new WarpFrame(env as Env<Uint8Array>, spec.width, spec.height, spec.order),
  ClipReward: (env) => new ClipReward(env),
  FrameStack: (env, spec) => new FrameStack(env, spec.k, spec.padding),
  TimeLimit: (env, spec) => new TimeLimit(env, spec.maxEpisodeSteps),
  AtariPreprocessing: (env, { kind: _kind, ...options }) => new AtariPreprocessing(env, options),
  BabyA3C: (env) => new BabyA3CObservation(env as Env<Uint8Array>),
};

/** Wraps `env` with one spec. */
export function applyWrapper(env: Env, spec: WrapperSpec): Env {
  const build = WRAPPER_BUILDERS[spec.kind] as ((env: Env, spec: WrapperSpec) => Env) | undefined;
  if (!build) {
    throw new WrapperConfigError(
      `unknown wrapper kind ${String(spec.kind)}; known kinds: ${Object.keys(WRAPPER_BUILDERS).join(', ')}`,
    );
  }
  return build(env, spec);
}

/** Wraps `env` with each spec in order (innermost first). */
export function applyWrappers(env: Env, specs: readonly WrapperSpec[]): Env {
  let wrapped = env;
  for (const spec of specs) wrapped = applyWrapper(wrapped, spec);
  return wrapped;
}

export interface ApplyPresetOptions {
  /** Use the preset's fused stack where the base env supports it (default true); false: always the reference stack. */
  readonly fused?: boolean;
}

/** Whether the fused stack applies: the base env exposes palette indices and nothing but TimeLimit wraps it. */
function canFuse(env: Env): boolean {
  const base = env.unwrapped;
  return typeof base.ale.getScreen === 'function' && (env === base || (env instanceof TimeLimit && env.env === base));
}

/**
 * Wraps `env` with a named preset's wrappers, after checking the base env is the kind the preset needs.
 * Where the preset has a fused stack and `env` is an ALE base env (optionally in a TimeLimit), the fused
 * stack is used: same observations, rewards and flags, much less work per step.
 */
export function applyPreset(env: Env, preset: PresetName | Preset, options: ApplyPresetOptions = {}): Env {
  const p = typeof preset === 'string' ? PRESETS[preset] : preset;
  if (!p) {
    throw new WrapperConfigError(`unknown preset ${String(preset)}; known presets: ${Object.keys(PRESETS).join(', ')}`);
  }
  if (p.baseEnv.frameskip === 1 && env.unwrapped.frameskip !== 1) {
    throw new WrapperConfigError(
      `preset ${p.name} skips frames itself and needs a base env with frameskip 1 (a NoFrameskip id), got frameskip ${JSON.stringify(env.unwrapped.frameskip)}`,
    );
  }
  const fused = options.fused ?? true;
  return applyWrappers(env, fused && p.fused && canFuse(env) ? p.fused : p.wrappers);
}
