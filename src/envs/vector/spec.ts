/**
 * Env specs: the serialisable recipe a worker builds its sub-envs from. The factory string is
 * `'<module>#<export>'`; the module is loaded by dynamic `import()` in whichever thread builds the env, so
 * it must be absolute (a relative path would mean different files in different threads).
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Env } from '../types.js';
import { EnvSpecError } from './errors.js';
import type { EnvFactory, EnvFactoryContext, EnvSpec } from './types.js';

const EXPORT_SEPARATOR = '#';
/** TypeScript module suffixes that need a TypeScript loader (tsx) in the worker. */
const TYPESCRIPT_SUFFIX = /\.(?:ts|mts|cts)$/;

/** `'<module URL>#<export>'` for `EnvSpec.factory`; pass `new URL('./my-env.js', import.meta.url)`. */
export function factoryRef(module: URL | string, exportName: string): string {
  const href = module instanceof URL ? module.href : module;
  return `${href}${EXPORT_SEPARATOR}${exportName}`;
}

export interface ParsedFactory {
  /** What `import()` receives: a `file:` URL or a package specifier. */
  readonly specifier: string;
  readonly exportName: string;
}

/** Splits and checks `EnvSpec.factory`; relative module paths are refused. */
export function parseFactory(factory: string): ParsedFactory {
  if (typeof factory !== 'string') {
    throw new EnvSpecError(`EnvSpec.factory must be a string '<module>#<export>', got ${typeof factory}`);
  }
  const at = factory.lastIndexOf(EXPORT_SEPARATOR);
  if (at <= 0 || at === factory.length - 1) {
    throw new EnvSpecError(
      `EnvSpec.factory must be '<module>#<export>' (e.g. factoryRef(new URL('./env.js', import.meta.url), 'makeEnv')), got '${factory}'`,
    );
  }
  const module = factory.slice(0, at);
  const exportName = factory.slice(at + 1);
  if (module.startsWith('./') || module.startsWith('../')) {
    throw new EnvSpecError(
      `EnvSpec.factory module '${module}' is relative, and workers would resolve it against a different file: ` +
        `pass an absolute file URL, e.g. new URL('${module}', import.meta.url).href`,
    );
  }
  const specifier = isAbsolute(module) ? pathToFileURL(module).href : module;
  return { specifier, exportName };
}

/** Whether the factory module is TypeScript source (and so needs tsx in a worker). */
export function isTypeScriptModule(factory: string): boolean {
  return TYPESCRIPT_SUFFIX.test(parseFactory(factory).specifier);
}

/** Imports the factory's module and returns its export, checked to be a function. */
export async function loadFactory(factory: string): Promise<EnvFactory> {
  const { specifier, exportName } = parseFactory(factory);
  let module: Record<string, unknown>;
  try {
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const hint = TYPESCRIPT_SUFFIX.test(specifier)
      ? ' (a .ts module needs a TypeScript loader: run under tsx or vitest, or point at the compiled .js in dist/)'
      : '';
    throw new EnvSpecError(`cannot load env factory module '${specifier}'${hint}: ${String(error)}`, {
      cause: error,
    });
  }
  const fn = module[exportName];
  if (typeof fn !== 'function') {
    const exported = Object.keys(module).filter((k) => typeof module[k] === 'function');
    throw new EnvSpecError(
      `env factory module '${specifier}' has no function export '${exportName}'; its function exports: ${exported.join(', ') || 'none'}`,
    );
  }
  return fn as EnvFactory;
}

/** Builds one sub-env from a spec (in whichever thread calls it). */
export async function buildEnv(spec: EnvSpec, context: EnvFactoryContext): Promise<Env> {
  const factory = await loadFactory(spec.factory);
  return await factory(spec.id, spec.options, context);
}
