/**
 * The paper experiment's write-up: `results.md` (settings, teacher table, student tables, findings
 * stated from the numbers) and its plot, drawn by Vega-Lite as SVG (the renderer of the run reports).
 */
import { basename, dirname, relative } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { GameResult, MeanStd, PaperResult, SummaryRow } from './experiment.js';

/** The command at the scale the issue describes (every game, 1k–100k samples, 3 seeds). */
export const FULL_SCALE_COMMAND =
  'sobolev-distill experiment paper --games pong,breakout,spaceinvaders --sizes 1000,5000,20000,100000 --seeds 3 --steps 20000 --episodes 10 --teacher-episodes 20';

const LOSS_LABEL: Readonly<Record<SummaryRow['loss'], string>> = {
  kl: 'KL',
  'kl+sobolev': 'KL + Sobolev (vjp, k=1)',
};

const PANEL_WIDTH = 260;
const PANEL_HEIGHT = 200;
/** Pixels a legend label may take before Vega-Lite truncates it (its default, 160, cuts the Sobolev label). */
const LEGEND_LABEL_LIMIT = 300;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const pm = (m: MeanStd, digits: number) =>
  Number.isFinite(m.mean) ? `${fixed(m.mean, digits)} ± ${fixed(m.std, digits)}` : '—';

