/**
 * The file formats on their own: safetensors read/write, the restricted unpickler (it must refuse
 * anything that could run code), torch.save archives (including strided tensors), the teacher
 * file (atomic writes, corruption and truncation), and name mapping errors.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelShapeError } from '../../src/models/errors.js';
import { natureCnn } from '../../src/models/spec.js';
import { TeacherFormatError, UnsafePickleError, UnsupportedTeacherError } from '../../src/teachers/errors.js';
import { unpickle } from '../../src/teachers/formats/pickle.js';
import {
  float32Tensor,
  parseSafetensors,
  serializeSafetensors,
  writeSafetensors,
} from '../../src/teachers/formats/safetensors.js';
import { toFloat32 } from '../../src/teachers/formats/tensors.js';
import { readTorchZip } from '../../src/teachers/formats/torch-zip.js';
import { importTeacher, loadTeacher } from '../../src/teachers/load.js';
import { detectLayout } from '../../src/teachers/name-maps.js';
import { decodeTeacher, encodeTeacher, readTeacherFile, writeTeacherFile } from '../../src/teachers/teacher-file.js';
import { selectBackend } from '../../src/tf/index.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? Array.from(new TextEncoder().encode(p)) : p)));
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
/** BINUNICODE of a string. */
const str = (s: string) => [0x58, ...u32(new TextEncoder().encode(s).length), ...new TextEncoder().encode(s)];
const noStorage = () => {
  throw new Error('no storages in this pickle');
};

