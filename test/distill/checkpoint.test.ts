import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestCheckpoint, readCheckpoint, saveCheckpoint } from '../../src/distill/checkpoint.js';
import { CheckpointError } from '../../src/distill/errors.js';
import { sha256 } from '../../src/distill/fs.js';
import { TRAIN_DEFAULTS, type TrainConfig } from '../../src/distill/train/config.js';
import { InlineTargets } from '../../src/distill/train/targets.js';
import { epochData, Trainer } from '../../src/distill/train/trainer.js';
import { getWeights } from '../../src/models/build.js';
import { Teacher } from '../../src/teachers/teacher.js';
import { selectBackend } from '../../src/tf/backend.js';
import { syntheticDataset, teacherData, tinySpec } from './helpers.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sd-ckpt-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const config: TrainConfig = {
  ...TRAIN_DEFAULTS,
  steps: 30,
  batchSize: 8,
  lr: 3e-3,
  sobolev: 'vjp',
  student: tinySpec({ stack: 2, hidden: 12 }),
  targets: 'learner',
  evalEvery: 10,
  checkpointEvery: 10,
  keepCheckpoints: 2,
};

let teacher: Teacher;
beforeAll(async () => {
  await selectBackend('wasm');
  teacher = new Teacher(teacherData(tinySpec(), 7));
});

const digest = (t: Trainer) =>
  sha256(Buffer.concat([...getWeights(t.student).values()].map((w) => Buffer.from(w.data.buffer))));

describe('checkpoints', () => {
  it.each([
    ['on a record step', config],
    ['between two records', { ...config, evalEvery: 20 }],
  ])(
    'resume from step 10 (%s) reaches the same weights, optimizer state and history as an uninterrupted run',
    async (_what, config) => {
      const dataset = syntheticDataset(teacher, { episodes: 5, length: () => 12 });
      const data = epochData(dataset, 0, 8);
      const dirA = tempDir();
      const full = new Trainer({ config, data, targets: new InlineTargets(teacher), checkpointDir: dirA });
      await full.run();
      expect(readdirSync(dirA).sort()).toEqual(['ckpt-00000020.msgpack', 'ckpt-00000030.msgpack']);

      const dirB = tempDir();
      // Stop after the first checkpoint, as a killed run would.
      const stopAt = 10;
      const partial = new Trainer({
        config,
        data: { ...data, beforeStep: async (step) => (step === stopAt ? Promise.reject(new Error('killed')) : 0) },
        targets: new InlineTargets(teacher),
        checkpointDir: dirB,
      });
      await expect(partial.run()).rejects.toThrow('killed');
      partial.dispose();
      const latest = await latestCheckpoint(dirB);
      expect(latest!.data.step).toBe(10);
      const resumed = new Trainer({ config, data, targets: new InlineTargets(teacher), checkpointDir: dirB });
      resumed.restore(latest!.data);
      await resumed.run();
      expect(digest(resumed)).toBe(digest(full));
      expect(resumed.optimizer.state()).toEqual(full.optimizer.state());
      const strip = (h: typeof full.history) => h.map(({ wall_s: _w, ...r }) => r);
      expect(strip(resumed.history)).toEqual(strip(full.history));
      full.dispose();
      resumed.dispose();
    },
  );

  it('refuses a checkpoint of another configuration', async () => {
    const dataset = syntheticDataset(teacher, { episodes: 3, length: () => 6 });
    const dir = tempDir();
    const t = new Trainer({
      config,
      data: epochData(dataset, 0, 8),
      targets: new InlineTargets(teacher),
      checkpointDir: dir,
    });
    await saveCheckpoint(dir, t.checkpointData());
    const other = new Trainer({
      config: { ...config, lr: 1e-3 },
      data: epochData(dataset, 0, 8),
      targets: new InlineTargets(teacher),
    });
    expect(() => other.restore(t.checkpointData())).toThrow(/another configuration/);
    t.dispose();
    other.dispose();
  });

  it('fails clearly on a corrupt or truncated file and names the one to fall back to', async () => {
    const dataset = syntheticDataset(teacher, { episodes: 3, length: () => 6 });
    const dir = tempDir();
    const t = new Trainer({ config, data: epochData(dataset, 0, 8), targets: new InlineTargets(teacher) });
    const data = t.checkpointData();
    await saveCheckpoint(dir, { ...data, step: 5 });
    const newest = await saveCheckpoint(dir, { ...data, step: 6 });
    const bytes = readFileSync(newest);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x55;
    writeFileSync(newest, bytes);
    await expect(readCheckpoint(newest)).rejects.toThrow(CheckpointError);
    await expect(latestCheckpoint(dir)).rejects.toThrow(/corrupt.*delete it to resume from .*ckpt-00000005\.msgpack/);
    writeFileSync(newest, bytes.subarray(0, 100));
    await expect(readCheckpoint(newest)).rejects.toThrow(/truncated or corrupt|corrupt/);
    t.dispose();
  });
});
