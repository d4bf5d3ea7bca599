/**
 * Makes src/ale/core/cpu/ale-execute.ts, the fast executor, from its template (ale-execute.template.ts),
 * the opcode table (opcodes.ts) and the per-mode and per-operation templates
 * (scripts/ale-execute-templates.ts): one switch case per documented opcode of the table, in opcode
 * order, with the table's operation, addressing mode and cycle count.
 * Used by scripts/build-ale-execute.ts and by test/ale/cpu/ale-execute-generated.test.ts, which checks
 * that the committed file is up to date.
 *
 * The table is read from opcodes.ts's source: its `define` calls are its data (AssemblyScript, which
 * TypeScript cannot import), and reading them keeps opcodes.ts, and so core.wasm, as they are. The
 * reading is strict (every statement of `buildOpcodeTable` must be `define` calls, 256 opcodes once
 * each), and the test compares what it reads with the table compiled into core.wasm.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Instruction, instructionCode, pendingReadCases, waitLoopConstants } from './ale-execute-templates.js';

export const ALE_EXECUTE = {
  templatePath: 'src/ale/core/cpu/ale-execute.template.ts',
  outputPath: 'src/ale/core/cpu/ale-execute.ts',
  opcodesPath: 'src/ale/core/cpu/opcodes.ts',
  templatesPath: 'scripts/ale-execute-templates.ts',
  npmScript: 'build:ale-execute',
} as const;

/** One row of the opcode table. */
export interface TableEntry extends Instruction {
  /** Base cycles of the NMOS chip (`cycles` is what ALE's Stella charges). */
  readonly nmosCycles: number;
  /** Defined before the table's "Undocumented opcodes" section: the fast executor serves it. */
  readonly documented: boolean;
}

export interface OpcodeTable {
  /** `Op` names in enum order (without COUNT). */
  readonly ops: readonly string[];
  /** `Mode` names in enum order (without COUNT). */
  readonly modes: readonly string[];
  /** Indexed by opcode. */
  readonly entries: readonly TableEntry[];
}

const OPCODE_COUNT = 256;
/** The comment in `buildOpcodeTable` after which the undocumented opcodes are defined. */
const UNDOCUMENTED_SECTION = /^ *\/\/ Undocumented opcodes\b.*$/m;

function fail(message: string): never {
  throw new Error(`${ALE_EXECUTE.opcodesPath}: ${message}`);
}

function enumMembers(source: string, name: string): string[] {
  const body = new RegExp(`export const enum ${name} \\{([^}]*)\\}`).exec(source)?.[1] ?? fail(`no enum ${name}`);
  const members = body
    .replace(/\/\/.*$/gm, '')
    .split(',')
    .map((member) => member.trim())
    .filter((member) => member !== '');
  for (const member of members) if (!/^\w+$/.test(member)) fail(`enum ${name}: cannot read member "${member}"`);
  return members.filter((member) => member !== 'COUNT');
}

/** Reads the 256 opcode definitions of opcodes.ts's `buildOpcodeTable`. */
export function parseOpcodeTable(source: string): OpcodeTable {
  const ops = enumMembers(source, 'Op');
  const modes = enumMembers(source, 'Mode');
  const modeShorthands = new Map(
    [...source.matchAll(/^const (\w+) = Mode\.(\w+);$/gm)].map(([, shorthand, mode]) => [shorthand!, mode!]),
  );
  const numbers = new Map(
    [...source.matchAll(/^const (\w+): u32 = (\d+);$/gm)].map(([, name, value]) => [name!, Number(value)]),
  );
  const body =
    /^function buildOpcodeTable\(\): StaticArray<u32> \{\n {2}const b = new OpcodeTableBuilder\(\);\n([\s\S]*?)\n {2}return b\.build\(\);\n\}$/m.exec(
      source,
    )?.[1] ?? fail('no buildOpcodeTable of the expected shape');
  const sections = body.split(UNDOCUMENTED_SECTION);
  if (sections.length !== 2) fail('buildOpcodeTable needs exactly one "// Undocumented opcodes" section');

  const cycles = (text: string): number => {
    const value = /^\d+$/.test(text) ? Number(text) : numbers.get(text);
    return value ?? fail(`cannot read the cycle count "${text}"`);
  };
  const entries: (TableEntry | undefined)[] = new Array(OPCODE_COUNT).fill(undefined);
  sections.forEach((section, index) => {
    const statements = section
      .replace(/\/\/.*$/gm, '')
      .split(';')
      .map((statement) => statement.replace(/\s+/g, ''))
      .filter((statement) => statement !== '');
    for (const statement of statements) {
      if (!/^b(\.(define|defineStella)\([^()]*\))+$/.test(statement)) fail(`cannot read "${statement}"`);
      for (const [, method, args] of statement.matchAll(/\.(define|defineStella)\(([^()]*)\)/g)) {
        const fields = args!.split(',');
        const [opcodeText, opText, modeText, nmosText, stellaText] = fields;
        if (fields.length !== (method === 'define' ? 4 : 5)) fail(`wrong argument count in "${method}(${args})"`);
        if (!/^0x[0-9a-f]{2}$/.test(opcodeText!)) fail(`cannot read the opcode in "${args}"`);
        const opcode = Number(opcodeText);
        const op = /^Op\.(\w+)$/.exec(opText!)?.[1];
        if (!op || !ops.includes(op)) fail(`unknown operation in "${args}"`);
        const mode = modeShorthands.get(modeText!);
        if (!mode || !modes.includes(mode)) fail(`unknown addressing mode in "${args}"`);
        if (entries[opcode]) fail(`opcode ${opcodeText} defined twice`);
        const nmosCycles = cycles(nmosText!);
        const stellaCycles = stellaText === undefined ? nmosCycles : cycles(stellaText);
        entries[opcode] = { opcode, op, mode, cycles: stellaCycles, nmosCycles, documented: index === 0 };
      }
    }
  });
  const missing = entries.indexOf(undefined);
  if (missing >= 0) fail(`opcode 0x${missing.toString(16)} is not defined`);
  return { ops, modes, entries: entries as TableEntry[] };
}

