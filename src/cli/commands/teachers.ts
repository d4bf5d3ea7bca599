/**
 * `sobolev-distill teachers list|inspect|import`:
 * - `list [--dir DIR]`: the teachers in the package's teachers/ folder (and DIR): architecture,
 *   preset, actions, parameter count, file size and provenance.
 * - `inspect <file>`: everything about one teacher file of any supported format (recognised by
 *   content): format, naming layout, architecture, preprocessing, actions, provenance, every tensor.
 * - `import <src> --out <file.teacher> [--arch --preset --layout --input-scale --actions …]`:
 *   converts a PyTorch / SB3 / CleanRL / safetensors / TF.js file into the project's teacher file,
 *   written atomically; an existing file is replaced only with --force.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { PACKAGE_ROOT } from '../../envs/homebrew/rom.js';
import type { LoadTeacherOptions, TeacherSourceInfo } from '../../teachers/load.js';
import type { LayoutName } from '../../teachers/name-maps.js';
import type { TeacherData } from '../../teachers/teacher-file.js';
import { defineCommand } from '../command.js';
import { type ConfigOf, type ConfigSpec, choice, flag, float, path, text } from '../config.js';
import { UserError } from '../errors.js';
import { alignedTable } from '../table.js';
import { ARCH_CHOICES, archName } from './distill-shared.js';

/** Where the package's own teachers are. */
export const TEACHERS_DIR = resolve(PACKAGE_ROOT, 'teachers');

/** Naming layouts `--layout` accepts (src/teachers/name-maps.ts). */
const LAYOUTS = [
  'canonical',
  'cleanrl-nature',
  'sb3-nature',
  'babya3c',
  'cleanrl-impala',
  'sobolev-student',
] as const satisfies readonly LayoutName[];

/** Presets a teacher can expect (src/envs/presets.ts). */
const PRESETS = ['sb3-atari', 'atari-preprocessing', 'baby-a3c'] as const;

/** A TF.js LayersModel is found by its model.json, one folder down from a listed folder. */
const TFJS_MODEL_FILE = 'model.json';

export const TEACHERS_LIST_CONFIG = {
  dir: path(`another folder of teacher files to list (besides the package's teachers/)`),
  json: flag(false, 'print one JSON object instead of a table'),
} as const satisfies ConfigSpec;

export const TEACHERS_INSPECT_CONFIG = {
  arch: text(`architecture, for raw weights whose layout does not say (${ARCH_CHOICES.join(', ')})`),
  layout: choice(undefined, LAYOUTS, 'how the file names its parameters (default: detected from the names)'),
  json: flag(false, 'print one JSON object instead of text'),
} as const satisfies ConfigSpec;

export const TEACHERS_IMPORT_CONFIG = {
  out: path('teacher file to write (conventionally <name>.teacher; required)'),
  arch: text(`architecture (${ARCH_CHOICES.join(', ')}; default: what the parameter names imply)`),
  preset: choice(undefined, PRESETS, 'preprocessing preset the teacher expects (default: by layout or metadata)'),
  layout: choice(undefined, LAYOUTS, 'how the file names its parameters (default: detected from the names)'),
  inputScale: float(0, 'factor applied to observations before the network (0: by layout, 1/255 for uint8 frames)', {
    min: 0,
  }),
  actions: text("the env's action meanings, comma-separated in output order (e.g. NOOP,FIRE,RIGHT,LEFT)"),
  source: text('provenance: who trained it and where it was published (default: file metadata or name)'),
  licence: text("provenance: the weights' licence (default: file metadata, else unknown)"),
  trainingEnv: text('provenance: the environment it was trained on (default: file metadata, else unknown)'),
  notes: text('provenance: free-form notes'),
  force: flag(false, 'replace --out if it exists'),
  json: flag(false, 'print one final JSON line'),
} as const satisfies ConfigSpec;

