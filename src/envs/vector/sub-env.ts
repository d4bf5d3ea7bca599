/**
 * One sub-env of a vector env and its slot in the result arrays. This is the whole of the next-step
 * autoreset logic, shared by the in-process vector env and the workers so that both behave identically
 * (Gymnasium SyncVectorEnv.step, AutoresetMode.NEXT_STEP): after a step that terminates or truncates,
 * the next `step` resets the env (no seed, no options), ignores its action and reports the reset's
 * observation and info with reward 0 and both flags false.
 */
import { ShapeMismatchError } from '../errors.js';
import { finish, type Pieces, resetInPieces } from '../pieces.js';
import type { Observation } from '../spaces.js';
import type { Env, EnvInfo, ResetArgs } from '../types.js';
import { type SubEnvPhase, subEnvErrorFrom } from './errors.js';
import type { VectorBuffers } from './types.js';

export class SubEnvSlot {
  /** Whether the previous step ended the episode, so the next step resets instead. */
  private autoresetPending = false;
  private readonly obsView: Observation;
  private readonly obsSize: number;

  constructor(
    readonly env: Env,
    readonly index: number,
    private readonly buffers: VectorBuffers,
  ) {
    this.obsSize = env.observationSpace.size;
    const start = index * this.obsSize;
    this.obsView = buffers.obs.subarray(start, start + this.obsSize);
  }

  get needsAutoreset(): boolean {
    return this.autoresetPending;
  }

  reset(seed: number | undefined, options: Readonly<Record<string, unknown>> | undefined): void {
    finish(this.resetInPieces(seed, options));
  }

  /** `reset` in pieces (src/envs/pieces.ts), where the env offers them. */
  *resetInPieces(seed: number | undefined, options: Readonly<Record<string, unknown>> | undefined): Pieces<void> {
    const args: ResetArgs = seed === undefined ? { options } : { seed, options };
    const { obs, info } = yield* resetInPieces(this.env, args);
    this.writeObs(obs);
    this.writeInfo(info);
    this.buffers.rewards[this.index] = 0;
    this.buffers.terminated[this.index] = 0;
    this.buffers.truncated[this.index] = 0;
    this.autoresetPending = false;
  }

  step(action: number): void {
    if (this.autoresetPending) {
      this.reset(undefined, undefined);
      return;
    }
    this.stepNow(action);
  }

  /** `step` with its autoreset in pieces; an ordinary step is one piece. */
  *stepInPieces(action: number): Pieces<void> {
    if (this.autoresetPending) return yield* this.resetInPieces(undefined, undefined);
    this.stepNow(action);
  }

  private stepNow(action: number): void {
    const r = this.env.step(action);
    this.writeObs(r.obs);
    this.writeInfo(r.info);
    this.buffers.rewards[this.index] = r.reward;
    this.buffers.terminated[this.index] = r.terminated ? 1 : 0;
    this.buffers.truncated[this.index] = r.truncated ? 1 : 0;
    this.autoresetPending = r.terminated || r.truncated;
  }

  close(): void {
    this.env.close();
  }

  private writeObs(obs: Observation): void {
    if (obs.length !== this.obsSize) {
      throw new ShapeMismatchError(
        `sub-env ${this.index} returned an observation of ${obs.length} elements, but its observation space ${this.env.observationSpace.toString()} has ${this.obsSize}`,
      );
    }
    this.obsView.set(obs);
  }

  private writeInfo(info: EnvInfo): void {
    const i = this.index;
    const out = this.buffers.info;
    out.lives[i] = info.lives;
    out.episode_frame_number[i] = info.episode_frame_number;
    out.frame_number[i] = info.frame_number;
  }
}

/**
 * Runs `fn` on each slot in this thread. Stops at the first failure and throws it as a SubEnvError naming
 * the sub-env; with `keepGoing` (close), runs every slot first and then throws the first failure.
 */
export function runEach(
  slots: readonly SubEnvSlot[],
  phase: SubEnvPhase,
  fn: (slot: SubEnvSlot) => void,
  keepGoing = false,
): void {
  let first: unknown;
  for (const slot of slots) {
    try {
      fn(slot);
    } catch (error) {
      first ??= subEnvErrorFrom(slot.index, phase, error);
      if (!keepGoing) break;
    }
  }
  if (first !== undefined) throw first;
}
