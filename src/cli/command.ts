/**
 * `defineCommand`: one place that turns a typed config and a handler into a subcommand. It adds
 * the config's options (with `--config` and `--print-schema`, see config.ts), resolves the config
 * (flags over file over defaults), logs it on stderr at the start of a run (not with `--json`,
 * whose stdout is one final line) and turns the toolkit's input errors into one-line UserErrors.
 */
import type { Command } from 'commander';
import { addConfigOptions, type ConfigOf, type ConfigSpec, commandPath, formatConfig, readConfig } from './config.js';
import { asUserErrors } from './errors.js';

export interface CommandDefinition<S extends ConfigSpec> {
  readonly name: string;
  readonly description: string;
  readonly config: S;
  /** Positional arguments: [`<name>` or `[name]`, description]. */
  readonly arguments?: readonly (readonly [string, string])[];
  /**
   * Whether the resolved config is logged at the start (default true). Quick queries that print
   * one answer (lists, identification) leave it off.
   */
  readonly logConfig?: boolean;
  run(config: ConfigOf<S>, args: readonly string[]): Promise<void> | void;
}

/** Where the start-of-run config line goes: stderr, so stdout stays the command's result. */
export function logConfigLine(
  name: string,
  config: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): void {
  process.stderr.write(`${formatConfig(name, { ...extra, ...config })}\n`);
}

export function defineCommand<S extends ConfigSpec>(parent: Command, definition: CommandDefinition<S>): Command {
  const command = parent.command(definition.name).description(definition.description);
  for (const [name, description] of definition.arguments ?? []) command.argument(name, description);
  addConfigOptions(command, definition.config);
  command.action(async (...params: unknown[]) => {
    // commander passes the positional arguments, then the options object, then the command.
    const args = params.slice(0, -2) as string[];
    const config = readConfig(definition.config, command.opts());
    const quiet = (config as Record<string, unknown>).json === true;
    if (definition.logConfig !== false && !quiet) {
      const named = (definition.arguments ?? []).map(([name], i) => [name.replace(/[<>[\].]/g, ''), args[i]]);
      logConfigLine(commandPath(command), config, Object.fromEntries(named));
    }
    await asUserErrors(() => definition.run(config, args));
  });
  return command;
}
