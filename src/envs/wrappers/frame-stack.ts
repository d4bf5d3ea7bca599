/**
 * FrameStack (Gymnasium `FrameStackObservation`, and the `FrameStack` CleanRL uses): the observation is
 * the last k inner observations, oldest first, shape [k, ...inner shape] (for 84×84 frames: [k, 84, 84],
 * the NCHW layout the Nature CNN takes). After a reset the stack is padded with copies of the reset
 * observation (`padding: 'reset'`, Gymnasium's default and CleanRL's) or with zeros (`padding: 'zero'`,
 * as SB3's `VecFrameStack` does).
 */
import { WrapperConfigError } from '../errors.js';
import { finish, type Pieces, resetInPieces } from '../pieces.js';
import { Box, type Observation } from '../spaces.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../types.js';
import { Wrapper } from '../wrapper.js';

export type StackPadding = 'reset' | 'zero';

export class FrameStack<O extends Observation = Observation> extends Wrapper<O, O> {
  readonly observationSpace: Box;
  readonly k: number;
  readonly padding: StackPadding;
  private readonly frameSize: number;
  private readonly stack: O;

  constructor(env: Env<O>, k = 4, padding: StackPadding = 'reset') {
    super(env);
    if (!Number.isInteger(k) || k < 1) throw new WrapperConfigError(`FrameStack: k must be an integer ≥ 1, got ${k}`);
    if (padding !== 'reset' && padding !== 'zero') {
      throw new WrapperConfigError(`FrameStack: padding must be 'reset' or 'zero', got ${String(padding)}`);
    }
    const inner = env.observationSpace;
    this.k = k;
    this.padding = padding;
    this.frameSize = inner.size;
    const low = padding === 'zero' ? Math.min(0, inner.low) : inner.low;
    const high = padding === 'zero' ? Math.max(0, inner.high) : inner.high;
    this.observationSpace = new Box([k, ...inner.shape], inner.dtype, low, high);
    this.stack = this.observationSpace.allocate() as O;
  }

  protected resetImpl(args: ResetArgs): ResetResult<O> {
    return finish(this.resetImplInPieces(args));
  }

  protected override *resetImplInPieces(args: ResetArgs): Pieces<ResetResult<O>> {
    const { obs, info } = yield* resetInPieces(this.env, args);
    const { k, frameSize, stack } = this;
    if (this.padding === 'zero') stack.fill(0, 0, (k - 1) * frameSize);
    else for (let i = 0; i < k - 1; i++) stack.set(obs, i * frameSize);
    stack.set(obs, (k - 1) * frameSize);
    return { obs: stack, info };
  }

  protected stepImpl(action: number): StepResult<O> {
    const r = this.env.step(action);
    const { k, frameSize, stack } = this;
    stack.copyWithin(0, frameSize, k * frameSize);
    stack.set(r.obs, (k - 1) * frameSize);
    return { obs: stack, reward: r.reward, terminated: r.terminated, truncated: r.truncated, info: r.info };
  }
}
