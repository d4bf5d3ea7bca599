/**
 * Writes src/ale/core/cpu/ale-execute.ts, the fast executor's opcode switch made from the opcode table
 * and templates (see scripts/ale-execute-generate.ts). The generated file is committed, so the core
 * builds without this step; test/ale/cpu/ale-execute-generated.test.ts fails when it is stale.
 * Run: npm run build:ale-execute (then npm run build:core)
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALE_EXECUTE, generateAleExecute } from './ale-execute-generate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = generateAleExecute(root);
writeFileSync(resolve(root, ALE_EXECUTE.outputPath), source);
console.log(`build-ale-execute: wrote ${ALE_EXECUTE.outputPath} (${source.split('\n').length - 1} lines)`);
