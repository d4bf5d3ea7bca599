/**
 * Game trackers as data: a record of numbered fields (ALE's `RomSettings`
 * members), the values `reset()` restores, and a `step` that updates them
 * from one frame's RAM. Saving and loading come for free from the record.
 */

import { MissingCartridgeBusError, TrackerStateError } from './errors.js';
import { bcd, byte } from './ram.js';
import type { GameTracker, MappedMemory, Ram } from './types.js';

/** Fields every tracker has: the last frame's reward and the game-over flag. */
export interface BaseState {
  reward: number;
  terminal: boolean;
  [field: string]: number | boolean;
}

export interface TrackerSpec<S extends BaseState> {
  /** Values after `reset()`; also fixes the field order of saved states. */
  readonly initial: Readonly<S>;
  /** Updates `s` from the frame's RAM (ALE's `step`). */
  step(ram: Ram, s: S, bus?: MappedMemory): void;
  /** ALE's `lives()` for state `s`. */
  lives(s: Readonly<S>): number;
  /** `step` reads cartridge RAM through `bus` (Klax). */
  readonly readsCartridgeRam?: boolean;
  /**
   * Fields ALE's `saveState` leaves out: `load` keeps their live values, as
   * ALE's `restoreState` does (e.g. Hangman's timer history).
   */
  readonly notSaved?: readonly string[];
}

/** Field types of a state record written as a literal: `0` → number, `false` → boolean. */
export type Widen<T> = { -readonly [K in keyof T]: T[K] extends boolean ? boolean : number };

/**
 * A game-specific tracker: `initial` lists the fields with their reset
 * values, `step` updates them from a frame, `lives` is ALE's `lives()`.
 */
export function customTracker<T extends { readonly reward: number; readonly terminal: boolean }>(spec: {
  readonly initial: T;
  step(ram: Ram, s: Widen<T>, bus?: MappedMemory): void;
  lives(s: Readonly<Widen<T>>): number;
  readonly readsCartridgeRam?: boolean;
  readonly notSaved?: readonly (keyof T & string)[];
}): TrackerSpec<Widen<T> & BaseState> {
  return spec as unknown as TrackerSpec<Widen<T> & BaseState>;
}

/** Bytes per saved field: ALE keeps these members as C `int`/`bool`. */
const FIELD_BYTES = 4;

/** One tracker instance: the state record of a `TrackerSpec`. */
export class RecordTracker<S extends BaseState> implements GameTracker {
  /** Live state; game mode switches that note the mode write here. */
  readonly state: S;
  /** Fields `save` writes, in order. */
  private readonly fields: readonly string[];

  constructor(
    readonly game: string,
    private readonly spec: TrackerSpec<S>,
  ) {
    this.state = { ...spec.initial };
    const notSaved = new Set(spec.notSaved ?? []);
    this.fields = Object.keys(spec.initial).filter((field) => !notSaved.has(field));
  }

  reset(): void {
    Object.assign(this.state, this.spec.initial);
  }

  step(ram: Ram, bus?: MappedMemory): void {
    if (this.spec.readsCartridgeRam && bus === undefined) throw new MissingCartridgeBusError(this.game);
    this.spec.step(ram, this.state, bus);
  }

  get reward(): number {
    return this.state.reward;
  }

  get terminal(): boolean {
    return this.state.terminal;
  }

  get lives(): number {
    return this.spec.lives(this.state);
  }

  save(): Uint8Array {
    const out = new Uint8Array(this.fields.length * FIELD_BYTES);
    const view = new DataView(out.buffer);
    this.fields.forEach((field, i) => {
      view.setInt32(i * FIELD_BYTES, Number(this.state[field]), true);
    });
    return out;
  }

  load(saved: Uint8Array): void {
    const expected = this.fields.length * FIELD_BYTES;
    if (saved.length !== expected) {
      throw new TrackerStateError(
        `${this.game}: saved tracker state has ${saved.length} bytes, expected ${expected}; ` +
          'restore a state saved from the same game.',
      );
    }
    const view = new DataView(saved.buffer, saved.byteOffset, saved.byteLength);
    const state = this.state as Record<string, number | boolean>;
    this.fields.forEach((field, i) => {
      const value = view.getInt32(i * FIELD_BYTES, true);
      state[field] = typeof this.spec.initial[field] === 'boolean' ? value !== 0 : value;
    });
  }
}

// ---------------------------------------------------------------------------
// Lives: what ALE's `lives()` reports.

/**
 * How a game reports lives. `counter`: read from RAM every frame and reported
 * as 0 once the game is over (`whenOver: 'zero'`, ALE's usual rule) or as
 * read (`'kept'`: Alien, Chopper Command). `constant`: ALE always reports this
 * number (0 for games without lives). `playing`: ALE's default rule, 1 while
 * playing and 0 when over.
 */
