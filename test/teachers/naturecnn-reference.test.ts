/**
 * The Nature-CNN actor-critic of ../shared/fixtures in both PyTorch layouts (CleanRL and SB3 names,
 * torch.save zip archives), also wrapped as an SB3 model.zip and round-tripped through our own
 * teacher file: every route reproduces the reference logits and values.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importTeacher, loadTeacher } from '../../src/teachers/load.js';
import { writeTeacherFile } from '../../src/teachers/teacher-file.js';
import { selectBackend } from '../../src/tf/index.js';
import { describeShared, sharedPath } from '../helpers/shared.js';
import { readFixture, values, worstExcess } from '../models/fixtures.js';

describeShared('Nature-CNN teachers reproduce naturecnn_reference', () => {
  const fixture = () => readFixture('fixtures', 'naturecnn_reference.safetensors');
  let dir: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = mkdtempSync(join(tmpdir(), 'naturecnn-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function check(path: string, expectedLayoutPreset = 'sb3-atari') {
    const ref = fixture();
    const x = ref.tensors.get('x_uint8_nchw')!;
    const teacher = await loadTeacher(path);
    expect(teacher.preset).toBe(expectedLayoutPreset);
    expect(teacher.inputScale).toBeCloseTo(1 / 255, 12);
    const out = teacher.logits({ data: x.bytes, shape: x.shape });
    expect(worstExcess(out.logits.dataSync(), values(ref, 'logits').data)).toBeLessThanOrEqual(0);
    expect(worstExcess(out.value!.dataSync(), values(ref, 'value').data)).toBeLessThanOrEqual(0);
    out.logits.dispose();
    out.value?.dispose();
    teacher.dispose();
  }

  it('loads the CleanRL layout (.pt)', async () => {
    await check(sharedPath('fixtures', 'naturecnn_cleanrl_layout.pt'));
  });

  it('loads a CleanRL .cleanrl_model (the same torch.save format under its own extension)', async () => {
    const path = join(dir, 'ppo_atari.cleanrl_model');
    writeFileSync(path, readFileSync(sharedPath('fixtures', 'naturecnn_cleanrl_layout.pt')));
    await check(path);
  });

  it('loads the Stable-Baselines3 layout (.pt)', async () => {
    await check(sharedPath('fixtures', 'naturecnn_sb3_layout.pt'));
  });

  it('loads an SB3 model.zip whose policy.pth is that state_dict', async () => {
    const policy = new Uint8Array(readFileSync(sharedPath('fixtures', 'naturecnn_sb3_layout.pt')));
    const data = JSON.stringify({ observation_space: { shape: [4, 84, 84] }, action_space: { n: 6 } });
    const path = join(dir, 'model.zip');
    writeFileSync(
      path,
      zipSync(
        {
          data: new TextEncoder().encode(data),
          'policy.pth': policy,
          _stable_baselines3_version: new TextEncoder().encode('2.3.0'),
        },
        { level: 0 },
      ),
    );
    await check(path);
  });

  it('round-trips through a teacher file with its provenance', async () => {
    const data = await importTeacher(sharedPath('fixtures', 'naturecnn_cleanrl_layout.pt'), {
      provenance: { source: 'sobolev-distill fixture', licence: 'MIT', trainingEnv: 'PongNoFrameskip-v4 (sb3-atari)' },
      actions: ['NOOP', 'FIRE', 'RIGHT', 'LEFT', 'RIGHTFIRE', 'LEFTFIRE'],
    });
    const path = join(dir, 'pong.teacher');
    await writeTeacherFile(path, data);
    await check(path);
    const teacher = await loadTeacher(path);
    expect(teacher.provenance).toMatchObject({
      source: 'sobolev-distill fixture',
      licence: 'MIT',
      importedFrom: 'naturecnn_cleanrl_layout.pt',
    });
    expect(teacher.actions.meanings).toEqual(['NOOP', 'FIRE', 'RIGHT', 'LEFT', 'RIGHTFIRE', 'LEFTFIRE']);
    teacher.dispose();
  });
});
