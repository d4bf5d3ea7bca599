/**
 * `loadTeacher(path)`: reads any supported teacher file, maps its parameter names, checks every
 * shape, and returns a ready Teacher. `importTeacher` does the same without building the network
 * (to write a teacher file, say).
 *
 * Recognised by content, not extension: the project's teacher file (msgpack), safetensors,
 * torch.save zip archives (`.pt`, `.pth`, CleanRL's `.cleanrl_model`), Stable-Baselines3 `.zip`
 * (its `policy.pth`), and TF.js LayersModel (`model.json` with its shards).
 */
import { basename } from 'node:path';
import { parameterShapes } from '../models/build.js';
import { ModelShapeError, WeightsMismatchError } from '../models/errors.js';
import type { TorchTensor } from '../models/params.js';
import {
  type ArchitectureKind,
  type ArchitectureSpec,
  babyA3c,
  type InputShape,
  impalaCnn,
  natureCnn,
  studentCnn,
  validateSpec,
} from '../models/spec.js';
import { ensureBackend } from '../tf/backend.js';
import { TeacherFormatError, UnsupportedTeacherError } from './errors.js';
import { parseSafetensors } from './formats/safetensors.js';
import { readSb3 } from './formats/sb3.js';
import { type RawTensor, toTorchTensor } from './formats/tensors.js';
import { readTfjsLayersModel } from './formats/tfjs-layers.js';
import { isZip, readTorchZip, unzip } from './formats/torch-zip.js';
import { readBytes } from './fs.js';
import { detectLayout, type LayoutName, mapNames, NAME_MAPS } from './name-maps.js';
import { Teacher } from './teacher.js';
import {
  type ActionSet,
  decodeTeacher,
  looksLikeTeacherFile,
  type Provenance,
  type TeacherData,
} from './teacher-file.js';

/** Scale of uint8 frames into the [0, 1] inputs the Atari networks were trained on. */
const UINT8_SCALE = 1 / 255;

/** Preprocessing the known layouts expect: preset name (src/envs) and input scale. */
const LAYOUT_INPUT: Readonly<Partial<Record<LayoutName, { preset: string; inputScale: number }>>> = {
  'cleanrl-nature': { preset: 'sb3-atari', inputScale: UINT8_SCALE },
  'sb3-nature': { preset: 'sb3-atari', inputScale: UINT8_SCALE },
  'sobolev-student': { preset: 'sb3-atari', inputScale: UINT8_SCALE },
  // baby-a3c's preprocessing ends with /255 itself: its frames are already floats in [0, 1].
  babya3c: { preset: 'baby-a3c', inputScale: 1 },
};

/** Builders for `arch` given by kind name: sizes come from the weights (action count) or the options. */
const ARCH_BY_KIND: Readonly<
  Record<
    ArchitectureKind | 'nature-cnn' | 'babya3c' | 'student-cnn',
    (numActions: number, input?: InputShape) => ArchitectureSpec
  >
> = {
  'nature-cnn': (numActions, input) => natureCnn({ numActions, ...(input ? { input } : {}) }),
  'conv-actor-critic': (numActions, input) => natureCnn({ numActions, ...(input ? { input } : {}) }),
  babya3c: (numActions) => babyA3c({ numActions }),
  'conv-gru-actor-critic': (numActions) => babyA3c({ numActions }),
  'impala-cnn': (numActions, input) => impalaCnn({ numActions, ...(input ? { input } : {}) }),
  'student-cnn': (numActions, input) => studentCnn({ numActions, ...(input ? { input } : {}) }),
};

export type ArchName = keyof typeof ARCH_BY_KIND;

export interface LoadTeacherOptions {
  /** The architecture: a full spec, or a name whose sizes come from the weights. Inferred from the layout if omitted. */
  arch?: ArchitectureSpec | ArchName;
  /** How the file names parameters; detected from the names if omitted. */
  layout?: LayoutName;
  /** Preprocessing preset name (src/envs); defaults by layout (sb3-atari, baby-a3c). */
  preset?: string;
  /** Observation scale into the network; defaults by layout (1/255 for uint8 frames). */
  inputScale?: number;
  /** The action set; defaults to the network's action count without meanings. */
  actions?: ActionSet | readonly string[];
  /** Provenance fields; defaults come from the file's metadata where it has any. */
  provenance?: Partial<Provenance>;
}

/** The file formats `loadTeacher` recognises (by content; TF.js by its model.json). */
export type TeacherFileFormat = 'teacher' | 'safetensors' | 'torch-zip' | 'sb3-zip' | 'tfjs-layers';

