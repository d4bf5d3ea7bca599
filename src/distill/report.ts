/**
 * Run reports: `report.json` (config, final metrics, per-evaluation history), `metrics.csv` (the
 * history, one row per record) and `learning-curve.html`, a self-contained page with the learning
 * curves drawn by Vega-Lite as inline SVG (rendered here, so the page needs no script or network).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { OfflineMetrics } from './evaluate/offline.js';
import type { ReturnsResult } from './evaluate/returns.js';
import { writeFileAtomic } from './fs.js';
import type { MetricsRecord } from './train/trainer.js';

export interface DistillReport {
  readonly format: 'sobolev-distill/report';
  readonly version: 1;
  readonly codeVersion: string;
  readonly created: string;
  readonly backend: string;
  readonly invocation: string;
  readonly env: Readonly<Record<string, unknown>>;
  readonly mode: 'offline' | 'online';
  readonly config: unknown;
  readonly online?: unknown;
  readonly dataset: Readonly<Record<string, unknown>>;
  readonly teacher: { readonly provenance: unknown; readonly returns?: ReturnsResult };
  readonly random?: { readonly returns: ReturnsResult };
  readonly student: {
    readonly file?: string;
    readonly checkpointDir: string;
    readonly test?: OfflineMetrics;
    readonly returns: ReturnsResult;
  };
  /** The headline numbers. */
  readonly final: Readonly<Record<string, number | null>>;
  readonly timing: Readonly<Record<string, number>>;
  readonly rounds?: readonly unknown[];
  readonly history: readonly MetricsRecord[];
}

export const REPORT_FILE = 'report.json';
export const METRICS_FILE = 'metrics.csv';
export const PLOT_FILE = 'learning-curve.html';

const CSV_COLUMNS: readonly [string, (r: MetricsRecord) => number | undefined][] = [
  ['step', (r) => r.step],
  ['lr', (r) => r.lr],
  ['sobolev_weight', (r) => r.sobolev_weight],
  ['loss', (r) => r.loss],
  ['kl', (r) => r.kl],
  ['sobolev', (r) => r.sobolev],
  ['grad_norm', (r) => r.grad_norm],
  ['wall_s', (r) => r.wall_s],
  ['samples_seen', (r) => r.samples_seen],
  ['test_kl', (r) => r.test?.kl],
  ['test_agreement', (r) => r.test?.agreement],
  ['test_sobolev_error', (r) => r.test?.sobolev_error],
  ['test_sobolev_relative_error', (r) => r.test?.sobolev_relative_error],
];

export function metricsCsv(history: readonly MetricsRecord[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const r of history) lines.push(CSV_COLUMNS.map(([, get]) => String(get(r) ?? '')).join(','));
  return `${lines.join('\n')}\n`;
}

/** One series of a learning curve: a label and (step, value) points. */
export interface CurveSeries {
  readonly label: string;
  readonly points: readonly { readonly step: number; readonly value: number }[];
}

/** Series of one run's history: train KL, test KL, test agreement, Sobolev term. */
export function historySeries(history: readonly MetricsRecord[], prefix = ''): Record<string, CurveSeries[]> {
  const pick = (label: string, get: (r: MetricsRecord) => number | undefined): CurveSeries => ({
    label: `${prefix}${label}`,
    points: history.flatMap((r) => {
      const v = get(r);
      return v === undefined || !Number.isFinite(v) ? [] : [{ step: r.step, value: v }];
    }),
  });
  return {
    'KL (nats)': [pick('train KL', (r) => r.kl), pick('test KL', (r) => r.test?.kl)],
    'top-1 action agreement (test)': [pick('agreement', (r) => r.test?.agreement)],
    'Sobolev relative error (test)': [pick('Sobolev rel. error', (r) => r.test?.sobolev_relative_error)],
  };
}

const PANEL_WIDTH = 420;
const PANEL_HEIGHT = 220;

/** Renders panels of curves to SVG strings with Vega-Lite (log scale for the KL panel). */
export async function renderCurves(panels: Record<string, CurveSeries[]>): Promise<string[]> {
  const svgs: string[] = [];
  for (const [title, series] of Object.entries(panels)) {
    const values = series.flatMap((s) => s.points.map((p) => ({ step: p.step, value: p.value, series: s.label })));
    if (values.length === 0) continue;
    const logScale = title.startsWith('KL') && values.every((v) => v.value > 0);
    const spec: TopLevelSpec = {
      title,
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'training step' },
        y: { field: 'value', type: 'quantitative', title: null, scale: logScale ? { type: 'log' } : { zero: false } },
        color: { field: 'series', type: 'nominal', title: null },
      },
    };
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    svgs.push(await view.toSVG());
    view.finalize();
  }
  return svgs;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A self-contained HTML page: a title, a summary table, and the panels as inline SVG. */
export async function curvesPage(
  title: string,
  summary: readonly (readonly [string, string])[],
  panels: Record<string, CurveSeries[]>,
): Promise<string> {
  const svgs = await renderCurves(panels);
  const rows = summary.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1em}th,td{text-align:left;padding:2px 12px 2px 0}th{font-weight:normal;color:#555}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<table>${rows}</table>
${svgs.map((s) => `<div>${s}</div>`).join('\n')}
</body></html>
`;
}

const fmt = (v: number | null | undefined, digits = 4) =>
  v === undefined || v === null ? '—' : Number.isInteger(v) ? String(v) : v.toPrecision(digits);

export async function writeReport(dir: string, report: DistillReport): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(join(dir, METRICS_FILE), metricsCsv(report.history));
  const f = report.final;
  const summary: [string, string][] = [
    ['environment', `${String(report.env.id)} (${String(report.env.preset)})`],
    [
      'loss',
      report.config && (report.config as { sobolev: string }).sobolev !== 'none'
        ? `KL + Sobolev (${(report.config as { sobolev: string }).sobolev})`
        : 'KL',
    ],
    ['test KL (nats)', fmt(f.test_kl)],
    ['action agreement', fmt(f.action_agreement)],
    ['student mean return', fmt(f.mean_return)],
    ['teacher mean return', fmt(f.teacher_mean_return)],
    [
      'student / teacher return',
      typeof f.return_ratio_ci95_low === 'number'
        ? `${fmt(f.return_ratio, 3)} (95% CI ${fmt(f.return_ratio_ci95_low, 3)} to ${fmt(f.return_ratio_ci95_high, 3)})`
        : fmt(f.return_ratio, 3),
    ],
    ['random mean return', fmt(f.random_mean_return)],
    ['backend', report.backend],
  ];
  const page = await curvesPage('Sobolev distillation: learning curves', summary, historySeries(report.history));
  await writeFileAtomic(join(dir, PLOT_FILE), page);
}