interface PlotPoint {
  readonly game: string;
  readonly size: number;
  readonly loss: string;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

function panel(title: string, values: readonly PlotPoint[], reference?: number): TopLevelSpec {
  const x = { field: 'size', type: 'quantitative', title: 'training samples', scale: { type: 'log' } } as const;
  const color = { field: 'loss', type: 'nominal', title: null } as const;
  const y = {
    field: 'mean',
    type: 'quantitative',
    title,
    scale: { zero: false },
  } as const;
  const layers: unknown[] = [
    { mark: { type: 'line', point: true }, encoding: { x, y, color } },
    {
      mark: { type: 'rule' },
      encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
    },
  ];
  if (reference !== undefined && Number.isFinite(reference)) {
    layers.push({
      data: { values: [{ teacher: reference }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: '#555' },
      encoding: { y: { field: 'teacher', type: 'quantitative' } },
    });
  }
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    data: { values: values as PlotPoint[] },
    layer: layers,
  } as unknown as TopLevelSpec;
}

function points(g: GameResult, pick: (r: SummaryRow) => MeanStd): PlotPoint[] {
  return g.summary
    .map((r) => {
      const m = pick(r);
      return {
        game: g.game,
        size: r.size,
        loss: LOSS_LABEL[r.loss],
        mean: m.mean,
        lo: m.mean - m.std,
        hi: m.mean + m.std,
      };
    })
    .filter((p) => Number.isFinite(p.mean));
}

/** One row of panels per game: test KL, action agreement, mean return (teacher dashed). */
export async function renderPaperPlot(result: PaperResult): Promise<string | undefined> {
  if (result.games.length === 0) return undefined;
  const rows = result.games.map((g) => {
    return {
      title: `${g.env} (${g.runs.length} students)`,
      hconcat: [
        panel(
          'test KL (nats)',
          points(g, (r) => r.test_kl),
        ),
        panel(
          'action agreement (test)',
          points(g, (r) => r.agreement),
          1,
        ),
        panel(
          'mean return (greedy)',
          points(g, (r) => r.mean_return),
          g.teacher_returns.mean_return,
        ),
      ],
    };
  });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Students vs training-set size (mean ± std over seeds; dashed: teacher)',
    vconcat: rows,
    config: { font: 'sans-serif', legend: { labelLimit: LEGEND_LABEL_LIMIT } },
  } as unknown as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Sentences comparing the two losses per game and size, each with its numbers. */
export function findings(g: GameResult): string[] {
  const lines: string[] = [];
  const sizes = [...new Set(g.summary.map((r) => r.size))];
  for (const size of sizes) {
    const kl = g.summary.find((r) => r.size === size && r.loss === 'kl');
    const sob = g.summary.find((r) => r.size === size && r.loss === 'kl+sobolev');
    if (!kl || !sob) continue;
    const compare = (name: string, a: MeanStd, b: MeanStd, lowerIsBetter: boolean, digits: number) => {
      const diff = b.mean - a.mean;
      const spread = Math.hypot(a.std, b.std);
      const better = lowerIsBetter ? diff < 0 : diff > 0;
      const verdict =
        a.n < 2 || b.n < 2
          ? better
            ? 'Sobolev better, one seed: no spread to judge it by'
            : 'Sobolev not better, one seed: no spread to judge it by'
          : Math.abs(diff) <= spread
            ? 'within the spread over seeds'
            : better
              ? 'Sobolev better, beyond the spread over seeds'
              : 'Sobolev worse, beyond the spread over seeds';
      return `${name} ${fixed(a.mean, digits)} → ${fixed(b.mean, digits)} — ${verdict}`;
    };
    lines.push(
      `${g.env}, ${size} samples: ` +
        [
          compare('test KL', kl.test_kl, sob.test_kl, true, 4),
          compare('agreement', kl.agreement, sob.agreement, false, 3),
          compare('Sobolev relative error', kl.sobolev_relative_error, sob.sobolev_relative_error, true, 4),
          compare('return', kl.mean_return, sob.mean_return, false, 2),
        ].join('; ') +
        ` (KL only → KL + Sobolev, mean of ${kl.test_kl.n} seed${kl.test_kl.n === 1 ? '' : 's'}).`,
    );
  }
  return lines;
}

export interface MarkdownOptions {
  readonly markdownPath: string;
  readonly jsonPath: string;
  readonly plotFile?: string | undefined;
  readonly notes?: string;
}

function teacherTable(result: PaperResult): string[] {
  if (result.teachers.length === 0) return [];
  const lines = [
    '## Teachers in our emulator',
    '',
    'Each teacher loaded from its safetensors file and played by `sobolev-distill` in our emulator under `<Game>-v4` semantics (frameskip drawn from {2, 3, 4}, no sticky actions, minimal action set), baby-a3c preprocessing, GRU state zeroed at each episode start, episodes cut at 10,000 steps. Mean ± std (population) over episodes; native-ALE figures from `../shared/teachers/README.md` (10 episodes each).',
    '',
    '| game | greedy (ours) | sampled (ours) | greedy (native ALE) | sampled (native ALE) | episodes per rule | mean steps greedy / sampled | wall time greedy / sampled |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const t of result.teachers) {
    lines.push(
      `| ${t.env} | ${fixed(t.greedy.mean_return, 2)} ± ${fixed(t.greedy.std_return, 2)} | ${fixed(t.sample.mean_return, 2)} ± ${fixed(t.sample.std_return, 2)} | ${t.native_ale.greedy[0]} ± ${t.native_ale.greedy[1]} | ${t.native_ale.sample[0]} ± ${t.native_ale.sample[1]} | ${t.greedy.episodes} / ${t.sample.episodes} | ${fixed(t.greedy.mean_episode_steps, 0)} / ${fixed(t.sample.mean_episode_steps, 0)} | ${fixed(t.greedy.wall_s, 0)} s / ${fixed(t.sample.wall_s, 0)} s |`,
    );
  }
  lines.push('');
  return lines;
}

function gameSection(g: GameResult, result: PaperResult): string[] {
  const s = result.settings;
  const lines = [
    `### ${g.env}`,
    '',
    `Data: a training pool of ${g.data.pool_samples} samples (${g.data.pool_episodes} episodes or episode parts) and a test set of ${g.data.test_samples} samples (${g.data.test_episodes} episodes or parts) from other episodes, both collected by the teacher acting \`${s.collectPolicy.mode}\` in ${s.collectEnvs} envs (${fixed(g.data.collect_s, 0)} s). Student: ${g.student.parameters.toLocaleString('en-US')} parameters; teacher: ${g.teacher.parameters.toLocaleString('en-US')}.`,
    '',
    `| training samples (episodes) | loss | test KL (nats) | action agreement | Sobolev rel. error | mean return (${s.evalPolicy.mode}) |`,
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of g.summary) {
    const episodes = g.runs.find((x) => x.size === r.size)?.train_episodes;
    lines.push(
      `| ${r.size} (${episodes}) | ${LOSS_LABEL[r.loss]} | ${pm(r.test_kl, 4)} | ${pm(r.agreement, 3)} | ${pm(r.sobolev_relative_error, 4)} | ${pm(r.mean_return, 2)} |`,
    );
  }
  const t = g.teacher_returns;
  lines.push(
    `| — | teacher | 0 | 1 | 0 | ${fixed(t.mean_return, 2)} ± ${fixed(t.std_return, 2)} (${plural(t.episodes, 'episode')}) |`,
  );
  const init = g.runs.map((r) => r.init_test.kl);
  const initMean = init.reduce((a, b) => a + b, 0) / Math.max(1, init.length);
  lines.push(
    '',
    `Untrained students: test KL ${fixed(initMean, 4)} nats on average. Mean ± std over seeds (n − 1); each student's return is the mean of ${plural(s.episodes, 'episode')}. Training wall time: ${fixed(
      g.runs.filter((r) => r.loss === 'kl').reduce((a, r) => a + r.train_s, 0),
      0,
    )} s for the KL students, ${fixed(
      g.runs.filter((r) => r.loss === 'kl+sobolev').reduce((a, r) => a + r.train_s, 0),
      0,
    )} s for the KL + Sobolev students (same updates; the Sobolev step also back-propagates the teacher and the student's input gradient).`,
    '',
  );
  return lines;
}

export function renderPaperMarkdown(result: PaperResult, options: MarkdownOptions): string {
  const s = result.settings;
  const m = result.machine;
  const here = dirname(options.markdownPath);
  const link = (p: string) => relative(here, p) || basename(p);
  const minutes = (sec: number) => `${(sec / 60).toFixed(1)} min`;
  const lines: string[] = [
    '# Sobolev distillation of Atari agents: results',
    '',
    `Produced by \`sobolev-distill experiment paper\` (code ${result.codeVersion}) on ${result.created.slice(0, 10)}. Reproduce with:`,
    '',
    '```sh',
    result.invocation,
    '```',
    '',
    `Wall time ${minutes(result.wall_s)} on ${m.cpu} (${m.cores} cores visible, shared with other jobs; ${m.memory_gib} GiB, ${m.platform}, Node ${m.node}); TensorFlow.js backend \`${result.backend}\`. Raw numbers: [${basename(options.jsonPath)}](${link(options.jsonPath)}).`,
    '',
    '## What was run',
    '',
    `- Games: ${result.games.map((g) => g.env).join(', ') || 'none (teachers only)'}; teachers: greydanus/baby-a3c's published agents (conv-GRU, one 80×80 frame per step), from \`${s.teacherDir}\`.`,
    `- Data: per game, teacher-driven datasets of ${s.sizes.join(', ')} samples (nested: each is the start of one collection), and a test set of ${s.testSamples} samples from other episodes (split by episode).`,
    `- Students: a feed-forward CNN smaller than the teacher (conv 8×8/4 16, conv 4×4/2 32, dense 256, ReLU) on the last ${4} preprocessed frames; the Sobolev term matches the input gradient on the newest frame, the teacher's input, with its GRU state held at the recorded one.`,
    `- Budget, the same for both losses: ${s.train.steps} updates of ${s.train.batchSize} samples, Adam lr ${s.train.lr}, ${s.train.warmup}-step warmup then cosine decay; KL(teacher‖student). Sobolev: \`vjp\` (the paper's stochastic form), k = 1, λ = ${s.train.sobolevWeight}.`,
    `- Seeds: ${s.seeds} (from ${s.seed}); every seed trains on the same data. Returns: ${plural(s.episodes, 'episode')} per student, acting \`${s.evalPolicy.mode}\`, under the teacher's env protocol.`,
    `- Full scale (the issue's sizes, all games): \`${FULL_SCALE_COMMAND}\`.`,
    '',
    ...teacherTable(result),
  ];
  if (result.games.length > 0) {
    lines.push('## Students', '');
    if (options.plotFile) lines.push(`![students vs training-set size](${link(options.plotFile)})`, '');
    for (const g of result.games) lines.push(...gameSection(g, result));
    lines.push('## Findings (stated from the numbers above)', '');
    for (const g of result.games) for (const f of findings(g)) lines.push(`- ${f}`);
    lines.push('');
  }
  if (options.notes) lines.push('## Discussion', '', options.notes.trim(), '');
  return `${lines.join('\n')}\n`;
}
