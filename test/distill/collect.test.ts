import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector, roundScript } from '../../src/distill/collect.js';
import { Dataset } from '../../src/distill/dataset/dataset.js';
import { segmentsDigest } from '../../src/distill/dataset/digest.js';
import { ACTOR, type Segment } from '../../src/distill/dataset/types.js';
import { DatasetMismatchError } from '../../src/distill/errors.js';
import { bytesToInput } from '../../src/distill/observations.js';
import { makeVectorEnv } from '../../src/envs/make-env.js';
import type { VectorEnv } from '../../src/envs/vector/types.js';
import { buildModel } from '../../src/models/build.js';
import type { ConvActorCriticSpec, ConvGruActorCriticSpec } from '../../src/models/spec.js';
import type { Observations } from '../../src/teachers/teacher.js';
import { Teacher } from '../../src/teachers/teacher.js';
import { selectBackend } from '../../src/tf/backend.js';
import { teacherData } from './helpers.js';

const ENV = 'CatcherNoFrameskip-v4';
/** Frames of the NoFrameskip base env per episode (TimeLimit sits under the preset's frame skip). */
const EPISODE_FRAMES = 90;
const ACTIONS = 5;

const ffSpec: ConvActorCriticSpec = {
  kind: 'conv-actor-critic',
  input: [4, 84, 84],
  convs: [{ channels: 4, kernel: 8, stride: 4 }],
  hidden: [16],
  activation: 'relu',
  numActions: ACTIONS,
  value: false,
};
const gruSpec: ConvGruActorCriticSpec = {
  kind: 'conv-gru-actor-critic',
  input: [1, 84, 84],
  convs: [{ channels: 4, kernel: 8, stride: 4 }],
  activation: 'elu',
  gruSize: 8,
  numActions: ACTIONS,
  value: true,
};

/** A teacher that remembers every observation batch it labels. */
function recordingTeacher(spec: ConvActorCriticSpec | ConvGruActorCriticSpec, seen: Uint8Array[][]): Teacher {
  const teacher = new Teacher(teacherData(spec, 3));
  const logits = teacher.logits.bind(teacher);
  teacher.logits = (obs: Observations, state?: tf.Tensor2D) => {
    const o = obs as { data: Uint8Array; shape: number[] };
    const n = o.shape[0]!;
    const per = o.data.length / n;
    seen.push(Array.from({ length: n }, (_, i) => o.data.slice(i * per, (i + 1) * per)));
    return logits(obs, state);
  };
  return teacher;
}

async function catcher(numEnvs: number, preset: 'sb3-atari' | 'atari-preprocessing'): Promise<VectorEnv> {
  return makeVectorEnv(ENV, numEnvs, { preset, max_episode_steps: EPISODE_FRAMES }, { mode: 'sync' });
}

