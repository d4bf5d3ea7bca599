/**
 * Returns of a policy over N episodes under an env id's evaluation protocol:
 *
 * - the id's own settings (frameskip, sticky actions: 0.25 for ALE/…-v5, none for -v4), and the
 *   preset's wrappers (sb3-atari and atari-preprocessing start each episode with 1–30 no-ops);
 * - a whole game per episode: rewards are the game's own (before ClipReward) and an episode goes on
 *   across lost lives (EpisodicLife ends learner episodes, not games);
 * - episodes cut at `EVAL_PROTOCOLS`' step limit for the id (gym `-v4` ids: 10,000 steps, as
 *   baby-a3c's teachers were run), else the registration's (108,000 frames);
 * - each episode e has its own env seed and action stream, derived from (seed, e), so results do not
 *   depend on how many envs run side by side; recurrent state and frame history reset every episode.
 */
import { type MakeEnvOptions, makeEnv } from '../../envs/make-env.js';
import { applyWrappers, isPresetName, PRESETS, type PresetName, type WrapperSpec } from '../../envs/presets.js';
import { resolveEnvId } from '../../envs/registry.js';
import type { Observation } from '../../envs/spaces.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../../envs/types.js';
import { Wrapper } from '../../envs/wrapper.js';
import { DistillConfigError } from '../errors.js';
import { observationLayout, presetPadding } from '../observations.js';
import { envSeed, type Random, STREAM, stream } from '../rng.js';
import type { Agent, ObservationBatch } from './agents.js';
import { humanNormalizedScore } from './scores.js';

/** Evaluation step limits by id pattern, first match wins. */
export const EVAL_PROTOCOLS: readonly {
  readonly pattern: RegExp;
  readonly maxEpisodeSteps?: number;
  readonly note: string;
}[] = [
  {
    pattern: /^(?!ALE\/)[A-Za-z0-9]+?(-ram)?(?<!Deterministic|NoFrameskip)-v4$/,
    maxEpisodeSteps: 10_000,
    note: 'gym <Game>-v4 as baby-a3c ran it: episodes cut at 10,000 steps',
  },
  { pattern: /.*/, note: "the id's registration: ALE ends episodes at 108,000 frames (30 minutes)" },
];

export function protocolFor(envId: string): { maxEpisodeSteps?: number; note: string } {
  const p = EVAL_PROTOCOLS.find((x) => x.pattern.test(envId))!;
  return { ...(p.maxEpisodeSteps !== undefined ? { maxEpisodeSteps: p.maxEpisodeSteps } : {}), note: p.note };
}

/**
 * The env options a preset needs: presets that skip frames themselves (sb3-atari, atari-preprocessing)
 * run on a base env with frameskip 1, as SB3 users make `ALE/<Game>-v5` with `frameskip=1`; ids that
 * skip frames (v5: 4) get frameskip 1 unless the options set it. Sticky actions stay as the id has them.
 */
export function presetBaseOptions<T extends { readonly frameskip?: MakeEnvOptions['frameskip'] }>(
  preset: PresetName | 'none',
  envOptions: T | undefined,
): T | (T & { frameskip: 1 }) {
  const needsOne = preset !== 'none' && PRESETS[preset].baseEnv.frameskip === 1;
  if (!needsOne || envOptions?.frameskip !== undefined) return (envOptions ?? {}) as T;
  return { ...(envOptions ?? ({} as T)), frameskip: 1 };
}

/** Wrapper kinds that change what an episode or a reward is: the game's score is read below them. */
const LEARNER_SEMANTICS: ReadonlySet<WrapperSpec['kind']> = new Set(['EpisodicLife', 'ClipReward']);

/** Counts the game's own reward and steps, and whether the game (not a life) ended. */
class GameRecorder<O extends Observation> extends Wrapper<O, O> {
  readonly observationSpace;
  gameReturn = 0;
  gameSteps = 0;
  gameOver = false;

  constructor(env: Env<O>) {
    super(env);
    this.observationSpace = env.observationSpace;
  }

  protected resetImpl(args: ResetArgs): ResetResult<O> {
    this.gameReturn = 0;
    this.gameSteps = 0;
    this.gameOver = false;
    return this.env.reset(args);
  }

  protected stepImpl(action: number): StepResult<O> {
    const r = this.env.step(action);
    this.gameReturn += r.reward;
    this.gameSteps += 1;
    this.gameOver = r.terminated || r.truncated;
    return r;
  }
}

export interface EvalEnvOptions {
  readonly envId: string;
  readonly preset: PresetName | 'none';
  /** Other makeEnv options (romDir, romPath, registration, …). */
  readonly envOptions?: Omit<MakeEnvOptions, 'preset' | 'max_episode_steps'>;
  /** Overrides the protocol's step limit. */
  readonly maxEpisodeSteps?: number;
}