export interface TeacherSummary {
  readonly file: string;
  readonly format: string;
  readonly arch: string;
  readonly input: readonly number[];
  readonly preset: string;
  readonly inputScale: number;
  readonly actions: number;
  readonly actionMeanings?: readonly string[];
  readonly parameters: number;
  readonly bytes: number;
  readonly provenance: TeacherData['provenance'];
}

/** File size; for a TF.js model, model.json plus the weight shards beside it. */
function fileBytes(file: string): number {
  if (basename(file) !== TFJS_MODEL_FILE) return statSync(file).size;
  const folder = resolve(file, '..');
  return readdirSync(folder)
    .filter((f) => f === TFJS_MODEL_FILE || f.endsWith('.bin'))
    .reduce((sum, f) => sum + statSync(join(folder, f)).size, 0);
}

function parameterCount(data: TeacherData): number {
  let n = 0;
  for (const w of data.weights.values()) n += w.data.length;
  return n;
}

export function summarise(file: string, format: string, data: TeacherData): TeacherSummary {
  return {
    file,
    format,
    arch: data.arch.kind,
    input: [...data.arch.input],
    preset: data.preset,
    inputScale: data.inputScale,
    actions: data.actions.count,
    ...(data.actions.meanings ? { actionMeanings: [...data.actions.meanings] } : {}),
    parameters: parameterCount(data),
    bytes: fileBytes(file),
    provenance: data.provenance,
  };
}

/** Candidate teacher files of a folder: its files, and model.json one folder down. */
function candidates(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(folder, entry.name);
    if (entry.isFile() && !/\.(md|txt|json)$/i.test(entry.name)) out.push(full);
    if (entry.isDirectory() && existsSync(join(full, TFJS_MODEL_FILE))) out.push(join(full, TFJS_MODEL_FILE));
  }
  return out;
}

/** What list and inspect show as the preset of weights that name none (import needs --preset for them). */
const NO_PRESET = 'unset';

/** A file's teacher data for display: weights that carry no preset are shown with NO_PRESET rather than refused. */
async function importForDisplay(file: string, options: LoadTeacherOptions = {}): Promise<TeacherData> {
  const { importTeacher } = await import('../../teachers/load.js');
  try {
    return await importTeacher(file, options);
  } catch (err) {
    if (!/no default preprocessing preset/.test((err as Error).message)) throw err;
    return importTeacher(file, { ...options, preset: NO_PRESET });
  }
}

interface ListRow {
  readonly file: string;
  readonly teacher?: TeacherSummary;
  readonly error?: string;
}

async function listTeachers(folders: readonly string[]): Promise<ListRow[]> {
  const { inspectTeacherSource } = await import('../../teachers/load.js');
  const rows: ListRow[] = [];
  for (const folder of folders) {
    for (const file of candidates(folder)) {
      try {
        const { format } = await inspectTeacherSource(file);
        rows.push({ file, teacher: summarise(file, format, await importForDisplay(file)) });
      } catch (err) {
        const message = (err as Error).message;
        // Files that are no model at all (notes, images) are not teachers: leave them out.
        if (/not a recognised teacher file/.test(message)) continue;
        rows.push({ file, error: message.replace(/\s+/g, ' ') });
      }
    }
  }
  return rows;
}

function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** A path as short as it can be said: relative to the working folder when it lies inside it. */
function shortPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

export function formatTeacherList(rows: readonly ListRow[]): string {
  const headings = ['file', 'arch', 'preset', 'actions', 'params', 'size', 'provenance'];
  const cells = rows.map((r) => {
    const t = r.teacher;
    if (!t) return [shortPath(r.file), '?', '?', '?', '?', '?', `unreadable: ${r.error}`];
    const p = t.provenance;
    return [
      shortPath(r.file),
      t.arch,
      t.preset,
      String(t.actions),
      t.parameters.toLocaleString('en-US'),
      humanBytes(t.bytes),
      `${p.source}; ${p.licence}; trained on ${p.trainingEnv}`,
    ];
  });
  const count = rows.filter((r) => r.teacher).length;
  return [...alignedTable(headings, cells), `${count} teacher${count === 1 ? '' : 's'}`].join('\n');
}