/** The samples of env i in step order. */
function samplesOf(segments: readonly Segment[], env: number): { segment: Segment; t: number }[] {
  return segments
    .filter((s) => s.env === env)
    .flatMap((segment) => Array.from({ length: segment.length }, (_, t) => ({ segment, t })));
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('Collector on Catcher (teacher-driven)', () => {
  const seen: Uint8Array[][] = [];
  let env: VectorEnv;
  let segments: Segment[];
  let teacher: Teacher;
  let endedEpisodes = 0;

  beforeAll(async () => {
    env = await catcher(2, 'sb3-atari');
    teacher = recordingTeacher(ffSpec, seen);
    const collector = new Collector({ env, teacher, seed: 4, padding: 'reset', teacherPolicy: { mode: 'sample' } });
    segments = [];
    // Two calls: the open episodes continue across them as 'running' segments.
    for (const steps of [30, 25]) {
      const out = collector.collect(steps, 1);
      segments.push(...out.segments);
      endedEpisodes += out.stats.episodeReturns.length;
    }
  });
  afterAll(async () => {
    await env.close();
    teacher.dispose();
  });

  it('stores each observation so that the stacks rebuild exactly what the teacher saw', () => {
    const dataset = new Dataset(
      {
        frameShape: [84, 84],
        envStack: 4,
        padding: 'reset',
        observation: 'uint8',
        numActions: ACTIONS,
        stateSize: 0,
        maxHistory: 3,
      },
      segments,
    );
    const index = dataset.index('train');
    expect(index.size).toBe(55 * 2);
    const frame = 4 * 84 * 84;
    for (const envIndex of [0, 1]) {
      const samples = samplesOf(segments, envIndex);
      expect(samples.length).toBe(55);
      samples.forEach(({ segment, t }, step) => {
        const i = [...index.segment.keys()].find(
          (j) => dataset.segments[index.segment[j]!] === segment && index.step[j] === t,
        )!;
        const out = dataset.gatherStacks(index, [i], 4, new Uint8Array(frame));
        expect(out).toEqual(seen[step]![envIndex]);
      });
    }
  });

  it('records episode boundaries: each episode ends once, later segments continue it, ids run in order', () => {
    const ends = segments.filter((s) => s.end !== 'running');
    expect(ends.length).toBe(endedEpisodes);
    expect(ends.length).toBeGreaterThan(2);
    const episodes = [...new Set(segments.map((s) => s.episode))].sort((a, b) => a - b);
    // Every begun episode: the ended ones and one open per env.
    expect(episodes).toEqual(Array.from({ length: ends.length + 2 }, (_, e) => e));
    for (const e of episodes) {
      const parts = segments.filter((s) => s.episode === e).sort((a, b) => a.part - b.part);
      parts.forEach((p, i) => {
        expect(p.part).toBe(i);
        expect(p.offset).toBe(i === 0 ? 0 : parts[i - 1]!.offset + parts[i - 1]!.length);
        expect(p.history).toBe(Math.min(3, p.offset));
        if (i < parts.length - 1) expect(p.end).toBe('running');
      });
    }
    for (const s of segments) {
      expect([...s.actors].every((a) => a === ACTOR.teacher)).toBe(true);
      expect(s.logits.length).toBe(s.length * ACTIONS);
    }
  });

  it('is deterministic for a seed and differs for another', async () => {
    const again = async (seed: number) => {
      const e = await catcher(2, 'sb3-atari');
      const t = new Teacher(teacherData(ffSpec, 3));
      const c = new Collector({ env: e, teacher: t, seed, padding: 'reset', teacherPolicy: { mode: 'sample' } });
      const out = [...c.collect(30, 1).segments, ...c.collect(25, 1).segments];
      await e.close();
      t.dispose();
      return out;
    };
    expect(await again(4)).toEqual(segments);
    const other = await again(5);
    expect(other.map((s) => [...s.actions])).not.toEqual(segments.map((s) => [...s.actions]));
  });
});

describe('Collector with a recurrent teacher and a DAgger student', () => {
  it('keeps per-env teacher state, zero at every episode start', async () => {
    const env = await catcher(2, 'atari-preprocessing');
    const seen: Uint8Array[][] = [];
    const teacher = recordingTeacher(gruSpec, seen);
    const collector = new Collector({ env, teacher, seed: 1, padding: 'reset', teacherPolicy: { mode: 'greedy' } });
    const { segments } = collector.collect(40, 1);
    await env.close();
    expect(collector.info.stateSize).toBe(8);
    expect(collector.info.envStack).toBe(1);
    for (const envIndex of [0, 1]) {
      const samples = samplesOf(segments, envIndex);
      samples.forEach(({ segment, t }, step) => {
        const state = segment.states!.subarray(t * 8, (t + 1) * 8);
        if (segment.offset + t === 0) {
          expect([...state].every((v) => v === 0)).toBe(true);
          return;
        }
        // The state fed at this step is what the teacher returned one step earlier, from its own state.
        const prev = samples[step - 1]!;
        const prevState = prev.segment.states!.slice(prev.t * 8, (prev.t + 1) * 8);
        const out = teacher.model.forward(
          teacher.input({ data: seen[step - 1]![envIndex]!, shape: [1, 1, 84, 84] }),
          tf.tensor2d(prevState, [1, 8]),
          'NHWC',
        );
        expect(Array.from(state)).toEqual(Array.from(out.state!.dataSync()).map(Math.fround));
        tf.dispose([out.logits, out.state!, out.value!]);
      });
    }
    teacher.dispose();
  });

  it('lets the student act (β = 0) with its own 4-frame stacks while the teacher labels', async () => {
    const env = await catcher(2, 'atari-preprocessing');
    const teacher = new Teacher(teacherData(gruSpec, 3));
    const student = buildModel({ ...ffSpec, input: [4, 84, 84] }, { seed: 9 });
    const collector = new Collector({
      env,
      teacher,
      student,
      seed: 1,
      padding: 'reset',
      teacherPolicy: { mode: 'greedy' },
    });
    const { segments, stats } = collector.collect(12, 0);
    await env.close();
    expect(stats.studentSteps).toBe(24);
    const dataset = new Dataset(collector.info, segments);
    const index = dataset.index('train');
    const ids = Int32Array.from({ length: index.size }, (_, i) => i);
    const stacks = dataset.gatherStacks(index, ids, 4, new Uint8Array(index.size * 4 * 84 * 84));
    const greedy = tf.tidy(() =>
      Array.from(
        student
          .forward(bytesToInput(stacks, [index.size, 4, 84, 84]), undefined, 'NHWC')
          .logits.argMax(1)
          .dataSync(),
      ),
    );
    expect(Array.from(dataset.gatherActions(index, ids, new Int32Array(index.size)))).toEqual(greedy);
    for (const s of segments) expect([...s.actors].every((a) => a === ACTOR.student)).toBe(true);
    teacher.dispose();
    student.dispose();
  });
});

describe('Collector rounds replayed from their record (resuming an online run)', () => {
  it('puts envs, recurrent teacher states and student frame stacks back: the next round is the same', async () => {
    const ROUND_STEPS = 15;
    const make = async () => {
      const env = await catcher(2, 'atari-preprocessing');
      const teacher = new Teacher(teacherData(gruSpec, 3));
      const student = buildModel({ ...ffSpec, input: [4, 84, 84] }, { seed: 9 });
      const collector = new Collector({
        env,
        teacher,
        student,
        seed: 6,
        padding: 'reset',
        teacherPolicy: { mode: 'sample', temperature: 1 },
        studentPolicy: { mode: 'sample', temperature: 1 },
      });
      return { env, teacher, student, collector };
    };
    const a = await make();
    const rounds = [0, 1, 2].map((round) => a.collector.collect(ROUND_STEPS, 0.5, undefined, { round }).segments);
    // Episodes of 90 frames end inside rounds, and both actors played.
    expect(rounds.flat().some((s) => s.end === 'terminated' || s.end === 'truncated')).toBe(true);
    expect(new Set(rounds.flat().flatMap((s) => [...s.actors])).size).toBe(2);

    const b = await make();
    for (const segments of rounds.slice(0, 2)) {
      const script = roundScript(segments, 2, ROUND_STEPS, ACTIONS);
      const replayed = b.collector.collect(ROUND_STEPS, 1, undefined, { script }).segments;
      expect(segmentsDigest(replayed)).toBe(segmentsDigest(segments));
    }
    const next = b.collector.collect(ROUND_STEPS, 0.5, undefined, { round: 2 }).segments;
    expect(segmentsDigest(next)).toBe(segmentsDigest(rounds[2]!));
    // The recurrent teacher's states and logits continue as in the uninterrupted run.
    expect(next.map((s) => Array.from(s.states!))).toEqual(rounds[2]!.map((s) => Array.from(s.states!)));
    expect(next.map((s) => Array.from(s.logits))).toEqual(rounds[2]!.map((s) => Array.from(s.logits)));
    for (const x of [a, b]) {
      await x.env.close();
      x.teacher.dispose();
      x.student.dispose();
    }

    // A record that does not fit the round is refused.
    expect(() => roundScript(rounds[0]!, 3, ROUND_STEPS, ACTIONS)).toThrow(DatasetMismatchError);
    expect(() => roundScript(rounds[0]!, 2, ROUND_STEPS - 1, ACTIONS)).toThrow(/more than the round's 14 steps/);
    expect(() =>
      roundScript(
        rounds[0]!.filter((s) => s.env === 0),
        2,
        ROUND_STEPS,
        ACTIONS,
      ),
    ).toThrow(/sub-env 1 recorded 0 of the round's 15 steps/);
  });
});
