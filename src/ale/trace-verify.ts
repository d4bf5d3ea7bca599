/**
 * Replays a native-ALE trace on our `ALEInterface` and compares every step: RAM, screen hash,
 * reward, lives, game over and episode frame number. The summary has the keys `ale verify-trace`
 * prints (issue 3); the detail text describes the first mismatching step for a human.
 */
import { bytesToHex } from './hex.js';
import { ALEInterface } from './interface.js';
import { type Trace, type TraceStep, traceScreenHash } from './trace.js';

export type TraceField = 'ram' | 'screen' | 'reward' | 'lives' | 'over' | 'frame';
/** Also reported as a mismatch `field`: the ROM did not load, or the emulator threw while replaying. */
export type FailureField = TraceField | 'load' | 'error';

/** Fields in the order a step's mismatch is reported (the first one names `first_mismatch.field`). */
export const TRACE_FIELDS: readonly TraceField[] = ['ram', 'screen', 'reward', 'lives', 'over', 'frame'];

export interface TraceMismatch {
  readonly t: number;
  readonly field: FailureField;
  readonly expected: string | number | boolean;
  readonly actual: string | number | boolean;
}

/** The JSON object `ale verify-trace` prints last (exact keys from issue 3). */
export interface TraceSummary {
  game: string;
  steps: number;
  matched_steps: number;
  first_mismatch: TraceMismatch | null;
  ram_mismatches: number;
  screen_mismatches: number;
  reward_mismatches: number;
  lives_mismatches: number;
  over_mismatches: number;
}

export interface TraceReport {
  readonly summary: TraceSummary;
  /** Steps whose episode frame number differed (not a key of the summary, but part of matching). */
  readonly frameMismatches: number;
  /** Human-readable description of the first mismatching step; empty when all match. */
  readonly detail: string;
  /** Screens read from frames that had run without pixels (`ALEInterface.lazyScreenReruns`). */
  readonly screenReruns: number;
}

interface Observed {
  readonly ram: Uint8Array;
  /** Undefined at steps whose screen the replay does not read. */
  readonly screen: string | undefined;
  readonly reward: number;
  readonly lives: number;
  readonly over: boolean;
  readonly frame: number;
}

/** The settings a trace was recorded with, applied before loading (FORMAT.md). */
export function applyTraceSettings(ale: ALEInterface, trace: Trace): void {
  ale.setInt('random_seed', trace.header.seed);
  ale.setFloat('repeat_action_probability', trace.header.repeatActionProbability);
  ale.setInt('frame_skip', trace.header.frameSkip);
}

function observe(ale: ALEInterface, reward: number, screenBuffer: Uint8Array, readScreen: boolean): Observed {
  return {
    ram: ale.getRAM(),
    screen: readScreen ? traceScreenHash(ale.getScreen(screenBuffer)) : undefined,
    reward,
    lives: ale.lives(),
    over: ale.gameOver(),
    frame: ale.getEpisodeFrameNumber(),
  };
}

function fieldValues(
  field: TraceField,
  want: TraceStep,
  got: Observed,
): [string | number | boolean, string | number | boolean] {
  switch (field) {
    case 'ram':
      return [bytesToHex(want.ram), bytesToHex(got.ram)];
    case 'screen':
      return [want.screen, got.screen ?? 'not read'];
    case 'reward':
      return [want.r, got.reward];
    case 'lives':
      return [want.lives, got.lives];
    case 'over':
      return [want.over, got.over];
    case 'frame':
      return [want.frame, got.frame];
  }
}

function ramMatches(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return a.length === b.length;
}

function mismatchingFields(want: TraceStep, got: Observed): TraceField[] {
  const out: TraceField[] = [];
  if (!ramMatches(want.ram, got.ram)) out.push('ram');
  if (got.screen !== undefined && want.screen !== got.screen) out.push('screen');
  if (want.r !== got.reward) out.push('reward');
  if (want.lives !== got.lives) out.push('lives');
  if (want.over !== got.over) out.push('over');
  if (want.frame !== got.frame) out.push('frame');
  return out;
}

