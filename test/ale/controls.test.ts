import { describe, expect, it } from 'vitest';
import {
  ConsoleInputs,
  ControllerEvents,
  MAX_RESISTANCE,
  PADDLE_DELTA,
  PADDLE_MAX,
  PADDLE_MIN,
  PLAYER_B_NOOP,
  RESET,
} from '../../src/ale/controls.js';
import { cartPropertiesForMd5, DEFAULT_CART_PROPERTIES } from '../../src/ale/games/properties.js';

const joystickProps = { ...DEFAULT_CART_PROPERTIES, md5: '0'.repeat(32), inDatabase: false };
const paddleProps = (swapPaddles: boolean) => ({ ...joystickProps, controllerLeft: 'PADDLES', swapPaddles });

// Action ids (ALE Action enum).
const NOOP = 0;
const FIRE = 1;
const UP = 2;
const RIGHT = 3;
const LEFT = 4;
const DOWNLEFTFIRE = 17;

describe('ConsoleInputs (Stella Joystick, Paddles, Switches; ALE ALEState)', () => {
  it('drives the left joystick from player A on SWCHA bits 4–7 and INPT4 (active low)', () => {
    const inputs = new ConsoleInputs(joystickProps, new ControllerEvents());
    inputs.applyJoysticks(NOOP, PLAYER_B_NOOP, 0);
    expect(inputs.levelsNow()).toMatchObject({ swcha: 0xff, inpt4: 0x80, inpt5: 0x80 });
    inputs.applyJoysticks(UP, PLAYER_B_NOOP, 0);
    expect(inputs.levelsNow().swcha).toBe(0xef); // pin One (up) = bit 4
    inputs.applyJoysticks(RIGHT, PLAYER_B_NOOP, 0);
    expect(inputs.levelsNow().swcha).toBe(0x7f); // pin Four (right) = bit 7
    inputs.applyJoysticks(DOWNLEFTFIRE, PLAYER_B_NOOP, 0);
    const levels = inputs.levelsNow();
    expect(levels.swcha).toBe(0x9f); // down (bit 5) and left (bit 6)
    expect(levels.inpt4).toBe(0);
    expect(levels.resistance).toEqual([MAX_RESISTANCE, MAX_RESISTANCE, MAX_RESISTANCE, MAX_RESISTANCE]);
    // Player B (ids + 18) is the right joystick: bits 0–3 and INPT5.
    inputs.applyJoysticks(NOOP, PLAYER_B_NOOP + LEFT, 0);
    expect(inputs.levelsNow().swcha).toBe(0xfb);
    inputs.applyJoysticks(NOOP, PLAYER_B_NOOP + FIRE, 0);
    expect(inputs.levelsNow().inpt5).toBe(0);
  });

  it('sets SWCHB from the switches: RESET, SELECT, difficulty bits from ALE, colour from the cartridge', () => {
    const inputs = new ConsoleInputs(joystickProps, new ControllerEvents());
    // Before ALE touches them: B/B difficulty and colour from the properties (Stella's 0xFF less B bits).
    expect(inputs.levelsNow().swchb).toBe(0x3f);
    inputs.applyJoysticks(RESET, PLAYER_B_NOOP, 0);
    expect(inputs.levelsNow().swchb).toBe(0x3e);
    inputs.pressSelect(3);
    expect(inputs.levelsNow().swchb).toBe(0xff & ~0x02);
    inputs.applyJoysticks(NOOP, PLAYER_B_NOOP, 1);
    expect(inputs.levelsNow().swchb).toBe(0x7f); // left difficulty A = bit 6
    const bw = new ConsoleInputs({ ...joystickProps, televisionType: 'BLACKANDWHITE' }, new ControllerEvents());
    expect(bw.levelsNow().swchb).toBe(0x37);
  });

  it('swaps the ports for Console.SwapPorts', () => {
    const inputs = new ConsoleInputs({ ...joystickProps, swapPorts: true }, new ControllerEvents());
    inputs.applyJoysticks(UP, PLAYER_B_NOOP, 0);
    expect(inputs.levelsNow().swcha).toBe(0xfe);
  });

  it('moves paddle 0 by PADDLE_DELTA × strength per frame, clamped, and reads it on INPT0', () => {
    const inputs = new ConsoleInputs(paddleProps(false), new ControllerEvents());
    inputs.setPaddleLimits(PADDLE_MIN, PADDLE_MAX);
    inputs.resetPaddles();
    const middle = Math.trunc((PADDLE_MIN + PADDLE_MAX) / 2);
    expect(inputs.levelsNow().resistance[0]).toBe(middle);
    inputs.applyPaddles(RIGHT, 1, PLAYER_B_NOOP, 0, 0);
    expect(inputs.levelsNow().resistance[0]).toBe(middle - PADDLE_DELTA);
    inputs.applyPaddles(LEFT, 0.5, PLAYER_B_NOOP, 0, 0);
    expect(inputs.levelsNow().resistance[0]).toBe(middle - PADDLE_DELTA + PADDLE_DELTA / 2);
    for (let i = 0; i < 100; i++) inputs.applyPaddles(LEFT, 1, PLAYER_B_NOOP, 0, 0);
    expect(inputs.levelsNow().resistance[0]).toBe(PADDLE_MAX);
    // Paddle 0's button is pin Four of the left port: SWCHA bit 7; INPT4 floats high.
    inputs.applyPaddles(FIRE, 1, PLAYER_B_NOOP, 0, 0);
    expect(inputs.levelsNow()).toMatchObject({ swcha: 0x7f, inpt4: 0x80 });
    // The right port is a joystick: its pots never charge.
    expect(inputs.levelsNow().resistance.slice(2)).toEqual([MAX_RESISTANCE, MAX_RESISTANCE]);
  });

  it('swaps the paddles of a jack for Controller.SwapPaddles (Pong)', () => {
    const pong = cartPropertiesForMd5('60e0ea3cbe0913d39803477945e9e5ec');
    expect(pong.swapPaddles).toBe(true);
    const inputs = new ConsoleInputs(pong, new ControllerEvents());
    inputs.resetPaddles();
    inputs.applyPaddles(FIRE, 1, PLAYER_B_NOOP, 0, 0);
    const levels = inputs.levelsNow();
    expect(levels.swcha).toBe(0xbf); // paddle 0's button on pin Three: bit 6
    expect(levels.resistance[1]).toBe(inputs.leftPaddle); // paddle 0's pot on pin Five: INPT1
  });

  it('keeps events across consoles, as Stella keeps them in the OSystem', () => {
    const events = new ControllerEvents();
    const first = new ConsoleInputs(joystickProps, events);
    first.applyJoysticks(UP, PLAYER_B_NOOP, 0);
    const second = new ConsoleInputs(joystickProps, events);
    expect(second.levelsNow().swcha).toBe(0xef);
  });
});