let dir: string;
beforeAll(async () => {
  await selectBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'formats-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('safetensors', () => {
  it('round-trips tensors and metadata, with an 8-byte aligned data section', async () => {
    const tensors = new Map([
      ['b', float32Tensor([2, 2], new Float32Array([1, -2, 3.5, 1e-8]))],
      ['a', { dtype: 'U8' as const, shape: [3], bytes: new Uint8Array([0, 128, 255]) }],
    ]);
    const encoded = serializeSafetensors(tensors, { about: 'test' });
    const headerLength = Number(new DataView(encoded.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const path = join(dir, 't.safetensors');
    await writeSafetensors(path, tensors, { about: 'test' });
    const back = parseSafetensors(new Uint8Array(readFileSync(path)));
    expect(back.metadata).toEqual({ about: 'test' });
    expect(Array.from(toFloat32(back.tensors.get('b')!, 'b'))).toEqual(
      Array.from(new Float32Array([1, -2, 3.5, 1e-8])),
    );
    expect(Array.from(back.tensors.get('a')!.bytes)).toEqual([0, 128, 255]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects truncated and malformed files naming the problem', () => {
    const good = serializeSafetensors(new Map([['w', float32Tensor([4], new Float32Array(4))]]));
    expect(() => parseSafetensors(good.subarray(0, 5))).toThrow(/shorter than the 8-byte header/);
    expect(() => parseSafetensors(good.subarray(0, good.length - 4))).toThrow(/truncated/);
    const badJson = good.slice();
    badJson[9] = 0x7d;
    expect(() => parseSafetensors(badJson)).toThrow(TeacherFormatError);
    const huge = good.slice();
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => parseSafetensors(huge)).toThrow(/runs past the end/);
  });
});

describe('restricted unpickler', () => {
  it('rebuilds dicts, lists, tuples, numbers and strings', () => {
    // {'a': [1, 2.5, 'x'], 'b': (True, None, -3)} in protocol 2.
    const pickle = bytes(
      [0x80, 0x02, 0x7d, 0x28],
      str('a'),
      [0x5d, 0x28, 0x4b, 1, 0x47, 0x40, 0x04, 0, 0, 0, 0, 0, 0],
      str('x'),
      [0x65],
      str('b'),
      [0x88, 0x4e, 0x4a, ...u32(-3 >>> 0), 0x87, 0x75, 0x2e],
    );
    const value = unpickle(pickle, noStorage, 'test') as Map<string, unknown>;
    expect(value.get('a')).toEqual([1, 2.5, 'x']);
    expect(value.get('b')).toEqual([true, null, -3]);
  });

  it('refuses globals that are not tensor or dict constructors (os.system via GLOBAL + REDUCE)', () => {
    const evil = bytes([0x80, 0x02], 'cos\nsystem\n', str('touch /tmp/pwned'), [0x85, 0x52, 0x2e]);
    expect(() => unpickle(evil, noStorage, 'evil.pt')).toThrow(UnsafePickleError);
    expect(() => unpickle(evil, noStorage, 'evil.pt')).toThrow(/os\.system/);
  });

  it('refuses STACK_GLOBAL of builtins.eval and object-building opcodes', () => {
    const stackGlobal = bytes(
      [0x80, 0x04],
      [0x8c, 8],
      'builtins',
      [0x8c, 4],
      'eval',
      [0x93],
      str('1'),
      [0x85, 0x52, 0x2e],
    );
    expect(() => unpickle(stackGlobal, noStorage, 'evil.pt')).toThrow(UnsafePickleError);
    const newobj = bytes([0x80, 0x02], 'ccollections\nOrderedDict\n', [0x29, 0x81, 0x2e]);
    expect(() => unpickle(newobj, noStorage, 'evil.pt')).toThrow(/NEWOBJ/);
  });

  it('reports truncation', () => {
    expect(() => unpickle(bytes([0x80, 0x02, 0x58, 10, 0, 0, 0], 'abc'), noStorage, 't')).toThrow(/truncated/);
    expect(() => unpickle(bytes([0x80, 0x02, 0x7d]), noStorage, 't')).toThrow(TeacherFormatError);
  });
});

describe('torch.save archives', () => {
  it('gathers strided (non-contiguous) tensors through their strides', () => {
    // {'w': a [2, 3] view with strides (1, 2) of storage [0, 1, 2, 3, 4, 5]} → [[0, 2, 4], [1, 3, 5]].
    const pickle = bytes(
      [0x80, 0x02, 0x7d],
      str('w'),
      'ctorch._utils\n_rebuild_tensor_v2\n',
      [0x28, 0x28],
      str('storage'),
      'ctorch\nFloatStorage\n',
      str('0'),
      str('cpu'),
      [0x4b, 6, 0x74, 0x51],
      [0x4b, 0, 0x4b, 2, 0x4b, 3, 0x86, 0x4b, 1, 0x4b, 2, 0x86, 0x89],
      'ccollections\nOrderedDict\n',
      [0x29, 0x52, 0x74, 0x52, 0x73, 0x2e],
    );
    const storage = new Uint8Array(new Float32Array([0, 1, 2, 3, 4, 5]).buffer);
    const archive = zipSync({
      'archive/data.pkl': pickle,
      'archive/byteorder': bytes('little'),
      'archive/data/0': storage,
    });
    const tensors = readTorchZip(archive, 'strided.pt');
    const w = tensors.get('w')!;
    expect(w.shape).toEqual([2, 3]);
    expect(Array.from(toFloat32(w, 'w'))).toEqual([0, 2, 4, 1, 3, 5]);
    const missing = zipSync({ 'archive/data.pkl': pickle });
    expect(() => readTorchZip(missing, 'missing.pt')).toThrow(/storage data\/0 of w is missing/);
  });

  it('rejects a zip without data.pkl and a truncated archive', () => {
    expect(() => readTorchZip(zipSync({ 'x.txt': bytes('hi') }), 'x.pt')).toThrow(/no data.pkl/);
    expect(() => readTorchZip(bytes([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'cut.pt')).toThrow(TeacherFormatError);
  });
});

describeShared('importers against the shared files', () => {
  it('fails clearly on a truncated .pt and on unknown files', async () => {
    const full = readFileSync(sharedPath('fixtures', 'naturecnn_cleanrl_layout.pt'));
    const cut = join(dir, 'cut.pt');
    writeFileSync(cut, full.subarray(0, Math.floor(full.length / 2)));
    await expect(importTeacher(cut)).rejects.toThrow(TeacherFormatError);
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, bytes('hello world'));
    await expect(importTeacher(junk)).rejects.toThrow(/not a recognised teacher file/);
    await expect(importTeacher(join(dir, 'nope.pt'))).rejects.toThrow(/no such file/);
  });

  it('checks shapes against the architecture and names the mismatching tensor', async () => {
    const path = sharedPath('fixtures', 'naturecnn_cleanrl_layout.pt');
    await expect(importTeacher(path, { arch: natureCnn({ numActions: 4 }) })).rejects.toThrow(ModelShapeError);
    await expect(importTeacher(path, { arch: natureCnn({ numActions: 4 }) })).rejects.toThrow(
      /policy\.weight is \[6,512\]/,
    );
    await expect(importTeacher(path, { layout: 'babya3c' })).rejects.toThrow(UnsupportedTeacherError);
  });

  it('writes teacher files atomically and detects corruption and truncation', async () => {
    const data = await importTeacher(sharedPath('teachers', 'babya3c_breakout_v4.safetensors'));
    expect(data.provenance.trainingEnv).toBe('gym breakout-v4');
    const path = join(dir, 'breakout.teacher');
    await writeTeacherFile(path, data);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const back = await readTeacherFile(path);
    expect(back.arch).toEqual(data.arch);
    expect(Array.from(back.weights.get('gru.weight_ih')!.data.slice(0, 5))).toEqual(
      Array.from(data.weights.get('gru.weight_ih')!.data.slice(0, 5)),
    );

    const encoded = encodeTeacher(data);
    expect(() => decodeTeacher(encoded.subarray(0, encoded.length - 100), 'cut.teacher')).toThrow(
      /truncated or corrupt/,
    );
    const flipped = encoded.slice();
    flipped[Math.floor(flipped.length / 2)]! ^= 0x40;
    expect(() => decodeTeacher(flipped, 'flipped.teacher')).toThrow(TeacherFormatError);
    // A failed write (missing folder) leaves nothing behind.
    await expect(writeTeacherFile(join(dir, 'missing', 'x.teacher'), data)).rejects.toThrow();
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    const teacher = await loadTeacher(path);
    expect(teacher.numActions).toBe(4);
    teacher.dispose();
  });
});

describe('name mapping', () => {
  it('detects layouts from parameter names and lists them when it cannot', () => {
    expect(detectLayout(['network.0.weight', 'network.7.bias', 'actor.weight'])).toBe('cleanrl-nature');
    expect(
      detectLayout(['features_extractor.cnn.0.weight', 'action_net.weight', 'pi_features_extractor.cnn.0.weight']),
    ).toBe('sb3-nature');
    expect(detectLayout(['conv1.weight', 'gru.weight_ih', 'actor_linear.weight'])).toBe('babya3c');
    expect(
      detectLayout([
        'network.0.conv.weight',
        'network.1.res_block0.conv1.bias',
        'network.2.conv.bias',
        'network.5.weight',
        'actor.bias',
      ]),
    ).toBe('cleanrl-impala');
    expect(() => detectLayout(['encoder.layers.0.weight'])).toThrow(/known layouts/);
  });
});