type Source =
  | { kind: 'teacher'; format: 'teacher'; data: TeacherData }
  | {
      kind: 'weights';
      format: 'safetensors' | 'torch-zip' | 'sb3-zip';
      tensors: Map<string, RawTensor>;
      metadata: Record<string, string>;
      input?: InputShape;
      numActions?: number;
    }
  | { kind: 'canonical'; format: 'tfjs-layers'; arch: ArchitectureSpec; weights: Map<string, TorchTensor> };

const SAFETENSORS_MIN_HEADER = 2;

function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 9) return false;
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  return n >= SAFETENSORS_MIN_HEADER && n <= bytes.length - 8 && bytes[8] === 0x7b; // '{'
}

async function readSource(path: string): Promise<Source> {
  if (path.endsWith('.json')) {
    const t = await readTfjsLayersModel(path);
    return { kind: 'canonical', format: 'tfjs-layers', arch: t.arch, weights: t.weights };
  }
  const bytes = await readBytes(path);
  if (looksLikeTeacherFile(bytes)) return { kind: 'teacher', format: 'teacher', data: decodeTeacher(bytes, path) };
  if (isZip(bytes)) {
    const files = unzip(bytes, path);
    if ('policy.pth' in files) {
      const sb3 = readSb3(bytes, path);
      const shape = sb3.observationShape;
      return {
        kind: 'weights',
        format: 'sb3-zip',
        tensors: sb3.weights,
        metadata: {},
        ...(shape && shape.length === 3 ? { input: shape as unknown as InputShape } : {}),
        ...(sb3.numActions ? { numActions: sb3.numActions } : {}),
      };
    }
    return { kind: 'weights', format: 'torch-zip', tensors: readTorchZip(bytes, path), metadata: {} };
  }
  if (looksLikeSafetensors(bytes)) {
    const f = parseSafetensors(bytes, path);
    return { kind: 'weights', format: 'safetensors', tensors: new Map(f.tensors), metadata: { ...f.metadata } };
  }
  throw new TeacherFormatError(
    `${path}: not a recognised teacher file (expected a .teacher file, safetensors, a torch.save zip, an SB3 .zip or a TF.js model.json); it may be truncated`,
  );
}

function resolveArch(
  arch: LoadTeacherOptions['arch'],
  inferred: () => ArchitectureSpec,
  numActions: () => number,
  input?: InputShape,
): ArchitectureSpec {
  if (arch === undefined) return inferred();
  if (typeof arch === 'string') {
    const build = ARCH_BY_KIND[arch];
    if (!build)
      throw new UnsupportedTeacherError(
        `unknown architecture name ${arch}; known: ${Object.keys(ARCH_BY_KIND).join(', ')}`,
      );
    return build(numActions(), input);
  }
  return validateSpec(arch);
}

/** Checks every weight against the architecture's parameter shapes, naming each mismatch. */
function checkShapes(arch: ArchitectureSpec, weights: ReadonlyMap<string, TorchTensor>, source: string): void {
  const expected = parameterShapes(arch);
  const missing = [...expected.keys()].filter((n) => !weights.has(n));
  const extra = [...weights.keys()].filter((n) => !expected.has(n));
  if (missing.length || extra.length) {
    throw new WeightsMismatchError(
      `${source}: weights do not fit ${arch.kind}:${missing.length ? ` missing ${missing.join(', ')};` : ''}${extra.length ? ` unexpected ${extra.join(', ')};` : ''} check arch and layout`,
    );
  }
  const wrong = [...expected].filter(([n, shape]) => {
    const got = weights.get(n)!.shape;
    return got.length !== shape.length || got.some((d, i) => d !== shape[i]);
  });
  if (wrong.length) {
    throw new ModelShapeError(
      `${source}: ${wrong.map(([n, s]) => `${n} is [${weights.get(n)!.shape}], ${arch.kind} needs [${s}]`).join('; ')}`,
    );
  }
}

const LICENCE_PATTERN = /\(([^()]*licen[cs]e[^()]*)\)/i;

