/**
 * Test helpers for src/distill: tiny teachers with random weights and synthetic datasets built the
 * way collection builds them (SegmentBuilder), so tests run in seconds.
 */

import { SegmentBuilder } from '../../src/distill/dataset/builder.js';
import { Dataset, splitEpisodes } from '../../src/distill/dataset/dataset.js';
import type { DatasetInfo, Segment } from '../../src/distill/dataset/types.js';
import { Random } from '../../src/distill/rng.js';
import { buildModel, getWeights } from '../../src/models/build.js';
import type { ArchitectureSpec, ConvActorCriticSpec } from '../../src/models/spec.js';
import { Teacher } from '../../src/teachers/teacher.js';
import type { TeacherData } from '../../src/teachers/teacher-file.js';

export const TINY_FRAME: readonly [number, number] = [12, 12];

export function tinySpec(
  options: { stack?: number; actions?: number; hidden?: number; value?: boolean } = {},
): ConvActorCriticSpec {
  return {
    kind: 'conv-actor-critic',
    input: [options.stack ?? 2, TINY_FRAME[0], TINY_FRAME[1]],
    convs: [{ channels: 4, kernel: 4, stride: 2 }],
    hidden: [options.hidden ?? 16],
    activation: 'relu',
    numActions: options.actions ?? 3,
    value: options.value ?? false,
  };
}

export function teacherData(arch: ArchitectureSpec, seed = 7, inputScale = 1 / 255): TeacherData {
  const model = buildModel(arch, { seed });
  const weights = getWeights(model);
  model.dispose();
  return {
    arch,
    preset: 'sb3-atari',
    inputScale,
    actions: { count: arch.numActions },
    weights,
    provenance: { source: 'test (random weights)', licence: 'MIT', trainingEnv: 'none' },
  };
}

export function tinyTeacher(arch: ArchitectureSpec = tinySpec(), seed = 7): Teacher {
  return new Teacher(teacherData(arch, seed));
}

/** Synthetic episodes: random frames, the teacher's logits on their stacks, teacher-greedy actions. */
export function syntheticDataset(
  teacher: Teacher,
  options: { episodes: number; length: (e: number) => number; seed?: number; testFraction?: number },
): Dataset {
  const [stack, h, w] = teacher.model.inputShape;
  const info: DatasetInfo = {
    frameShape: [h, w],
    envStack: stack,
    padding: 'reset',
    observation: 'uint8',
    numActions: teacher.numActions,
    stateSize: teacher.model.stateSize,
    maxHistory: 3,
  };
  const rng = new Random(options.seed ?? 1);
  const frame = new Uint8Array(h * w);
  const segments: Segment[] = [];
  for (let e = 0; e < options.episodes; e++) {
    const builder = new SegmentBuilder(info, 0);
    const randomFrame = () => {
      for (let i = 0; i < frame.length; i++) frame[i] = rng.int(256);
      return frame;
    };
    builder.begin(e, randomFrame());
    const n = options.length(e);
    const obs = new Uint8Array(stack * h * w);
    for (let t = 0; t < n; t++) {
      builder.stackInto(stack, obs, 0);
      const out = teacher.logits({ data: obs, shape: [1, stack, h, w] });
      const logits = new Float32Array(out.logits.dataSync() as Float32Array);
      out.logits.dispose();
      const action = logits.indexOf(Math.max(...logits));
      builder.record(logits, action, 0);
      builder.outcome(1, t === n - 1 ? undefined : randomFrame());
    }
    segments.push(builder.finish(e % 2 === 0 ? 'terminated' : 'truncated')!);
  }
  const ids = segments.map((s) => s.episode);
  return new Dataset(info, segments, splitEpisodes(ids, options.testFraction ?? 0.25, options.seed ?? 1));
}