/** Replaces the line `// @generate <name>` with `lines`, at its indentation. */
function fillMarker(template: string, name: string, lines: readonly string[]): string {
  const marker = new RegExp(`^( *)// @generate ${name}\\n`, 'm');
  const match = marker.exec(template);
  if (!match) throw new Error(`${ALE_EXECUTE.templatePath}: no "// @generate ${name}" line`);
  const indentation = match[1]!;
  const code = lines.map((line) => (line === '' ? '\n' : `${indentation}${line}\n`)).join('');
  return template.slice(0, match.index) + code + template.slice(match.index + match[0].length);
}

function switchCase(instruction: TableEntry): string[] {
  const code = instructionCode(instruction);
  const name = `0x${instruction.opcode.toString(16).padStart(2, '0')}`;
  if (!code) throw new Error(`no template serves ${instruction.op} ${instruction.mode} (${name})`);
  return [
    `case ${name}: {`,
    ...code.comment.map((line) => `  // ${line}`),
    ...code.body.map((line) => `  ${line}`),
    '  break;',
    '}',
  ];
}

const GENERATED_NOTE = [
  `// Generated by \`npm run ${ALE_EXECUTE.npmScript}\` (scripts/build-ale-execute.ts) from ale-execute.template.ts,`,
  '// the opcode table in opcodes.ts (a switch case for each documented opcode, with its mode and cycles) and',
  `// the per-mode and per-operation templates in ${ALE_EXECUTE.templatesPath}. Do not edit: change`,
  '// those and run the script again (test/ale/cpu/ale-execute-generated.test.ts fails while this file is stale).',
];

/** ale-execute.ts from the template's text and the table. */
export function aleExecuteSource(template: string, table: OpcodeTable): string {
  const intro = /^(\/\/ The template of ale-execute\.ts[^\n]*\n(\/\/[^\n]*\n)*)\n/.exec(template);
  if (!intro)
    throw new Error(`${ALE_EXECUTE.templatePath}: must start with its "// The template of ale-execute.ts" note`);
  const find = (op: string, mode: string): TableEntry =>
    table.entries.find((entry) => entry.documented && entry.op === op && entry.mode === mode) ??
    fail(`no documented ${op} ${mode}`);
  const served = table.entries.filter((entry) => entry.documented);
  const pendingOps = table.ops.slice(0, table.ops.indexOf('NOP'));
  let source = `${GENERATED_NOTE.join('\n')}\n${template.slice(intro[0].length)}`;
  source = fillMarker(source, 'wait-loop constants', waitLoopConstants(find));
  source = fillMarker(source, 'cases', served.flatMap(switchCase));
  source = fillMarker(source, 'pending-read cases', pendingReadCases(pendingOps));
  return source;
}

/** ale-execute.ts as the files under `root` make it. */
export function generateAleExecute(root: string): string {
  const read = (path: string): string => readFileSync(resolve(root, path), 'utf8');
  return aleExecuteSource(read(ALE_EXECUTE.templatePath), parseOpcodeTable(read(ALE_EXECUTE.opcodesPath)));
}
