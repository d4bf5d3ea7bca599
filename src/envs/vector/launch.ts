/**
 * Where the worker's code is and how to start it.
 *
 * - From compiled JavaScript (dist/): this module is dist/envs/vector/launch.js and the worker entry is
 *   its sibling dist/envs/vector/worker.js, started as is.
 * - From TypeScript sources (tsx, vitest): this module is src/envs/vector/launch.ts and the entry is
 *   src/envs/vector/worker.ts. Node cannot run .ts by itself, and on Node 20 a worker ignores
 *   `--import tsx` in its execArgv, so the worker starts from a two-line bootstrap that registers tsx's
 *   ESM hooks in the worker thread (`tsx/esm/api` `register()`) and then imports the entry. tsx is
 *   resolved from this package's node_modules.
 *
 * The same bootstrap is used from dist/ when the env factory module is itself a .ts file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EnvSpecError } from './errors.js';

const TSX_API = 'tsx/esm/api';

export type TypeScriptLoader = 'auto' | boolean;

export interface WorkerLaunch {
  /** A URL to start (`eval` false) or a bootstrap script (`eval` true). */
  readonly script: URL | string;
  readonly eval: boolean;
  /** Whether the worker registers tsx. */
  readonly typescript: boolean;
}

/** Whether this module runs from TypeScript sources (and so the worker entry is .ts). */
export function runningFromSources(): boolean {
  return import.meta.url.endsWith('.ts');
}

export function workerLaunch(loader: TypeScriptLoader, factoryIsTypeScript: boolean): WorkerLaunch {
  const fromSources = runningFromSources();
  const entry = new URL(fromSources ? './worker.ts' : './worker.js', import.meta.url);
  const typescript = fromSources || (loader === 'auto' ? factoryIsTypeScript : loader);
  if (!typescript) return { script: entry, eval: false, typescript };
  let tsxApi: string;
  try {
    tsxApi = resolveTsxEsmApi();
  } catch (error) {
    throw new EnvSpecError(
      `vector env workers need tsx to load TypeScript (${fromSources ? 'running from .ts sources' : 'the env factory is a .ts module'}), but '${TSX_API}' cannot be resolved (${String(error)}): npm install --save-dev tsx, or run from the compiled dist/ with a .js factory module`,
      { cause: error },
    );
  }
  const script = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });\n`;
  return { script, eval: true, typescript };
}

/**
 * The file URL of tsx's ESM API. require.resolve would give its CommonJS build, whose register() cannot
 * find its hooks from an eval worker, so read the `import` target from tsx's package exports.
 */
function resolveTsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } | string } | string>;
  };
  const entry = manifest.exports?.['./esm/api'];
  const target = typeof entry === 'object' ? entry.import : undefined;
  const file = typeof target === 'object' ? target.default : target;
  if (!file) throw new Error(`tsx's package.json (${manifestPath}) exports no ESM '${TSX_API}'`);
  return pathToFileURL(resolve(dirname(manifestPath), file)).href;
}
