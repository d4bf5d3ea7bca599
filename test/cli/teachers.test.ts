/**
 * `sobolev-distill teachers list|inspect|import`: on teacher files the tests write (a tiny
 * .teacher, a TF.js LayersModel) and on the real baby-a3c safetensors and PyTorch fixtures in
 * ../shared. An imported teacher must act exactly like the file it came from.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { loadTeacher } from '../../src/teachers/load.js';
import { readTeacherFile } from '../../src/teachers/teacher-file.js';
import { selectBackend } from '../../src/tf/backend.js';
import { readSafetensors } from '../helpers/safetensors.js';
import { describeShared, sharedPath } from '../helpers/shared.js';
import { cli, TINY_TEACHER, writeTinyTeacher } from './distill-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sd-cli-teachers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
let tiny: string;
beforeAll(async () => {
  await selectBackend('wasm');
  tiny = await writeTinyTeacher(join(dir, 'tiny.teacher'));
});

/** Runs the CLI in-process; returns stdout. */
async function run(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await buildProgram().exitOverride().parseAsync(args, { from: 'user' });
  vi.restoreAllMocks();
  return out;
}

const lastLine = (text: string) => JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;
const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Same observations through two teachers: the logits must be identical (same float32 weights). */
async function expectSameLogits(a: string, b: string, preset?: string): Promise<void> {
  const [ta, tb] = [await loadTeacher(a, preset ? { preset } : {}), await loadTeacher(b)];
  expect(tb.data.arch).toEqual(ta.data.arch);
  expect(tb.inputScale).toBe(ta.inputScale);
  const [c, h, w] = ta.data.arch.input;
  const obs = tf.randomUniform([2, c, h, w], 0, 255, 'float32', 7);
  const la = ta.logits(obs, ta.initialState(2));
  const lb = tb.logits(obs, tb.initialState(2));
  expect(Array.from(await lb.logits.data())).toEqual(Array.from(await la.logits.data()));
  tf.dispose([obs, la, lb] as never);
  ta.dispose();
  tb.dispose();
}

