/** Mode switches: the SELECT presses, agent steps and resets ALE's `setMode` performs. */
import { describe, expect, it } from 'vitest';
import { Action } from '../../../src/ale/actions.js';
import {
  findGameById,
  type GameDefinition,
  ModeSelectError,
  UnsupportedModeError,
} from '../../../src/ale/games/index.js';
import { MAX_SELECT_PRESSES } from '../../../src/ale/games/modes.js';
import { FakeHost } from './fake-host.js';

function game(id: string): GameDefinition {
  const found = findGameById(id);
  if (!found) throw new Error(`no game ${id}`);
  return found;
}

/** SELECT steps the byte at `addr` through `values` in order, wrapping. */
function cycles(addr: number, values: readonly number[]) {
  return (host: FakeHost) => {
    const i = values.indexOf(host.readRam(addr));
    host.writeRam(addr, values[(i + 1) % values.length] as number);
  };
}

describe('mode selection', () => {
  it('presses SELECT (held as ALE holds it) until the mode byte shows the mode, then soft-resets', () => {
    const pong = game('pong');
    const host = new FakeHost({ 150: 0 });
    host.onSelect = cycles(0x96, [0, 1]);
    pong.setMode(1, host, pong.createTracker());
    expect(host.calls).toEqual(['select:2', 'softReset']);
    expect(host.readRam(0x96)).toBe(1);
  });

  it('still soft-resets when the game is already in the mode', () => {
    const host = new FakeHost({ 220: 0 });
    const invaders = game('space_invaders');
    invaders.setMode(0, host, invaders.createTracker());
    expect(host.calls).toEqual(['softReset']);
  });

  it('does nothing for single-mode games (ALE’s base setMode)', () => {
    const host = new FakeHost();
    const seaquest = game('seaquest');
    seaquest.setMode(0, host, seaquest.createTracker());
    expect(host.calls).toEqual([]);
  });

  it('runs the preparation ALE does first (Air Raid, Berzerk, Gopher, Pooyan)', () => {
    const airRaid = new FakeHost({ 170: 1 });
    game('air_raid').setMode(1, airRaid, game('air_raid').createTracker());
    expect(airRaid.calls).toEqual(['select:20', 'softReset']);

    const berzerk = new FakeHost({ 128: 1 });
    game('berzerk').setMode(1, berzerk, game('berzerk').createTracker());
    expect(berzerk.calls).toEqual([...Array(20).fill(`act:${Action.NOOP}`), 'softReset']);

    const gopher = new FakeHost({ 211: 0 });
    gopher.onSelect = cycles(0xd3, [0, 2]);
    game('gopher').setMode(2, gopher, game('gopher').createTracker());
    expect(gopher.calls).toEqual(['softReset', 'select:5', 'softReset']);

    const pooyan = new FakeHost({ 189: 0x0a });
    game('pooyan').setMode(0x0a, pooyan, game('pooyan').createTracker());
    expect(pooyan.calls).toEqual(['select:2', 'softReset']);
  });

  it('maps ALE modes to the numbers games show (Frogger 1+2m, King Kong 2m, Crossbow m+1)', () => {
    const frogger = new FakeHost({ 221: 5 });
    game('frogger').setMode(2, frogger, game('frogger').createTracker());
    expect(frogger.calls).toEqual(['softReset']);
    const kong = new FakeHost({ 236: 6 });
    game('king_kong').setMode(3, kong, game('king_kong').createTracker());
    expect(kong.calls).toEqual(['softReset']);
    const crossbow = new FakeHost({ 141: 5 });
    game('crossbow').setMode(4, crossbow, game('crossbow').createTracker());
    expect(crossbow.calls).toEqual(['softReset']);
  });

  it("holds SELECT a random 2–257 frames per press in Adventure, then takes a NOOP step (ALE's level-3 shuffle)", () => {
    const host = new FakeHost({ 221: 0 });
    // Level in bits 1–2 of $DD.
    host.onSelect = (h) => h.writeRam(0xdd, ((((h.readRam(0xdd) >> 1) & 3) + 1) % 3) << 1);
    game('adventure').setMode(2, host, game('adventure').createTracker());
    expect(host.calls).toEqual(['select:2', `act:${Action.NOOP}`, 'select:3', `act:${Action.NOOP}`, 'softReset']);
  });

  it('walks the Double Dunk options menu and repeats the starting action', () => {
    const host = new FakeHost({ 176: 0, 128: 0x3c });
    const optionBit = [0, 0, 0x08, 0x10, 0x04, 0x20];
    host.onAct = (h, action) => {
      const bit = optionBit[h.readRam(0xb0)] ?? 0;
      if (action === Action.DOWN) h.writeRam(0xb0, h.readRam(0xb0) + 1);
      if (action === Action.RIGHT) h.writeRam(0x80, h.readRam(0x80) | bit);
      if (action === Action.LEFT) h.writeRam(0x80, h.readRam(0x80) & ~bit);
    };
    // Mode 5 = 3-point shots (bit 0) and the 3-second rule (bit 2) on, the others off.
    game('double_dunk').setMode(5, host, game('double_dunk').createTracker());
    expect(host.readRam(0x80)).toBe(0x08 | 0x04);
    expect(host.calls.slice(-3)).toEqual(['softReset', `act:${Action.UPFIRE}`, `act:${Action.NOOP}`]);
  });

  it('chooses the Video Cube variation with SELECT and the cube with RIGHT after the reset', () => {
    const host = new FakeHost({ 251: 0xe0, 159: 0x01 });
    host.onSelect = (h) => h.writeRam(0xfb, (h.readRam(0xfb) & 0xe0) | ((h.readRam(0xfb) + 1) & 0x1f));
    host.onAct = (h, action) => {
      if (action === Action.RIGHT) h.writeRam(0x9f, h.readRam(0x9f) + 1);
    };
    // Mode 302: cube 3, variation index 2 = game 9 ($FB low bits 8).
    game('video_cube').setMode(302, host, game('video_cube').createTracker());
    expect(host.readRam(0xfb) & 0x1f).toBe(8);
    expect(host.readRam(0x9f)).toBe(3);
    expect(host.calls.filter((c) => c === 'softReset')).toHaveLength(1);
    expect(host.calls.at(-1)).toBe(`act:${Action.RIGHT}`);
  });

  it('notes a Demon Attack mode change so the next frame is not taken for game over', () => {
    const demon = game('demon_attack');
    const tracker = demon.createTracker();
    demon.setMode(1, new FakeHost({ 234: 1 }), tracker);
    const gameOverLooking = new Uint8Array(128);
    gameOverLooking[0xf1 & 0x7f] = 0xbd;
    tracker.step(gameOverLooking);
    expect(tracker.terminal).toBe(false);
    tracker.step(gameOverLooking);
    expect(tracker.terminal).toBe(true);
  });

  it('rejects a mode the game does not list', () => {
    const pong = game('pong');
    expect(() => pong.setMode(7, new FakeHost(), pong.createTracker())).toThrow(UnsupportedModeError);
    expect(() => pong.setMode(7, new FakeHost(), pong.createTracker())).toThrow(/choose one of its modes: 0, 1/);
  });

  it('gives up with ModeSelectError instead of hanging when SELECT has no effect', () => {
    const host = new FakeHost({ 220: 0 });
    const invaders = game('space_invaders');
    expect(() => invaders.setMode(3, host, invaders.createTracker())).toThrow(ModeSelectError);
    expect(host.calls).toHaveLength(MAX_SELECT_PRESSES);
  });

  it('gives up on E.T. after 100 presses, as ALE does', () => {
    const host = new FakeHost({ 234: 1 });
    const et = game('et');
    expect(() => et.setMode(2, host, et.createTracker())).toThrow(ModeSelectError);
    expect(host.calls).toEqual(Array(100).fill('select:25'));
  });

  it("refuses another game's tracker", () => {
    expect(() => game('pong').setMode(0, new FakeHost(), game('breakout').createTracker())).toThrow(TypeError);
  });
});
