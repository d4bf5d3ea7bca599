/**
 * Typed command configs. Each command declares one config: a table of fields,
 * each with a doc string, a default and a parser. Commander options, the
 * start-of-run log line and validation are all generated from that table, so
 * a flag can never drift from the config it fills.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';

export type FieldKind = 'int' | 'float' | 'string' | 'bool' | 'path';

interface FieldBase<T> {
  /** Shown in `--help`; say what the field means, not its type. */
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

type ValueOf<F extends Field> = F extends BoolField ? boolean : F extends IntField | FloatField ? number : F['default'];

export type ConfigOf<S extends ConfigSpec> = { -readonly [K in keyof S]: ValueOf<S[K]> };

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

/** Adds one commander option per field of `spec`. */
export function addConfigOptions(command: Command, spec: ConfigSpec): Command {
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
  return `${name} config ${JSON.stringify(config)}`;
}