function provenanceFrom(
  path: string,
  metadata: Record<string, string>,
  given: Partial<Provenance> | undefined,
): Provenance {
  const source = given?.source ?? metadata.source ?? basename(path);
  const licence =
    given?.licence ?? metadata.licence ?? metadata.license ?? LICENCE_PATTERN.exec(source)?.[1] ?? 'unknown';
  const trainingEnv =
    given?.trainingEnv ??
    metadata.training_env ??
    metadata.env ??
    (/trained on ([^,(]*)/.exec(source)?.[1]?.trim() || 'unknown');
  return {
    source,
    licence,
    trainingEnv,
    importedFrom: basename(path),
    ...(given?.notes ? { notes: given.notes } : {}),
  };
}

function actionSet(actions: LoadTeacherOptions['actions'], count: number): ActionSet {
  if (!actions) return { count };
  if (Array.isArray(actions)) return { count, meanings: [...(actions as readonly string[])] };
  return actions as ActionSet;
}

/** What a teacher file is before any mapping: its format, and for raw weights their names, layout and metadata. */
export interface TeacherSourceInfo {
  readonly format: TeacherFileFormat;
  /** Parameter names as the file stores them, with their shapes. */
  readonly tensors: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype: string }[];
  /** The naming layout detected from the names (raw weights only; undefined when none fits). */
  readonly layout?: LayoutName;
  /** Free-form metadata the file carries (safetensors `__metadata__`). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Describes a teacher file of any supported format as stored, for inspection; see `importTeacher` to use it. */
export async function inspectTeacherSource(path: string): Promise<TeacherSourceInfo> {
  const source = await readSource(path);
  if (source.kind === 'teacher' || source.kind === 'canonical') {
    const weights = source.kind === 'teacher' ? source.data.weights : source.weights;
    return {
      format: source.format,
      tensors: [...weights].map(([name, t]) => ({ name, shape: t.shape, dtype: 'F32' })),
      metadata: {},
    };
  }
  const names = [...source.tensors.keys()];
  let layout: LayoutName | undefined;
  try {
    layout = detectLayout(names);
  } catch {
    layout = undefined;
  }
  return {
    format: source.format,
    tensors: [...source.tensors].map(([name, t]) => ({ name, shape: t.shape, dtype: t.dtype })),
    ...(layout ? { layout } : {}),
    metadata: source.metadata,
  };
}

/** Reads and checks a teacher file of any supported format, without building the network. */
export async function importTeacher(path: string, options: LoadTeacherOptions = {}): Promise<TeacherData> {
  const source = await readSource(path);
  if (source.kind === 'teacher') {
    if (
      options.arch !== undefined &&
      typeof options.arch === 'object' &&
      JSON.stringify(options.arch) !== JSON.stringify(source.data.arch)
    ) {
      throw new UnsupportedTeacherError(`${path}: the teacher file's architecture differs from the \`arch\` option`);
    }
    return source.data;
  }
  let arch: ArchitectureSpec;
  let weights: Map<string, TorchTensor>;
  let layout: LayoutName | undefined;
  let metadata: Record<string, string> = {};
  if (source.kind === 'canonical') {
    arch =
      options.arch === undefined
        ? source.arch
        : resolveArch(
            options.arch,
            () => source.arch,
            () => source.arch.numActions,
          );
    weights = source.weights;
  } else {
    metadata = source.metadata;
    const names = [...source.tensors.keys()];
    layout = options.layout ?? detectLayout(names);
    if (!NAME_MAPS[layout])
      throw new UnsupportedTeacherError(`unknown layout ${layout}; known: ${Object.keys(NAME_MAPS).join(', ')}`);
    const mapped = mapNames(layout, source.tensors).weights;
    const chosenLayout = layout;
    const numActions = () => {
      const policy = mapped.get('policy.weight');
      if (!policy?.shape[0])
        throw new UnsupportedTeacherError(
          `${path}: no policy.weight to take the action count from; pass a full \`arch\``,
        );
      return policy.shape[0];
    };
    arch = resolveArch(
      options.arch,
      () => NAME_MAPS[chosenLayout].spec(mapped, source.input),
      numActions,
      source.input,
    );
    weights = new Map([...mapped].map(([n, t]) => [n, toTorchTensor(t, `${path}: ${n}`)] as const));
  }
  await ensureBackend();
  checkShapes(arch, weights, path);
  const defaults = layout ? LAYOUT_INPUT[layout] : undefined;
  const preset = options.preset ?? metadata.preset_name ?? defaults?.preset;
  if (!preset) {
    throw new UnsupportedTeacherError(
      `${path}: no default preprocessing preset for this teacher; pass \`preset\` (e.g. sb3-atari, baby-a3c)`,
    );
  }
  return {
    arch,
    preset,
    inputScale: options.inputScale ?? defaults?.inputScale ?? UINT8_SCALE,
    actions: actionSet(options.actions, arch.numActions),
    weights,
    provenance: provenanceFrom(path, metadata, options.provenance),
  };
}

/** Loads a teacher from any supported file; see LoadTeacherOptions. Selects the default backend if none is active. */
export async function loadTeacher(path: string, options: LoadTeacherOptions = {}): Promise<Teacher> {
  const data = await importTeacher(path, options);
  await ensureBackend();
  return new Teacher(data);
}
