/**
 * The machine's own ceiling for two threads of env work: steps/s of two independent single envs
 * running at once, in this process and in a child process (no shared memory, no lockstep, nothing
 * exchanged), over one env running alone. No vector env of 2 can beat it. On a VM whose two vCPUs share
 * a physical core, or whose host is busy, it sits well below 2.
 *
 * `node bench/parallel-ceiling.ts` with PARALLEL_CEILING_CHILD set runs the child side: it builds the env,
 * prints "ready", waits for "go" on stdin, steps for the given seconds and prints its steps/s as JSON.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { type MakeEnvOptions, makeEnv } from '../src/envs/make-env.js';
import { actionStream, stepFor as stepEnvFor } from './action-stream.js';

const CHILD_FLAG = 'PARALLEL_CEILING_CHILD';
const MS_PER_SECOND = 1000;
/** Unmeasured seconds before each measurement (V8 optimises the hot code first). */
const WARMUP_SECONDS = 0.5;

export interface CeilingOptions {
  readonly id: string;
  readonly options: MakeEnvOptions;
  readonly seconds: number;
  readonly seed: number;
}

export interface CeilingResult {
  /** One env alone, in this process. */
  readonly single: number;
  /** This process's and the child's env, stepped at the same time, steps/s summed. */
  readonly pair: number;
  /** pair / single. */
  readonly ratio: number;
}

/** Builds the env and warms it up; the returned function steps it for `seconds` and returns steps/s. */
function stepFor(options: CeilingOptions, seconds: number): () => number {
  const env = makeEnv(options.id, options.options);
  const next = actionStream((env.actionSpace as { n: number }).n, options.seed);
  env.reset({ seed: options.seed });
  const run = (forSeconds: number): number => {
    const { steps, wallMs } = stepEnvFor(env, next, forSeconds);
    return (steps / wallMs) * MS_PER_SECOND;
  };
  run(WARMUP_SECONDS);
  return () => run(seconds);
}

export async function parallelCeiling(options: CeilingOptions): Promise<CeilingResult> {
  const single = stepFor(options, options.seconds)();
  const child = spawn(process.execPath, [...process.execArgv, import.meta.filename], {
    env: { ...process.env, [CHILD_FLAG]: JSON.stringify(options) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const next = async (): Promise<string> => {
    const [line] = (await once(lines, 'line')) as [string];
    return line;
  };
  const mine = stepFor(options, options.seconds);
  if ((await next()) !== 'ready') throw new Error('parallel-ceiling child did not start');
  child.stdin!.write('go\n');
  const own = mine();
  const theirs = (JSON.parse(await next()) as { stepsPerSecond: number }).stepsPerSecond;
  child.stdin!.end();
  await once(child, 'exit');
  const pair = own + theirs;
  return { single, pair, ratio: pair / single };
}

async function childMain(options: CeilingOptions): Promise<void> {
  const run = stepFor(options, options.seconds);
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  await once(lines, 'line');
  process.stdout.write(`${JSON.stringify({ stepsPerSecond: run() })}\n`);
  lines.close();
}

const childOptions = process.env[CHILD_FLAG];
if (childOptions) await childMain(JSON.parse(childOptions) as CeilingOptions);