function describeStep(trace: Trace, t: number, fields: readonly TraceField[], want: TraceStep, got: Observed): string {
  const lines = [
    `first mismatch at step t=${t} (${t === 0 ? 'after loadROM' : `after act(${want.a})`}): ${fields.join(', ')}`,
  ];
  const recent = trace.steps
    .slice(Math.max(1, t - 7), t + 1)
    .map((s) => `${s.t}:${s.a}`)
    .join(' ');
  if (t > 0) lines.push(`  actions before it (t:a): ${recent}`);
  for (const field of fields) {
    if (field === 'ram') {
      const diffs: string[] = [];
      for (let i = 0; i < want.ram.length; i++) {
        if (want.ram[i] !== got.ram[i]) {
          const addr = (0x80 + i).toString(16).toUpperCase();
          diffs.push(`$${addr} expected ${hexByte(want.ram[i]!)} got ${hexByte(got.ram[i]!)}`);
        }
      }
      lines.push(`  ram: ${diffs.length} of ${want.ram.length} bytes differ: ${diffs.join(', ')}`);
    } else {
      const [expected, actual] = fieldValues(field, want, got);
      lines.push(`  ${field}: expected ${expected} got ${actual}`);
    }
  }
  return lines.join('\n');
}

function hexByte(v: number): string {
  return `0x${v.toString(16).padStart(2, '0')}`;
}

function emptySummary(game: string, steps: number): TraceSummary {
  return {
    game,
    steps,
    matched_steps: 0,
    first_mismatch: null,
    ram_mismatches: 0,
    screen_mismatches: 0,
    reward_mismatches: 0,
    lives_mismatches: 0,
    over_mismatches: 0,
  };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Loads `rom` with the trace's settings, replays the recorded actions and compares every step
 * (`steps` counts the trace's step lines, t = 0 included). A load failure or an emulator error is
 * reported as the first mismatch (`field` "load" or "error") with the remaining steps unmatched.
 */
export interface VerifyOptions {
  /** The ROM's name for messages and game lookup (default: the trace header's). */
  readonly romName?: string;
  /**
   * Whether to read (and compare) the screen after step t; default every step. Reading only some
   * screens checks the lazy screens (src/ale/core/lazy-screen.ts): unread frames draw no pixels,
   * read ones must still be exact.
   */
  readonly readsScreen?: (t: number) => boolean;
}

export function verifyTrace(trace: Trace, rom: Uint8Array, options: VerifyOptions = {}): TraceReport {
  const game = trace.header.rom.replace(/\.[^.]*$/, '');
  const summary = emptySummary(game, trace.steps.length);
  let frameMismatches = 0;
  let detail = '';
  const ale = new ALEInterface();
  try {
    applyTraceSettings(ale, trace);
    ale.loadROM(rom, { name: options.romName ?? trace.header.rom });
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    summary.first_mismatch = { t: 0, field: 'load', expected: 'the ROM loads', actual: errorMessage(err) };
    return {
      summary,
      frameMismatches,
      detail: `loading ${trace.header.rom} failed: ${errorMessage(err)}`,
      screenReruns: 0,
    };
  }
  summary.game = ale.game.id;
  const screenBuffer = new Uint8Array(ale.getScreenHeight() * ale.getScreenWidth());
  for (const want of trace.steps) {
    let got: Observed;
    try {
      const reward = want.t === 0 ? 0 : ale.act(want.a);
      got = observe(ale, reward, screenBuffer, options.readsScreen?.(want.t) ?? true);
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      if (!summary.first_mismatch) {
        summary.first_mismatch = { t: want.t, field: 'error', expected: 'no error', actual: errorMessage(err) };
        detail = `the emulator failed at step t=${want.t}: ${errorMessage(err)}`;
      }
      break;
    }
    const fields = mismatchingFields(want, got);
    if (fields.length === 0) {
      summary.matched_steps++;
      continue;
    }
    for (const field of fields) {
      if (field === 'frame') frameMismatches++;
      else summary[`${field}_mismatches`]++;
    }
    if (!summary.first_mismatch) {
      const field = fields[0]!;
      const [expected, actual] = fieldValues(field, want, got);
      summary.first_mismatch = { t: want.t, field, expected, actual };
      detail = describeStep(trace, want.t, fields, want, got);
    }
  }
  return { summary, frameMismatches, detail, screenReruns: ale.lazyScreenReruns() };
}
