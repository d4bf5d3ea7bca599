/**
 * src/ale/core/cpu/ale-execute.ts is generated (scripts/ale-execute-generate.ts): the committed file
 * must be what the generator makes now, and the generator must read the opcode table as the core
 * compiles it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALE_EXECUTE, generateAleExecute, parseOpcodeTable } from '../../../scripts/ale-execute-generate.js';
import { instantiateCore } from '../../../src/ale/core-binding.js';
import { PROJECT_ROOT } from '../../helpers/shared.js';

const ENTRY = { op: 0, cycles: 16, stellaCycles: 20, mode: 24 } as const;
const opcodesSource = (): string => readFileSync(resolve(PROJECT_ROOT, ALE_EXECUTE.opcodesPath), 'utf8');

function decodeMnemonic(packed: number): string {
  return String.fromCharCode(packed & 0xff, (packed >> 8) & 0xff, (packed >> 16) & 0xff);
}

describe('src/ale/core/cpu/ale-execute.ts', () => {
  it('is what the generator makes of its template, the opcode table and the templates', () => {
    const committed = readFileSync(resolve(PROJECT_ROOT, ALE_EXECUTE.outputPath), 'utf8');
    expect(committed === generateAleExecute(PROJECT_ROOT), `stale: run \`npm run ${ALE_EXECUTE.npmScript}\``).toBe(
      true,
    );
  });

  it("reads opcodes.ts's table as core.wasm has it: operation, mode and both cycle counts of all 256 opcodes", () => {
    const core = instantiateCore();
    const table = parseOpcodeTable(opcodesSource());
    const mismatches: string[] = [];
    for (let opcode = 0; opcode < 256; opcode++) {
      const entry = core.cpuOpcodeEntry(opcode) >>> 0;
      const read = table.entries[opcode]!;
      const compiled = {
        op: table.ops[(entry >>> ENTRY.op) & 0xff],
        mnemonic: decodeMnemonic(core.cpuOpcodeMnemonic(opcode)),
        mode: table.modes[(entry >>> ENTRY.mode) & 0xff],
        nmosCycles: (entry >>> ENTRY.cycles) & 0xf,
        cycles: (entry >>> ENTRY.stellaCycles) & 0xf,
      };
      const parsed = {
        op: read.op,
        mnemonic: read.op,
        mode: read.mode,
        nmosCycles: read.nmosCycles,
        cycles: read.cycles,
      };
      if (JSON.stringify(parsed) !== JSON.stringify(compiled)) {
        mismatches.push(
          `$${opcode.toString(16)}: read ${JSON.stringify(parsed)}, compiled ${JSON.stringify(compiled)}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('serves the 151 documented opcodes and leaves the undocumented ones to the generic executor', () => {
    const table = parseOpcodeTable(opcodesSource());
    const served = table.entries.filter((entry) => entry.documented);
    expect(served).toHaveLength(151);
    // The undocumented slots of documented operations: SBC #imm at $EB and the NOPs other than $EA.
    const undocumented = table.entries.filter((entry) => !entry.documented);
    expect(undocumented.find((entry) => entry.op === 'SBC')?.opcode).toBe(0xeb);
    expect(undocumented.filter((entry) => entry.op === 'NOP').some((entry) => entry.opcode === 0xea)).toBe(false);
    const generated = generateAleExecute(PROJECT_ROOT);
    const cases = [...generated.matchAll(/^ {8}case 0x([0-9a-f]{2}): \{$/gm)].map((match) =>
      Number.parseInt(match[1]!, 16),
    );
    expect(cases).toEqual(served.map((entry) => entry.opcode));
  });

  it('refuses a table it cannot read exactly', () => {
    const source = opcodesSource();
    expect(() => parseOpcodeTable(source.replace('.define(0xa5, Op.LDA', '.define(0xa9, Op.LDA'))).toThrow(
      /defined twice/,
    );
    expect(() => parseOpcodeTable(source.replace('b.define(0xeb, Op.SBC, IMM, 2);', ''))).toThrow(/not defined/);
    expect(() =>
      parseOpcodeTable(source.replace('b.define(0xeb, Op.SBC, IMM, 2);', 'b.define(0xeb, Op.SBC, IMM, 2) + 1;')),
    ).toThrow(/cannot read/);
    expect(() => parseOpcodeTable(source.replace('// Undocumented opcodes', '// Other opcodes'))).toThrow(
      /Undocumented/,
    );
  });
});
