/**
 * `sobolev-distill demo`: the first run of a new user, on the embedded game (no ROM needed). Collects
 * teacher data, distills a KL student and a KL+Sobolev student from it, evaluates both, the teacher
 * and a random policy, prints a table and writes report.json, learning-curves.html and a GIF per
 * policy to --out (src/demo/demo.ts). About 10 minutes on 2 cores; --quick about 2.
 */
import type { Command } from 'commander';
import { defineCommand } from '../command.js';
import { type ConfigOf, type ConfigSpec, flag, int, path } from '../config.js';
import { BACKEND_FIELD, DEFAULT_ENV, JSON_FIELD, teacherPath } from './distill-shared.js';

export const DEMO_CONFIG = {
  quick: flag(false, 'a smaller run (about 2 minutes on 2 cores instead of 10): fewer samples, updates and games'),
  out: path('folder for report.json, learning-curves.html, the GIFs and the runs', 'checkpoints/demo'),
  teacher: path("teacher file (default: the embedded game's teachers/catcher.teacher)"),
  seed: int(0, 'seed of everything (collection, training, evaluation, GIFs)', { min: 0 }),
  backend: BACKEND_FIELD,
  json: JSON_FIELD,
} as const satisfies ConfigSpec;

export function registerDemoCommand(program: Command): Command {
  return defineCommand(program, {
    name: 'demo',
    description: 'distill the embedded game’s teacher with KL and with KL+Sobolev; report, plot and GIFs',
    config: DEMO_CONFIG,
    run: runDemoCommand,
  });
}

async function runDemoCommand(config: ConfigOf<typeof DEMO_CONFIG>): Promise<void> {
  const [{ runDemo, demoTable }, { Progress }] = await Promise.all([
    import('../../demo/demo.js'),
    import('../../distill/progress.js'),
  ]);
  const progress = new Progress({ json: config.json });
  let current: { phase: string; bar: ReturnType<typeof progress.bar> } | undefined;
  const log = (line: string) => {
    if (config.json) return;
    current?.bar.stop();
    current = undefined;
    process.stdout.write(`${line}\n`);
  };
  try {
    const report = await runDemo({
      out: config.out,
      scale: config.quick ? 'quick' : 'full',
      envId: DEFAULT_ENV,
      teacherPath: teacherPath(config.teacher),
      seed: config.seed,
      backend: config.backend ?? 'wasm',
      hooks: {
        log,
        progress: (phase, done, total) => {
          if (current?.phase !== phase) {
            current?.bar.stop();
            current = { phase, bar: progress.bar(phase, total) };
          }
          current.bar.update(done, total);
        },
      },
    });
    current?.bar.stop();
    current = undefined;
    if (!config.json) {
      process.stdout.write(`\n${demoTable(report)}\n\n`);
      process.stdout.write(
        `wrote ${config.out}/report.json, ${report.learning_curves}, GIFs ${[report.teacher.gif, report.students.kl.gif, report.students.sobolev.gif, report.random.gif].join(', ')} in ${report.timing.wall_s.toFixed(0)} s\n`,
      );
    }
    const headline = (r: { mean_return: number; std_return: number }) => ({
      mean_return: r.mean_return,
      std_return: r.std_return,
    });
    process.stdout.write(
      `${JSON.stringify({
        out: config.out,
        teacher: headline(report.teacher),
        random: headline(report.random),
        students: Object.fromEntries(
          Object.entries(report.students).map(([k, s]) => [
            k,
            { ...headline(s), test_kl: s.test_kl, action_agreement: s.action_agreement },
          ]),
        ),
        wall_s: report.timing.wall_s,
      })}\n`,
    );
  } finally {
    current?.bar.stop();
  }
}
