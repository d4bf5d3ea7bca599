// Compiles the AssemblyScript emulator core (src/ale/core) to build/ale/core.wasm.
// Run by `npm run build`; the TypeScript binding in src/ale loads the result.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = resolve(root, 'src/ale/core/index.ts');
if (!existsSync(entry)) {
  console.log('build-core: no src/ale/core/index.ts yet, nothing to compile');
  process.exit(0);
}
mkdirSync(resolve(root, 'build/ale'), { recursive: true });
const { error, stderr } = await asc.main([
  entry,
  '--config',
  resolve(root, 'src/ale/core/asconfig.json'),
  '--target',
  process.env.ALE_CORE_TARGET ?? 'release',
]);
if (error) {
  console.error(stderr.toString());
  console.error(`build-core: AssemblyScript compilation failed: ${error.message}`);
  process.exit(1);
}
console.log('build-core: wrote build/ale/core.wasm');
