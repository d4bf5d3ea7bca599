/**
 * Trackers of all 104 games: robust on arbitrary RAM, independent per
 * instance, and exactly restorable from `save()`; plus the ALE rules of
 * games without a trace here, on hand-made RAM that shows each rule.
 */
import { describe, expect, it } from 'vitest';
import {
  findGameById,
  GAMES,
  type GameDefinition,
  type MappedMemory,
  MissingCartridgeBusError,
  TrackerStateError,
} from '../../../src/ale/games/index.js';
import { FakeHost } from './fake-host.js';

/** xorshift32: a small deterministic generator for fuzz RAM. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** RAM that mostly keeps its bytes and sometimes changes a few, so scores and flags move. */
function ramSequence(seed: number, frames: number): Uint8Array[] {
  const next = rng(seed);
  const ram = new Uint8Array(128).map(() => next() & 0xff);
  const out: Uint8Array[] = [];
  for (let f = 0; f < frames; f++) {
    const changes = next() % 4;
    for (let c = 0; c < changes; c++) ram[next() % 128] = next() & 0xff;
    out.push(ram.slice());
  }
  return out;
}

/** Cartridge memory for Klax: a fixed pseudo-random image. */
const fakeBus = (seed: number): MappedMemory => {
  const next = rng(seed);
  const bytes = new Uint8Array(0x10000).map(() => next() & 0xff);
  return { peek: (address) => bytes[address & 0xffff] as number };
};

function run(game: GameDefinition, frames: readonly Uint8Array[], bus: MappedMemory) {
  const tracker = game.createTracker();
  return frames.map((ram) => {
    tracker.step(ram, bus);
    return [tracker.reward, tracker.lives, tracker.terminal] as const;
  });
}

describe.each(GAMES.map((g) => [g.id, g] as const))('%s tracker', (_id, game) => {
  const frames = ramSequence(game.id.length * 7919 + 1, 600);
  const bus = fakeBus(17);

  it('gives integer rewards and lives and a boolean game-over flag on any RAM', () => {
    for (const [reward, lives, terminal] of run(game, frames, bus)) {
      expect(Number.isInteger(reward)).toBe(true);
      expect(Number.isInteger(lives)).toBe(true);
      expect(typeof terminal).toBe('boolean');
    }
  });

  it('starts in its reset state, and reset() returns to it', () => {
    const fresh = game.createTracker();
    const before = fresh.save();
    const used = game.createTracker();
    for (const ram of frames.slice(0, 50)) used.step(ram, bus);
    used.reset();
    expect([used.reward, used.lives, used.terminal]).toEqual([fresh.reward, fresh.lives, fresh.terminal]);
    expect(fresh.save()).toEqual(before);
  });

  it('continues identically after save() and load() into another instance', () => {
    const a = game.createTracker();
    for (const ram of frames.slice(0, 300)) a.step(ram, bus);
    const b = game.createTracker();
    // Align the fields ALE does not save (they follow from the last frames).
    for (const ram of frames.slice(298, 300)) b.step(ram, bus);
    b.load(a.save());
    for (const ram of frames.slice(300)) {
      a.step(ram, bus);
      b.step(ram, bus);
      expect([b.reward, b.lives, b.terminal]).toEqual([a.reward, a.lives, a.terminal]);
    }
  });

  it('rejects a saved state of the wrong size', () => {
    const tracker = game.createTracker();
    expect(() => tracker.load(new Uint8Array(tracker.save().length + 4))).toThrow(TrackerStateError);
  });
});

describe('ALE rules of games without a trace here', () => {
  /** A RAM image with the given bytes set ($80–$FF addresses). */
  const ram = (bytes: Record<number, number>) => {
    const out = new Uint8Array(128);
    for (const [addr, value] of Object.entries(bytes)) out[Number(addr) & 0x7f] = value;
    return out;
  };
  const game = (id: string) => {
    const found = findGameById(id);
    if (!found) throw new Error(`no game ${id}`);
    return found;
  };

  it('Klax reads its score from cartridge RAM and refuses to step without the bus', () => {
    const klax = game('klax');
    expect(klax.readsCartridgeRam).toBe(true);
    const tracker = klax.createTracker();
    expect(() => tracker.step(ram({}))).toThrow(MissingCartridgeBusError);
    const cart = new Map([
      [0xf0b4, 0x50],
      [0xf0b5, 0x12],
      [0xf0b6, 0x01],
    ]);
    tracker.step(ram({}), { peek: (a) => cart.get(a) ?? 0 });
    expect(tracker.reward).toBe(11250);
  });

  it('Tetris pays only increases of the line count', () => {
    const tracker = game('tetris').createTracker();
    tracker.step(ram({ 241: 0x12 }));
    expect(tracker.reward).toBe(12);
    tracker.step(ram({ 241: 0x05 }));
    expect(tracker.reward).toBe(0);
    expect(tracker.lives).toBe(0);
  });

  it('Tennis pays a won game before a won point, and ends at 6 games by 2', () => {
    const tracker = game('tennis').createTracker();
    tracker.step(ram({ 197: 1 }));
    expect(tracker.reward).toBe(1);
    tracker.step(ram({ 197: 0, 199: 1 }));
    expect(tracker.reward).toBe(1);
    tracker.step(ram({ 199: 6, 200: 4 }));
    expect(tracker.terminal).toBe(true);
  });

  it('Hangman ends when the game timer wraps from $FF to 0', () => {
    const tracker = game('hangman').createTracker();
    tracker.step(ram({ 241: 0xff }));
    expect(tracker.terminal).toBe(false);
    tracker.step(ram({ 241: 0x00 }));
    expect(tracker.terminal).toBe(true);
    expect(tracker.reward).toBe(0);
  });

  it('Video Checkers pays the other way round in reverse checkers (modes 11–19)', () => {
    const checkers = game('video_checkers');
    const host = new FakeHost({ 246: 17 });
    const tracker = checkers.createTracker();
    checkers.setMode(11, host, tracker);
    // No white pieces left: a win in normal checkers, a loss in reverse checkers.
    tracker.step(ram({ 128: 0x10 }));
    expect([tracker.reward, tracker.terminal]).toEqual([-1, true]);
  });

  it('Skiing pays −1 per centisecond on the clock', () => {
    const tracker = game('skiing').createTracker();
    tracker.step(ram({ 232: 1, 233: 0x00, 234: 0x25 }));
    expect(tracker.reward).toBe(-6025);
  });

  it('E.T. keeps lives in a signed char: $E5 = $FF means none left', () => {
    const tracker = game('et').createTracker();
    tracker.step(ram({ 229: 0xff, 128: 8 }));
    expect(tracker.terminal).toBe(true);
    tracker.step(ram({ 229: 0x7f }));
    expect(tracker.lives).toBe(-128);
  });

  it('Superman pays the time left on the 99:59 clock on reaching the Daily Planet as Clark Kent', () => {
    const tracker = game('superman').createTracker();
    tracker.step(ram({ 128: 0xac, 129: 0xf2, 159: 0x40, 227: 0x01, 226: 0x30 }));
    expect([tracker.reward, tracker.terminal]).toEqual([99 * 60 + 59 - 90, true]);
  });
});
