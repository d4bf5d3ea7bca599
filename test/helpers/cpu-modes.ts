/**
 * The core's addressing-mode ids (src/ale/core/cpu/opcodes.ts `Mode`, stored in bits 24–31 of an opcode
 * entry), by their usual short names, for tests that read the opcode table.
 */
export const MODE_IDS = {
  imp: 0,
  acc: 1,
  imm: 2,
  zp: 3,
  zpx: 4,
  zpy: 5,
  abs: 6,
  abx: 7,
  aby: 8,
  ind: 9,
  izx: 10,
  izy: 11,
  rel: 12,
} as const;