/** Saves a small Keras-style LayersModel as model.json + weights.bin, as tfjs's file handler does. */
async function writeTfjsModel(folder: string): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 2], filters: 3, kernelSize: 4, strides: 2, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 4 }),
    ],
  });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      writeFileSync(join(folder, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
      writeFileSync(
        join(folder, 'model.json'),
        JSON.stringify({
          modelTopology: artifacts.modelTopology,
          format: 'layers-model',
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return join(folder, 'model.json');
}

describe('sobolev-distill teachers', () => {
  it("lists the package's own teacher and the teachers of --dir, skipping files that are no model", async () => {
    const folder = join(dir, 'list');
    mkdirSync(folder);
    await writeTinyTeacher(join(folder, 'a.teacher'), 1);
    writeFileSync(join(folder, 'README.md'), 'notes');
    writeFileSync(join(folder, 'junk.bin'), 'not a model');
    // A teacher file cut short is listed as unreadable, with the reason.
    const whole = readFileSync(tiny);
    writeFileSync(join(folder, 'cut.teacher'), whole.subarray(0, whole.length >> 1));
    await writeTfjsModel(join(folder, 'keras'));

    const listed = JSON.parse(await run(['teachers', 'list', '--dir', folder, '--json'])) as {
      count: number;
      teachers: { file: string; arch: string; preset: string; actions: number; parameters: number; bytes: number }[];
      unreadable: { file: string; error: string }[];
    };
    const files = listed.teachers.map((t) => t.file);
    expect(files.some((f) => f.endsWith('teachers/catcher.teacher'))).toBe(true);
    expect(files).toContain(join(folder, 'a.teacher'));
    expect(files).toContain(join(folder, 'keras', 'model.json'));
    // TF.js weights name no preprocessing: listed, with the preset left for `import --preset` to set.
    expect(listed.teachers.find((t) => t.file.endsWith('model.json'))?.preset).toBe('unset');
    expect(files.some((f) => /junk|README/.test(f))).toBe(false);
    expect(listed.count).toBe(listed.teachers.length);
    const a = listed.teachers.find((t) => t.file === join(folder, 'a.teacher'))!;
    const data = await readTeacherFile(join(folder, 'a.teacher'));
    expect(a).toMatchObject({ arch: TINY_TEACHER.kind, preset: 'sb3-atari', actions: 5 });
    expect(a.parameters).toBe([...data.weights.values()].reduce((n, w) => n + w.data.length, 0));
    expect(a.bytes).toBe(readFileSync(join(folder, 'a.teacher')).length);
    expect(listed.unreadable.map((u) => u.file)).toEqual([join(folder, 'cut.teacher')]);
    expect(listed.unreadable[0]!.error).toMatch(/truncated or corrupt/);

    const table = (await run(['teachers', 'list', '--dir', folder])).trimEnd().split('\n');
    expect(table[0]).toMatch(/^file\s+arch\s+preset\s+actions\s+params\s+size\s+provenance$/);
    expect(table.find((l) => l.includes('a.teacher'))).toMatch(/conv-actor-critic\s+sb3-atari\s+5\s+/);
    expect(table.find((l) => l.includes('cut.teacher'))).toMatch(/unreadable: /);
    expect(table.at(-1)).toBe(`${listed.count} teachers`);
  });

  it('inspects a teacher file: format, architecture, preprocessing, provenance and every tensor', async () => {
    const out = lastLine(await run(['teachers', 'inspect', tiny, '--json']));
    const data = await readTeacherFile(tiny);
    expect(out).toMatchObject({ format: 'teacher', arch: 'conv-actor-critic', preset: 'sb3-atari', actions: 5 });
    expect(out.archSpec).toEqual(data.arch);
    expect(out.inputScale).toBeCloseTo(1 / 255, 12);
    expect((out.provenance as { source: string }).source).toBe('test (random weights)');
    const tensors = out.tensors as { name: string; shape: number[] }[];
    expect(tensors.map((t) => t.name).sort()).toEqual([...data.weights.keys()].sort());
    expect(out.parameters).toBe(tensors.reduce((n, t) => n + numel(t.shape), 0));
    const text = await run(['teachers', 'inspect', tiny]);
    expect(text).toMatch(/^format:\s+teacher$/m);
    expect(text).toMatch(/^licence:\s+MIT$/m);
    expect(text).toMatch(/^conv0\.weight\s+F32\s+\[4, 4, 8, 8\]$/m);
  });

  it('imports a TF.js LayersModel into a .teacher that gives the same logits', async () => {
    const model = await writeTfjsModel(join(dir, 'tfjs'));
    const out = join(dir, 'from-tfjs.teacher');
    const summary = lastLine(
      await run([
        'teachers',
        'import',
        model,
        '--preset',
        'sb3-atari',
        '--actions',
        'NOOP,FIRE,RIGHT,LEFT',
        '--source',
        'a test model',
        '--licence',
        'MIT',
        '--out',
        out,
        '--json',
      ]),
    );
    expect(summary).toMatchObject({ out, sourceFormat: 'tfjs-layers', format: 'teacher', actions: 4 });
    const written = await readTeacherFile(out);
    expect(written.actions.meanings).toEqual(['NOOP', 'FIRE', 'RIGHT', 'LEFT']);
    expect(written.provenance).toMatchObject({ source: 'a test model', licence: 'MIT', importedFrom: 'model.json' });
    await expectSameLogits(model, out, 'sb3-atari');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to overwrite without --force, and keeps the old file', async () => {
    const out = join(dir, 'copy.teacher');
    await run(['teachers', 'import', tiny, '--out', out]);
    const before = readFileSync(out);
    await expect(run(['teachers', 'import', tiny, '--out', out, '--notes', 'again'])).rejects.toMatchObject({
      message: expect.stringMatching(/already exists/),
      hint: expect.stringMatching(/--force/),
    });
    expect(readFileSync(out).equals(before)).toBe(true);
    await run(['teachers', 'import', tiny, '--out', out, '--notes', 'again', '--force']);
    expect((await readTeacherFile(out)).provenance.notes).toBe('again');
  });

  it('names the problem in one line: missing file, no --out, wrong action count, unknown layout', async () => {
    await expect(run(['teachers', 'inspect', join(dir, 'none.pt')])).rejects.toThrow(/No teacher file at/);
    await expect(run(['teachers', 'import', tiny])).rejects.toThrow(/No --out given/);
    await expect(
      run(['teachers', 'import', tiny, '--out', join(dir, 'x.teacher'), '--actions', 'A,B']),
    ).rejects.toThrow(/--actions names 2 actions, the network has 5/);
    expect(existsSync(join(dir, 'x.teacher'))).toBe(false);
    const res = cli(['teachers', 'import', tiny, '--out', join(dir, 'y.teacher'), '--layout', 'keras']);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/--layout <value>' argument 'keras' is invalid/);
    expect(res.stderr).not.toContain('    at ');
  });
});

describeShared('teachers on the real baby-a3c safetensors and PyTorch files', () => {
  it('inspects baby-a3c Pong as stored: safetensors, babya3c layout, its tensors and metadata', async () => {
    const file = sharedPath('teachers', 'babya3c_pong_v4.safetensors');
    const stored = readSafetensors(file);
    const out = lastLine(await run(['teachers', 'inspect', file, '--json']));
    expect(out).toMatchObject({ format: 'safetensors', layout: 'babya3c', preset: 'baby-a3c', inputScale: 1 });
    expect(out.metadata).toEqual(stored.metadata);
    const tensors = out.tensors as { name: string; shape: number[] }[];
    expect(new Set(tensors.map((t) => t.name))).toEqual(new Set(stored.tensors.keys()));
    expect(out.parameters).toBe([...stored.tensors.values()].reduce((n, t) => n + numel(t.shape), 0));
    expect(out.actions).toBe(stored.tensors.get('actor_linear.weight')!.shape[0]);
  });

  it('imports baby-a3c Pong into a .teacher that acts exactly like the safetensors file', async () => {
    const file = sharedPath('teachers', 'babya3c_pong_v4.safetensors');
    const out = join(dir, 'pong.teacher');
    const meanings = 'NOOP,FIRE,RIGHT,LEFT,RIGHTFIRE,LEFTFIRE';
    const summary = lastLine(
      await run([
        'teachers',
        'import',
        file,
        '--arch',
        'baby-a3c',
        '--preset',
        'baby-a3c',
        '--actions',
        meanings,
        '--out',
        out,
      ]),
    );
    expect(summary).toMatchObject({ sourceFormat: 'safetensors', arch: 'conv-gru-actor-critic', preset: 'baby-a3c' });
    const written = await readTeacherFile(out);
    expect(written.actions.meanings).toEqual(meanings.split(','));
    expect(written.provenance.licence).toMatch(/MIT/);
    await expectSameLogits(file, out);
  });

  it('imports the Nature CNN from a torch.save zip (CleanRL names) and from an SB3 model.zip', async () => {
    const cleanrl = sharedPath('fixtures', 'naturecnn_cleanrl_layout.pt');
    const fromTorch = join(dir, 'cleanrl.teacher');
    const a = lastLine(await run(['teachers', 'import', cleanrl, '--out', fromTorch, '--json']));
    expect(a).toMatchObject({ sourceFormat: 'torch-zip', arch: 'conv-actor-critic', actions: 6, preset: 'sb3-atari' });
    await expectSameLogits(cleanrl, fromTorch);

    // An SB3 model.zip: policy.pth (the SB3-named state_dict) beside `data` with the spaces.
    const sb3 = join(dir, 'model.zip');
    const data = { observation_space: { shape: [4, 84, 84] }, action_space: { n: 6 } };
    writeFileSync(
      sb3,
      zipSync({
        'policy.pth': new Uint8Array(readFileSync(sharedPath('fixtures', 'naturecnn_sb3_layout.pt'))),
        data: new TextEncoder().encode(JSON.stringify(data)),
      }),
    );
    const fromSb3 = join(dir, 'sb3.teacher');
    const b = lastLine(await run(['teachers', 'import', sb3, '--out', fromSb3, '--json']));
    expect(b).toMatchObject({ sourceFormat: 'sb3-zip', actions: 6, input: [4, 84, 84] });
    // Both files hold the same network under two naming schemes.
    await expectSameLogits(fromTorch, fromSb3);
  });
});