function inspectText(summary: TeacherSummary, source: TeacherSourceInfo, data: TeacherData, sha256: string): string {
  const p = summary.provenance;
  const lines = [
    `file:        ${summary.file} (${humanBytes(summary.bytes)}, SHA-256 ${sha256})`,
    `format:      ${summary.format}${source.layout ? `, parameter names in the ${source.layout} layout` : ''}`,
    `arch:        ${JSON.stringify(data.arch)}`,
    `input:       [${summary.input.join(', ')}] × ${summary.inputScale} (preset ${summary.preset})`,
    `actions:     ${summary.actions}${summary.actionMeanings ? ` (${summary.actionMeanings.join(', ')})` : ''}`,
    `parameters:  ${summary.parameters.toLocaleString('en-US')}`,
    `source:      ${p.source}`,
    `licence:     ${p.licence}`,
    `trained on:  ${p.trainingEnv}`,
    ...(p.importedFrom ? [`imported from: ${p.importedFrom}`] : []),
    ...(p.notes ? [`notes:       ${p.notes}`] : []),
    ...Object.entries(source.metadata).map(([k, v]) => `metadata:    ${k} = ${v}`),
    '',
    ...alignedTable(
      ['tensor (as stored)', 'dtype', 'shape'],
      source.tensors.map((t) => [t.name, t.dtype, `[${t.shape.join(', ')}]`]),
    ),
  ];
  return lines.join('\n');
}

function loadOptions(config: { arch: string | undefined; layout: LayoutName | undefined }): LoadTeacherOptions {
  const arch = archName(config.arch);
  return { ...(arch ? { arch } : {}), ...(config.layout ? { layout: config.layout } : {}) };
}

function requireFile(file: string): void {
  if (!existsSync(file)) {
    throw new UserError(`No teacher file at ${file}.`, 'Check the path (for TF.js, pass its model.json).');
  }
}

async function runInspect(file: string, config: ConfigOf<typeof TEACHERS_INSPECT_CONFIG>): Promise<void> {
  requireFile(file);
  const { inspectTeacherSource } = await import('../../teachers/load.js');
  const source = await inspectTeacherSource(file);
  const data = await importForDisplay(file, loadOptions(config));
  const summary = summarise(file, source.format, data);
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (config.json) {
    const tensors = source.tensors.map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape }));
    process.stdout.write(
      `${JSON.stringify({ ...summary, sha256, archSpec: data.arch, layout: source.layout ?? null, metadata: source.metadata, tensors })}\n`,
    );
    return;
  }
  process.stdout.write(`${inspectText(summary, source, data, sha256)}\n`);
}

