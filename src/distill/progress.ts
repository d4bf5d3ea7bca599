/**
 * Progress bars for long jobs (collection, training, evaluation), drawn by cli-progress on stderr.
 * They are off when stderr is not a terminal or when output must stay machine-readable (--json):
 * then `bar` returns a reporter that does nothing.
 */
import cliProgress from 'cli-progress';

export interface ProgressBar {
  update(value: number, total?: number, status?: string): void;
  stop(): void;
}

const SILENT: ProgressBar = { update: () => undefined, stop: () => undefined };

export class Progress {
  readonly enabled: boolean;

  constructor(options: { json?: boolean; stream?: NodeJS.WriteStream } = {}) {
    const stream = options.stream ?? process.stderr;
    this.enabled = !options.json && stream.isTTY === true;
  }

  /** A bar labelled `label` for `total` units. */
  bar(label: string, total: number): ProgressBar {
    if (!this.enabled) return SILENT;
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(12)} {bar} {percentage}% | {value}/{total} | ETA {eta_formatted} {status}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { status: '' });
    return {
      update: (value, newTotal, status) => {
        if (newTotal !== undefined && newTotal !== total) bar.setTotal(newTotal);
        bar.update(value, { status: status ?? '' });
      },
      stop: () => bar.stop(),
    };
  }
}
