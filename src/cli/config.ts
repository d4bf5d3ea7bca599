/**
 * Typed command configs. Each command declares one config: a table of fields,
 * each with a doc string, a default and a kind. Commander options, the JSON
 * Schema of config files, config-file validation and the start-of-run log line
 * are all generated from that table, so a flag, a file key and the config they
 * fill can never drift apart.
 *
 * Precedence: a flag given on the command line, else the `--config` file's
 * key, else the field's default.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { type Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { UserError } from './errors.js';

export type FieldKind = 'int' | 'float' | 'string' | 'bool' | 'path';

interface FieldBase<T> {
  /** Shown in `--help` and as the schema's description; say what the field means, not its type. */
  readonly doc: string;
  readonly default: T;
  /** Allowed values, for enum-like string fields. */
  readonly choices?: readonly string[];
  /** Range check for numeric fields, inclusive. */
  readonly min?: number;
  readonly max?: number;
}

export interface IntField extends FieldBase<number> {
  readonly kind: 'int';
}
export interface FloatField extends FieldBase<number> {
  readonly kind: 'float';
}
export interface StringField extends FieldBase<string | undefined> {
  readonly kind: 'string' | 'path';
}
export interface BoolField extends FieldBase<boolean> {
  readonly kind: 'bool';
}
export type Field = IntField | FloatField | StringField | BoolField;

export type ConfigSpec = Readonly<Record<string, Field>>;

/** A string field with choices holds one of them (or undefined when it has no default). */
type StringValue<F extends StringField> = F extends { readonly choices: readonly string[] }
  ? F['choices'][number] | (undefined extends F['default'] ? undefined : never)
  : string | (undefined extends F['default'] ? undefined : never);

type ValueOf<F extends Field> = F extends BoolField
  ? boolean
  : F extends IntField | FloatField
    ? number
    : F extends StringField
      ? StringValue<F>
      : never;

export type ConfigOf<S extends ConfigSpec> = { -readonly [K in keyof S]: ValueOf<S[K]> };

// Field builders: one line per field in a command's table.
type Range = { readonly min?: number; readonly max?: number };

export const int = (def: number, doc: string, range: Range = {}) =>
  ({ kind: 'int', default: def, doc, ...range }) as const satisfies IntField;
export const float = (def: number, doc: string, range: Range = {}) =>
  ({ kind: 'float', default: def, doc, ...range }) as const satisfies FloatField;
export const flag = (def: boolean, doc: string) => ({ kind: 'bool', default: def, doc }) as const satisfies BoolField;
type TextField<K extends 'string' | 'path', D> = { readonly kind: K; readonly default: D; readonly doc: string };
export function text(doc: string): TextField<'string', undefined>;
export function text(doc: string, def: string): TextField<'string', string>;
export function text(doc: string, def?: string): TextField<'string', string | undefined> {
  return { kind: 'string', default: def, doc };
}
export function path(doc: string): TextField<'path', undefined>;
export function path(doc: string, def: string): TextField<'path', string>;
export function path(doc: string, def?: string): TextField<'path', string | undefined> {
  return { kind: 'path', default: def, doc };
}
type ChoiceField<C extends readonly string[], D> = {
  readonly kind: 'string';
  readonly default: D;
  readonly choices: C;
  readonly doc: string;
};
export function choice<const C extends readonly string[]>(
  def: undefined,
  choices: C,
  doc: string,
): ChoiceField<C, undefined>;
export function choice<const C extends readonly string[]>(
  def: NoInfer<C[number]>,
  choices: C,
  doc: string,
): ChoiceField<C, C[number]>;
export function choice<const C extends readonly string[]>(
  def: C[number] | undefined,
  choices: C,
  doc: string,
): ChoiceField<C, C[number] | undefined> {
  return { kind: 'string', default: def, choices, doc };
}

/** `frameSkip` → `frame-skip`. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function parseNumber(key: string, field: IntField | FloatField, raw: string): number {
  const value = Number(raw);
  const flag = `--${flagName(key)}`;
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${flag} expects a number, got "${raw}".`);
  }
  if (field.kind === 'int' && !Number.isInteger(value)) {
    throw new InvalidArgumentError(`${flag} expects an integer, got "${raw}".`);
  }
  if (field.min !== undefined && value < field.min) {
    throw new InvalidArgumentError(`${flag} must be at least ${field.min}, got ${raw}.`);
  }
  if (field.max !== undefined && value > field.max) {
    throw new InvalidArgumentError(`${flag} must be at most ${field.max}, got ${raw}.`);
  }
  return value;
}

/** The options every configured command has besides its fields. */
const CONFIG_OPTION = 'config';
const PRINT_SCHEMA_OPTION = 'printSchema';
/** Exit code and commander code of `--print-schema` (it ends the run like `--help`). */
const PRINT_SCHEMA_CODE = 'sobolev-distill.printSchema';

/** Each configured command's spec, for `config schema <command>` and the command-table test. */
const SPECS = new WeakMap<Command, ConfigSpec>();

/** The config spec `addConfigOptions` gave this command, if any. */
export function configSpecOf(command: Command): ConfigSpec | undefined {
  return SPECS.get(command);
}

/** `ale bench` for the command `bench` under `ale` (the program's own name left out). */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Adds one commander option per field of `spec`, plus `--config <file.json>` (values for any
 * field; flags win) and `--print-schema` (the JSON Schema of that file).
 */
