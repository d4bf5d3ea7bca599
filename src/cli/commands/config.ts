/**
 * `sobolev-distill config schema <command…>`: the JSON Schema of a command's `--config` file
 * (the same as `<command> --print-schema`, for commands with required arguments too), and
 * `config commands`: the commands that take a config file.
 */
import type { Command } from 'commander';
import { commandPath, configSchema, configSpecOf } from '../config.js';
import { UserError } from '../errors.js';

/** Every command under `root` that has a config spec, depth first in registration order. */
export function configuredCommands(root: Command): Command[] {
  const out: Command[] = [];
  const walk = (command: Command) => {
    if (configSpecOf(command)) out.push(command);
    for (const sub of command.commands) walk(sub);
  };
  walk(root);
  return out;
}

export function registerConfigCommands(program: Command): Command {
  const config = program.command('config').description('config files: their JSON Schema, per command');
  config
    .command('schema')
    .description("print the JSON Schema of a command's --config file (e.g. `config schema distill`)")
    .argument('<command...>', 'the command, with its parent (e.g. `ale bench`)')
    .action((words: string[]) => {
      const wanted = words.join(' ');
      const commands = configuredCommands(program);
      const command = commands.find((c) => commandPath(c) === wanted);
      const spec = command && configSpecOf(command);
      if (!command || !spec) {
        throw new UserError(
          `No command '${wanted}' takes a config file.`,
          `Choose one of: ${commands.map(commandPath).join(', ')}.`,
        );
      }
      process.stdout.write(`${JSON.stringify(configSchema(spec, wanted), null, 2)}\n`);
    });
  config
    .command('commands')
    .description('list the commands that take --config')
    .action(() => {
      process.stdout.write(`${configuredCommands(program).map(commandPath).join('\n')}\n`);
    });
  return config;
}