export type LivesRule =
  | {
      readonly kind: 'counter';
      readonly read: (ram: Ram) => number;
      readonly start: number;
      readonly whenOver: 'zero' | 'kept';
    }
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'playing' };

/** Lives read from RAM each frame, reported as 0 once the game is over. */
export function livesFrom(read: (ram: Ram) => number, start: number): LivesRule {
  return { kind: 'counter', read, start, whenOver: 'zero' };
}

/** Lives read from RAM each frame and reported as read, even after game over. */
export function livesFromKept(read: (ram: Ram) => number, start: number): LivesRule {
  return { kind: 'counter', read, start, whenOver: 'kept' };
}

/** ALE reports 0 lives throughout (games without a lives counter). */
export const NO_LIVES: LivesRule = { kind: 'constant', value: 0 };
/** ALE's default `lives()`: 1 while playing, 0 when over. */
export const PLAYING: LivesRule = { kind: 'playing' };

/** ALE's usual `lives()`: the counter, or 0 once over. */
export function livesOrZero(s: Readonly<{ terminal: boolean; lives: number }>): number {
  return s.terminal ? 0 : s.lives;
}

/** ALE's default `lives()` for trackers without a counter. */
export function playingLives(s: Readonly<{ terminal: boolean }>): number {
  return s.terminal ? 0 : 1;
}

// ---------------------------------------------------------------------------
// The common shape: reward = change of an on-screen score.

export interface ScoreRules {
  /** The score as ALE reads it from RAM. */
  score(ram: Ram): number;
  /** Whether this frame's RAM shows the game over. */
  terminal(ram: Ram): boolean;
  /** Reward from the score change; default: the change itself. */
  reward?(delta: number): number;
  /** Lives rule; default `PLAYING` (ALE's base `lives()`). */
  lives?: LivesRule;
  /** Score `reset()` assumes (Pitfall starts at 2000). */
  startScore?: number;
  /**
   * On the frame the game ends, give reward 0 and keep the old score, because
   * the game writes garbage over the score then (Atlantis, Atlantis II).
   */
  ignoreScoreWhenOver?: boolean;
  /** ALE's `saveState` leaves the lives counter out (Atlantis II). */
  livesNotSaved?: boolean;
}

export interface ScoreState extends BaseState {
  score: number;
  lives: number;
}

/** Tracker for games whose reward is the change of one score, with pure-RAM terminal and lives. */
export function scoreTracker(rules: ScoreRules): TrackerSpec<ScoreState> {
  const lives = rules.lives ?? PLAYING;
  const readLives = lives.kind === 'counter' ? lives.read : undefined;
  const rewardOf = rules.reward;
  const ignoreWhenOver = rules.ignoreScoreWhenOver === true;
  return {
    initial: {
      reward: 0,
      terminal: false,
      score: rules.startScore ?? 0,
      lives: lives.kind === 'counter' ? lives.start : 0,
    },
    step(ram, s) {
      s.terminal = rules.terminal(ram);
      if (readLives) s.lives = readLives(ram);
      if (ignoreWhenOver && s.terminal) {
        s.reward = 0;
        return;
      }
      const score = rules.score(ram);
      const delta = score - s.score;
      s.reward = rewardOf ? rewardOf(delta) : delta;
      s.score = score;
    },
    lives: livesReporter(lives),
    ...(rules.livesNotSaved ? { notSaved: ['lives'] } : {}),
  };
}

function livesReporter(rule: LivesRule): (s: Readonly<ScoreState>) => number {
  switch (rule.kind) {
    case 'counter':
      return rule.whenOver === 'zero' ? livesOrZero : (s) => s.lives;
    case 'constant':
      return () => rule.value;
    case 'playing':
      return playingLives;
  }
}

// ---------------------------------------------------------------------------
// Reward shapes shared by several games.

/**
 * The score counter rolls over at `modulus`: a negative change means it
 * wrapped, so add `modulus` back (Space Invaders 10,000; Galaxian 1,000,000).
 */
export function wrapAt(modulus: number): (delta: number) => number {
  return (delta) => (delta < 0 ? delta + modulus : delta);
}

/** Negative changes (score resets on screen) give no reward (Centipede, Crazy Climber). */
export function nonNegative(delta: number): number {
  return Math.max(delta, 0);
}

// ---------------------------------------------------------------------------
// Score readers shared by many games.

/** Packed-BCD score, least significant byte first, times `scale` (the digits the game never stores). */
export function bcdScore(lower: number, middle?: number, higher?: number, scale = 1): (ram: Ram) => number {
  return (ram) => bcd(ram, lower, middle, higher) * scale;
}

/** Terminal when the byte at `addr` equals `value`. */
export function byteIs(addr: number, value: number): (ram: Ram) => boolean {
  return (ram) => byte(ram, addr) === value;
}
