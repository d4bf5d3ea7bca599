/**
 * Starting the teacher worker. From compiled JavaScript (dist/) the entry is teacher-worker.js, run
 * as is. From TypeScript sources (tsx, vitest) Node cannot run the .ts entry by itself, so the worker
 * starts from a bootstrap that registers tsx's ESM hooks in the thread first (the same approach as
 * src/envs/vector/launch.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TeacherWorkerError } from '../errors.js';

export function teacherWorkerScript(): { script: URL | string; eval: boolean } {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './teacher-worker.ts' : './teacher-worker.js', import.meta.url);
  if (!fromSources) return { script: entry, eval: false };
  const require = createRequire(import.meta.url);
  let manifestPath: string;
  try {
    manifestPath = require.resolve('tsx/package.json');
  } catch (e) {
    throw new TeacherWorkerError(
      'the teacher worker runs from TypeScript sources and needs tsx (npm install --save-dev tsx), or run from the compiled dist/',
      { cause: e },
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } | string } | string>;
  };
  const target = manifest.exports?.['./esm/api'];
  const imp = typeof target === 'object' ? target.import : undefined;
  const file = typeof imp === 'object' ? imp.default : imp;
  if (!file) throw new TeacherWorkerError(`tsx's package.json (${manifestPath}) exports no ESM './esm/api'`);
  const api = pathToFileURL(resolve(dirname(manifestPath), file)).href;
  const script = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });\n`;
  return { script, eval: true };
}
