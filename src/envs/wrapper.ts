/**
 * Base classes for wrappers. A wrapper holds the env it wraps, declares its own observation space, and
 * forwards everything it does not change explicitly. `Wrapper.step` checks the action and the episode
 * state (reset before the first step and after every ended episode) before the subclass runs, so a wrong
 * call fails with a typed error before anything is emulated.
 */
import { ResetNeededError } from './errors.js';
import { finish, type Pieces, resetInPieces } from './pieces.js';
import type { Box, Discrete, Observation } from './spaces.js';
import type { AtariBaseEnv, Env, EnvInfo, ResetArgs, ResetResult, StepResult } from './types.js';

/** Tracks whether an env may step: after a reset, and until a step ends the episode. Base envs reuse it. */
export class EpisodeGuard {
  private state: 'before-first-reset' | 'running' | 'ended' = 'before-first-reset';

  constructor(private readonly owner: string) {}

  /** Throws ResetNeededError when stepping is not allowed now. */
  beforeStep(): void {
    if (this.state === 'running') return;
    throw new ResetNeededError(
      this.state === 'before-first-reset'
        ? `${this.owner}: step() before the first reset(); call reset() first`
        : `${this.owner}: step() after the episode ended (terminated or truncated); call reset() to start a new one`,
    );
  }

  afterReset(): void {
    this.state = 'running';
  }

  afterStep(terminated: boolean, truncated: boolean): void {
    if (terminated || truncated) this.state = 'ended';
  }

  get needsReset(): boolean {
    return this.state !== 'running';
  }
}

export abstract class Wrapper<O extends Observation = Observation, I extends Observation = Observation>
  implements Env<O>
{
  readonly env: Env<I>;
  abstract readonly observationSpace: Box;
  private readonly guard: EpisodeGuard;

  constructor(env: Env<I>) {
    this.env = env;
    this.guard = new EpisodeGuard(this.constructor.name);
  }

  get actionSpace(): Discrete {
    return this.env.actionSpace;
  }

  get unwrapped(): AtariBaseEnv {
    return this.env.unwrapped;
  }

  reset(args: ResetArgs = {}): ResetResult<O> {
    const result = this.resetImpl(args);
    this.guard.afterReset();
    return result;
  }

  /**
   * `reset` in pieces (src/envs/pieces.ts): `resetImplInPieces` where it runs what `resetImpl` runs, else
   * `reset` in one piece (a subclass that overrides `reset` or `resetImpl` below the class that splits it).
   */
  *resetInPieces(args: ResetArgs = {}): Pieces<ResetResult<O>> {
    if (!splitsItsOwnReset(this)) return this.reset(args);
    const result = yield* this.resetImplInPieces(args);
    this.guard.afterReset();
    return result;
  }

  step(action: number): StepResult<O> {
    this.actionSpace.check(action);
    this.guard.beforeStep();
    const result = this.stepImpl(action);
    this.guard.afterStep(result.terminated, result.truncated);
    return result;
  }

  close(): void {
    this.env.close();
  }

  protected abstract resetImpl(args: ResetArgs): ResetResult<O>;
  protected abstract stepImpl(action: number): StepResult<O>;

  /**
   * `resetImpl` in pieces; by default one piece. A wrapper that splits its reset overrides this and
   * implements `resetImpl` as `finish(this.resetImplInPieces(args))`, so that both run the same code.
   */
  // biome-ignore lint/correctness/useYield: one piece, run by the first next()
  protected *resetImplInPieces(args: ResetArgs): Pieces<ResetResult<O>> {
    return this.resetImpl(args);
  }
}

/** The prototype on `obj`'s chain that defines `name` itself. */
function definerOf(obj: object, name: string): object | null {
  for (let p = Object.getPrototypeOf(obj) as object | null; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.hasOwn(p, name)) return p;
  }
  return null;
}

/** Per class: whether its `resetImplInPieces` runs what its `reset` runs (see `Wrapper.resetInPieces`). */
const splitsOwnReset = new WeakMap<object, boolean>();

function splitsItsOwnReset(wrapper: Wrapper): boolean {
  const proto = Object.getPrototypeOf(wrapper) as object;
  let known = splitsOwnReset.get(proto);
  if (known === undefined) {
    const pieces = definerOf(wrapper, 'resetImplInPieces');
    known =
      definerOf(wrapper, 'reset') === Wrapper.prototype &&
      definerOf(wrapper, 'resetInPieces') === Wrapper.prototype &&
      (pieces === Wrapper.prototype || pieces === definerOf(wrapper, 'resetImpl'));
    splitsOwnReset.set(proto, known);
  }
  return known;
}

/** A wrapper that changes only observations: `observation(inner)` maps each reset and step observation. */
export abstract class ObservationWrapper<O extends Observation, I extends Observation = Observation> extends Wrapper<
  O,
  I
> {
  protected abstract observation(inner: I): O;

  protected resetImpl(args: ResetArgs): ResetResult<O> {
    return finish(this.resetImplInPieces(args));
  }

  protected override *resetImplInPieces(args: ResetArgs): Pieces<ResetResult<O>> {
    const { obs, info } = yield* resetInPieces(this.env, args);
    return { obs: this.observation(obs), info };
  }

  protected stepImpl(action: number): StepResult<O> {
    const r = this.env.step(action);
    return {
      obs: this.observation(r.obs),
      reward: r.reward,
      terminated: r.terminated,
      truncated: r.truncated,
      info: r.info,
    };
  }
}

/** A wrapper that changes only rewards. */
export abstract class RewardWrapper<O extends Observation = Observation> extends Wrapper<O, O> {
  protected abstract reward(inner: number): number;

  protected resetImpl(args: ResetArgs): ResetResult<O> {
    return finish(this.resetImplInPieces(args));
  }

  protected override *resetImplInPieces(args: ResetArgs): Pieces<ResetResult<O>> {
    return yield* resetInPieces(this.env, args);
  }

  protected stepImpl(action: number): StepResult<O> {
    const r = this.env.step(action);
    return {
      obs: r.obs,
      reward: this.reward(r.reward),
      terminated: r.terminated,
      truncated: r.truncated,
      info: r.info,
    };
  }
}

/** Merges a step's info over a reset's, as Gymnasium's `reset_info.update(step_info)` does. */
export function mergeInfo(base: EnvInfo, update: EnvInfo): EnvInfo {
  return { ...base, ...update };
}