/** The env of the protocol, with the game recorder under the learner-semantics wrappers. */
export function makeEvalEnv(options: EvalEnvOptions): { env: Env; recorder: GameRecorder<Observation> } {
  const maxSteps = options.maxEpisodeSteps ?? protocolFor(options.envId).maxEpisodeSteps;
  if (options.preset !== 'none' && !isPresetName(options.preset)) {
    throw new DistillConfigError(`unknown preset ${options.preset}; presets: ${Object.keys(PRESETS).join(', ')}, none`);
  }
  const base = makeEnv(options.envId, {
    ...presetBaseOptions(options.preset, options.envOptions),
    preset: 'none',
    ...(maxSteps !== undefined ? { max_episode_steps: maxSteps } : {}),
  });
  const preset = options.preset === 'none' ? undefined : PRESETS[options.preset];
  // The fused stack applies when the base env exposes palette indices (AtariEnv, in a TimeLimit at most).
  const specs = preset
    ? preset.fused && typeof base.unwrapped.ale.getScreen === 'function'
      ? preset.fused
      : preset.wrappers
    : [];
  let cut = specs.findIndex((s) => LEARNER_SEMANTICS.has(s.kind));
  if (cut < 0) cut = specs.length;
  const recorder = new GameRecorder(applyWrappers(base, specs.slice(0, cut)));
  return { env: applyWrappers(recorder, specs.slice(cut)), recorder };
}

export interface ReturnsOptions extends EvalEnvOptions {
  readonly episodes: number;
  readonly seed: number;
  /** Envs played side by side, their observations batched (default min(episodes, 8)). */
  readonly numEnvs?: number;
  readonly onEpisode?: (done: number, total: number) => void;
}

export interface ReturnsResult {
  readonly episodes: number;
  readonly mean_return: number;
  readonly std_return: number;
  readonly min_return: number;
  readonly max_return: number;
  readonly mean_episode_steps: number;
  readonly returns: readonly number[];
  readonly episode_steps: readonly number[];
  /** Of the mean return, when the game has published random and human scores. */
  readonly human_normalized_score?: number;
  readonly protocol: {
    readonly env: string;
    readonly preset: string;
    readonly max_episode_steps?: number;
    readonly note: string;
  };
}

const DEFAULT_EVAL_ENVS = 8;

/** Mean and population standard deviation. */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

export function evaluateReturns(agent: Agent, options: ReturnsOptions): ReturnsResult {
  const total = options.episodes;
  if (!(Number.isInteger(total) && total > 0))
    throw new DistillConfigError(`episodes must be a positive integer, got ${total}`);
  const m = Math.min(total, options.numEnvs ?? DEFAULT_EVAL_ENVS);
  const slots = Array.from({ length: m }, () => makeEvalEnv(options));
  const layout = observationLayout(slots[0]!.env.observationSpace);
  agent.setup(m, layout, presetPadding(options.preset));
  const returns = new Array<number>(total).fill(0);
  const steps = new Array<number>(total).fill(0);
  const episodeOf = new Int32Array(m).fill(-1);
  const rngs: Random[] = new Array(m);
  const obsOf: ObservationBatch[] = new Array(m);
  const perObs = layout.stack * layout.frameSize;
  let nextEpisode = 0;
  let finished = 0;

  const startEpisode = (slot: number) => {
    if (nextEpisode >= total) {
      episodeOf[slot] = -1;
      return;
    }
    const e = nextEpisode++;
    episodeOf[slot] = e;
    rngs[slot] = stream(options.seed, STREAM.evaluation, e, 1);
    const { obs } = slots[slot]!.env.reset({ seed: envSeed(options.seed, STREAM.evaluation, e) });
    obsOf[slot] = obs as ObservationBatch;
    agent.begin(slot, obs as ObservationBatch);
  };

  try {
    for (let s = 0; s < m; s++) startEpisode(s);
    const actions = new Int32Array(m);
    while (finished < total) {
      const active = [...episodeOf.keys()].filter((s) => episodeOf[s]! >= 0);
      const batch =
        layout.encoding === 'uint8' ? new Uint8Array(active.length * perObs) : new Float32Array(active.length * perObs);
      active.forEach((s, i) => {
        batch.set(obsOf[s]!, i * perObs);
      });
      agent.act(
        active,
        batch,
        active.map((s) => rngs[s]!),
        actions,
      );
      active.forEach((s, i) => {
        const { env, recorder } = slots[s]!;
        const r = env.step(actions[i]!);
        if (!(r.terminated || r.truncated)) {
          obsOf[s] = r.obs as ObservationBatch;
          agent.observe(s, r.obs as ObservationBatch);
          return;
        }
        if (recorder.gameOver) {
          const e = episodeOf[s]!;
          returns[e] = recorder.gameReturn;
          steps[e] = recorder.gameSteps;
          finished += 1;
          options.onEpisode?.(finished, total);
          startEpisode(s);
        } else {
          // A lost life under EpisodicLife: the game goes on from the wrapper's reset.
          const { obs } = env.reset();
          obsOf[s] = obs as ObservationBatch;
          agent.begin(s, obs as ObservationBatch);
        }
      });
    }
  } finally {
    for (const { env } of slots) env.close();
  }
  const { mean, std } = meanStd(returns);
  const gameId = resolveEnvId(options.envId, options.envOptions?.registration ?? 'gymnasium').game.id;
  const hns = humanNormalizedScore(gameId, mean);
  const maxSteps = options.maxEpisodeSteps ?? protocolFor(options.envId).maxEpisodeSteps;
  return {
    episodes: total,
    mean_return: mean,
    std_return: std,
    min_return: Math.min(...returns),
    max_return: Math.max(...returns),
    mean_episode_steps: meanStd(steps).mean,
    returns,
    episode_steps: steps,
    ...(hns !== undefined ? { human_normalized_score: hns } : {}),
    protocol: {
      env: options.envId,
      preset: options.preset,
      ...(maxSteps !== undefined ? { max_episode_steps: maxSteps } : {}),
      note: protocolFor(options.envId).note,
    },
  };
}