async function runImport(src: string, config: ConfigOf<typeof TEACHERS_IMPORT_CONFIG>): Promise<void> {
  requireFile(src);
  if (!config.out) throw new UserError('No --out given.', 'Pass --out <name>.teacher.');
  const out = config.out;
  if (existsSync(out) && !config.force) {
    throw new UserError(`${out} already exists.`, 'Pass --force to replace it, or choose another --out.');
  }
  const [{ importTeacher, inspectTeacherSource }, { writeTeacherFile, readTeacherFile }] = await Promise.all([
    import('../../teachers/load.js'),
    import('../../teachers/teacher-file.js'),
  ]);
  const source = await inspectTeacherSource(src);
  const provenance = {
    ...(config.source ? { source: config.source } : {}),
    ...(config.licence ? { licence: config.licence } : {}),
    ...(config.trainingEnv ? { trainingEnv: config.trainingEnv } : {}),
    ...(config.notes ? { notes: config.notes } : {}),
  };
  const meanings = config.actions
    ?.split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  let data = await importTeacher(src, {
    ...loadOptions(config),
    ...(config.preset ? { preset: config.preset } : {}),
    ...(config.inputScale > 0 ? { inputScale: config.inputScale } : {}),
    ...(meanings ? { actions: meanings } : {}),
    provenance,
  });
  if (source.format === 'teacher') {
    // A teacher file keeps what it says; only the options given here change it.
    data = {
      ...data,
      ...(config.preset ? { preset: config.preset } : {}),
      ...(config.inputScale > 0 ? { inputScale: config.inputScale } : {}),
      ...(meanings ? { actions: { count: data.actions.count, meanings } } : {}),
      provenance: { ...data.provenance, ...provenance },
    };
  }
  if (meanings && meanings.length !== data.arch.numActions) {
    throw new UserError(
      `--actions names ${meanings.length} actions, the network has ${data.arch.numActions} outputs.`,
      "List one meaning per output, in the env's action order.",
    );
  }
  await writeTeacherFile(out, data);
  // Read back what was written: the file on disk is what later commands will load.
  const written = await readTeacherFile(out);
  const summary = summarise(resolve(out), 'teacher', written);
  if (!config.json) {
    process.stdout.write(
      `wrote ${out}: ${summary.arch} [${summary.input.join(', ')}], ${summary.actions} actions, preset ${summary.preset}, ` +
        `${summary.parameters.toLocaleString('en-US')} parameters, ${humanBytes(summary.bytes)} (from ${source.format}${source.layout ? `, ${source.layout} layout` : ''})\n`,
    );
  }
  process.stdout.write(`${JSON.stringify({ out, from: src, sourceFormat: source.format, ...summary })}\n`);
}

export function registerTeachersCommands(program: Command): Command {
  const teachers = program
    .command('teachers')
    .description('list, inspect and import teachers (PyTorch, SB3, CleanRL, safetensors, TF.js → .teacher)');
  defineCommand(teachers, {
    name: 'list',
    description: "list the teachers in the package's teachers/ folder (and --dir): arch, preset, size, provenance",
    config: TEACHERS_LIST_CONFIG,
    logConfig: false,
    async run(config) {
      const folders = [TEACHERS_DIR, ...(config.dir ? [resolve(config.dir)] : [])].filter(
        (f, i, all) => all.indexOf(f) === i,
      );
      for (const f of folders) {
        if (!existsSync(f) || !statSync(f).isDirectory()) {
          throw new UserError(`No folder at ${f}.`, 'Pass --dir <folder of teacher files>.');
        }
      }
      const rows = await listTeachers(folders);
      const text = config.json
        ? JSON.stringify({
            folders,
            count: rows.filter((r) => r.teacher).length,
            teachers: rows.filter((r) => r.teacher).map((r) => r.teacher),
            unreadable: rows.filter((r) => r.error).map((r) => ({ file: r.file, error: r.error })),
          })
        : formatTeacherList(rows);
      process.stdout.write(`${text}\n`);
    },
  });
  defineCommand(teachers, {
    name: 'inspect',
    description: 'print everything about one teacher file of any supported format',
    arguments: [
      ['<file>', 'teacher file (.teacher, safetensors, torch zip, SB3 zip, CleanRL model, TF.js model.json)'],
    ],
    config: TEACHERS_INSPECT_CONFIG,
    logConfig: false,
    run: (config, [file]) => runInspect(file as string, config),
  });
  defineCommand(teachers, {
    name: 'import',
    description: "convert a PyTorch / SB3 / CleanRL / safetensors / TF.js teacher into the project's .teacher file",
    arguments: [['<src>', 'file to convert (recognised by content; for TF.js, its model.json)']],
    config: TEACHERS_IMPORT_CONFIG,
    run: (config, [src]) => runImport(src as string, config),
  });
  return teachers;
}
