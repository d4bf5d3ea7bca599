/**
 * One sub-env of a vector env and its slot in the result arrays. This is the whole of the next-step
 * autoreset logic, shared by the in-process vector env and the workers so that both behave identically
 * (Gymnasium SyncVectorEnv.step, AutoresetMode.NEXT_STEP): after a step that terminates or truncates,
 * the next `step` resets the env (no seed, no options), ignores its action and reports the reset's
 * observation and info with reward 0 and both flags false.
 *
 * A result goes to the slot's row of the result arrays, or, for the asynchronous interface's requests in the
 * calling thread (`hold`), its observation stays in the env's own array until `recv` copies it out: as
 * Gymnasium's SyncVectorEnv keeps each sub-env's observation until it concatenates the batch, an env's
 * observation must stay valid until that env is called again. It saves a copy through shared memory, which
 * V8 copies several times slower than ordinary memory.
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
  /** The last result's observation, where it was held in the env's own array instead of copied to the row. */
  private heldObs: Observation | undefined;
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

  /** The last result's observation: the env's own array where it was held, else the slot's row. */
  get resultObs(): Observation {
    return this.heldObs ?? this.obsView;
  }

  reset(seed: number | undefined, options: Readonly<Record<string, unknown>> | undefined, hold = false): void {
    finish(this.resetInPieces(seed, options, hold));
  }

  /** `reset` in pieces (src/envs/pieces.ts), where the env offers them. */
  *resetInPieces(
    seed: number | undefined,
    options: Readonly<Record<string, unknown>> | undefined,
    hold = false,
  ): Pieces<void> {
    const args: ResetArgs = seed === undefined ? { options } : { seed, options };
    const { obs, info } = yield* resetInPieces(this.env, args);
    this.writeObs(obs, hold);
    this.writeInfo(info);
    this.buffers.rewards[this.index] = 0;
    this.buffers.terminated[this.index] = 0;
    this.buffers.truncated[this.index] = 0;
    this.autoresetPending = false;
  }

  step(action: number, hold = false): void {
    if (this.autoresetPending) {
      this.reset(undefined, undefined, hold);
      return;
    }
    this.stepNow(action, hold);
  }

  /** `step` with its autoreset in pieces; an ordinary step is one piece. */
  *stepInPieces(action: number, hold = false): Pieces<void> {
    if (this.autoresetPending) return yield* this.resetInPieces(undefined, undefined, hold);
    this.stepNow(action, hold);
  }

  private stepNow(action: number, hold: boolean): void {
    const r = this.env.step(action);
    this.writeObs(r.obs, hold);
    this.writeInfo(r.info);
    this.buffers.rewards[this.index] = r.reward;
    this.buffers.terminated[this.index] = r.terminated ? 1 : 0;
    this.buffers.truncated[this.index] = r.truncated ? 1 : 0;
    this.autoresetPending = r.terminated || r.truncated;
  }

  close(): void {
    this.env.close();
  }

  private writeObs(obs: Observation, hold: boolean): void {
    if (obs.length !== this.obsSize) {
      throw new ShapeMismatchError(
        `sub-env ${this.index} returned an observation of ${obs.length} elements, but its observation space ${this.env.observationSpace.toString()} has ${this.obsSize}`,
      );
    }
    if (hold) {
      this.heldObs = obs;
      return;
    }
    this.heldObs = undefined;
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