export function addConfigOptions(command: Command, spec: ConfigSpec): Command {
  SPECS.set(command, spec);
  for (const [key, field] of Object.entries(spec)) {
    const flag = flagName(key);
    if (field.kind === 'bool') {
      command.addOption(new Option(`--${flag}`, field.doc).default(field.default));
      if (field.default) command.addOption(new Option(`--no-${flag}`, `disable --${flag}`));
      continue;
    }
    const placeholder = field.kind === 'path' ? 'path' : field.kind === 'string' ? 'value' : 'n';
    const option = new Option(`--${flag} <${placeholder}>`, field.doc);
    if (field.default !== undefined) option.default(field.default);
    if (field.choices) option.choices(field.choices);
    if (field.kind === 'int' || field.kind === 'float') {
      option.argParser((raw: string) => parseNumber(key, field, raw));
    }
    command.addOption(option);
  }
  command.addOption(
    new Option(
      `--${flagName(CONFIG_OPTION)} <file.json>`,
      'read options from a JSON file (keys as in --print-schema; flags given here win; paths in it are relative to the working folder, as on the command line)',
    ),
  );
  command.addOption(
    new Option(`--${flagName(PRINT_SCHEMA_OPTION)}`, "print the JSON Schema of --config's file and exit"),
  );
  command.on(`option:${flagName(PRINT_SCHEMA_OPTION)}`, () => {
    process.stdout.write(`${JSON.stringify(configSchema(spec, commandPath(command)), null, 2)}\n`);
    throw new CommanderError(0, PRINT_SCHEMA_CODE, '');
  });
  command.hook('preAction', () => {
    const file = command.getOptionValue(CONFIG_OPTION) as string | undefined;
    if (file === undefined) return;
    const values = readConfigFile(file, spec, commandPath(command));
    for (const [key, value] of Object.entries(values)) {
      if (command.getOptionValueSource(key) !== 'cli') command.setOptionValueWithSource(key, value, 'config');
    }
  });
  return command;
}

/** Picks the fields of `spec` out of commander's parsed options. */
export function readConfig<S extends ConfigSpec>(spec: S, options: Record<string, unknown>): ConfigOf<S> {
  const config: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(spec)) {
    config[key] = options[key] ?? field.default;
  }
  return config as ConfigOf<S>;
}

/** One line naming every field, written at the start of a run so logs record what ran. */
export function formatConfig(name: string, config: Record<string, unknown>): string {
  // Unset fields appear as null rather than vanishing, so the line names every field.
  return `${name} config ${JSON.stringify(config, (_key, value: unknown) => (value === undefined ? null : value))}`;
}

const JSON_TYPE: Readonly<Record<FieldKind, string>> = {
  int: 'integer',
  float: 'number',
  string: 'string',
  path: 'string',
  bool: 'boolean',
};

/** Draft-07: the newest draft Ajv's default class validates. */
const SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a command's config file: one property per field (its kind, range, choices,
 * default, and doc as description), no other keys except `$schema` (so editors can find it).
 */
export function configSchema(spec: ConfigSpec, command: string): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    $schema: { type: 'string', description: 'where this file’s schema is (for editors; ignored)' },
  };
  for (const [key, field] of Object.entries(spec)) {
    properties[key] = {
      type: JSON_TYPE[field.kind],
      description: field.doc,
      ...(field.default !== undefined ? { default: field.default } : {}),
      ...(field.choices ? { enum: [...field.choices] } : {}),
      ...(field.min !== undefined ? { minimum: field.min } : {}),
      ...(field.max !== undefined ? { maximum: field.max } : {}),
    };
  }
  return {
    $schema: SCHEMA_DIALECT,
    title: `sobolev-distill ${command} config`,
    description: `Options of \`sobolev-distill ${command}\` as a JSON file for --config; flags given on the command line override it.`,
    type: 'object',
    properties,
    additionalProperties: false,
  };
}

/** A config file that cannot be read, is not JSON, or does not fit its command's schema. */
export class ConfigFileError extends UserError {}

/** One sentence for Ajv's first error, naming the key. */
function describeSchemaError(error: ErrorObject, command: string): string {
  const key = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const named = key ? `"${key}"` : 'the file';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(params.additionalProperty)}" (${command} has no such option)`;
    case 'enum':
      return `${named} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type': {
      const type = String(params.type);
      return `${named} must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
    }
    default:
      return `${named} ${error.message ?? 'is invalid'}`;
  }
}

/**
 * Reads and validates a `--config` file against `spec`'s schema. Throws a one-line
 * ConfigFileError naming the file, the key and the problem.
 */
export function readConfigFile(file: string, spec: ConfigSpec, command: string): Record<string, unknown> {
  const hint = `Run \`sobolev-distill config schema ${command}\` for the keys and their types.`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ConfigFileError(`cannot read config file ${file} (${reason}).`, 'Check the path given to --config.');
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (err) {
    throw new ConfigFileError(`config file ${file} is not valid JSON: ${(err as Error).message.replace(/\s+/g, ' ')}.`);
  }
  const validate = new Ajv({ strict: true, allErrors: false }).compile(configSchema(spec, command));
  if (!validate(values)) {
    const [first] = validate.errors ?? [];
    throw new ConfigFileError(
      `config file ${file}: ${first ? describeSchemaError(first, command) : 'does not fit the schema'}.`,
      hint,
    );
  }
  const { $schema: _ignored, ...fields } = values as Record<string, unknown>;
  return fields;
}
