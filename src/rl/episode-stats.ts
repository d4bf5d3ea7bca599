/**
 * Episode bookkeeping over a vector env with next-step autoreset: returns and lengths of each
 * sub-env's episodes, skipping the autoreset steps (which report reward 0 and no action).
 *
 * Two kinds of episode are counted. A learner episode ends on every terminated/truncated flag (with
 * EpisodicLife that is every lost life). A game ends on truncation, or on termination with no lives
 * left (`info.lives` 0): the full game a person would score, summed over its lives. Rewards are
 * those the vector env reports (after any ClipReward).
 */

export interface FinishedEpisode {
  readonly env: number;
  readonly return: number;
  readonly length: number;
}

export class EpisodeStats {
  readonly episodes: FinishedEpisode[] = [];
  readonly games: FinishedEpisode[] = [];
  private readonly episodeReturn: Float64Array;
  private readonly episodeLength: Int32Array;
  private readonly gameReturn: Float64Array;
  private readonly gameLength: Int32Array;
  /** Sub-envs whose last step ended an episode, so their next step is an autoreset. */
  private readonly resetting: Uint8Array;

  constructor(readonly numEnvs: number) {
    this.episodeReturn = new Float64Array(numEnvs);
    this.episodeLength = new Int32Array(numEnvs);
    this.gameReturn = new Float64Array(numEnvs);
    this.gameLength = new Int32Array(numEnvs);
    this.resetting = new Uint8Array(numEnvs);
  }

  /** Whether sub-env i's next step is an autoreset (its action will be ignored). */
  isResetting(i: number): boolean {
    return this.resetting[i] === 1;
  }

  /** Records one vector step's results. */
  record(
    rewards: ArrayLike<number>,
    terminated: ArrayLike<number>,
    truncated: ArrayLike<number>,
    lives: ArrayLike<number>,
  ): void {
    for (let i = 0; i < this.numEnvs; i++) {
      if (this.resetting[i]) {
        this.resetting[i] = 0;
        continue;
      }
      this.episodeReturn[i]! += rewards[i]!;
      this.episodeLength[i]! += 1;
      this.gameReturn[i]! += rewards[i]!;
      this.gameLength[i]! += 1;
      if (!terminated[i] && !truncated[i]) continue;
      this.resetting[i] = 1;
      this.episodes.push({ env: i, return: this.episodeReturn[i]!, length: this.episodeLength[i]! });
      this.episodeReturn[i] = 0;
      this.episodeLength[i] = 0;
      if (truncated[i] || lives[i] === 0) {
        this.games.push({ env: i, return: this.gameReturn[i]!, length: this.gameLength[i]! });
        this.gameReturn[i] = 0;
        this.gameLength[i] = 0;
      }
    }
  }

  /** Removes and returns the episodes and games finished since the last call. */
  drain(): { episodes: FinishedEpisode[]; games: FinishedEpisode[] } {
    return { episodes: this.episodes.splice(0), games: this.games.splice(0) };
  }
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Population standard deviation (numpy's default, as RL papers report). */
export function std(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
}
