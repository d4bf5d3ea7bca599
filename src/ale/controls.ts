/**
 * What the console's input pins see, from ALE's actions: Stella's `Event` table (the pressed keys and
 * paddle resistances ALE sets before each frame), the controllers plugged into the two ports
 * (`Joystick`, `Paddles`), and the console switches (`Switches`).
 *
 * The chips read these levels during the frame; ALE only changes events between frames, so the
 * levels are computed once per frame and handed to the core (`InputLevels`).
 */
import type { CartProperties } from './games/properties.js';

/** Stella `Controller::minimumResistance` / `maximumResistance` (ohms): INPT0–3 read 1 / never charge. */
export const MIN_RESISTANCE = 0x00000000;
export const MAX_RESISTANCE = 0x7fffffff;

/** ALE `ale_state.hpp`: paddle resistance range and the change one LEFT/RIGHT frame makes at strength 1. */
export const PADDLE_MIN = 27450;
export const PADDLE_MAX = 790196;
export const PADDLE_DELTA = 23000;

/** Player-B ids are player-A ids + 18 (ALE `PLAYER_B_NOOP`); RESET is ALE's console-reset pseudo-action. */
export const PLAYER_B_NOOP = 18;
export const RESET = 40;

/** The five joystick contacts an action closes. */
interface Stick {
  readonly up: boolean;
  readonly down: boolean;
  readonly left: boolean;
  readonly right: boolean;
  readonly fire: boolean;
}

function stick(directions: string, fire: boolean): Stick {
  return {
    up: directions.includes('U'),
    down: directions.includes('D'),
    left: directions.includes('L'),
    right: directions.includes('R'),
    fire,
  };
}

/** ALE action id 0–17 → contacts (ALE `Action` enum order). */
const ACTION_STICK: readonly Stick[] = [
  stick('', false), // NOOP
  stick('', true), // FIRE
  stick('U', false), // UP
  stick('R', false), // RIGHT
  stick('L', false), // LEFT
  stick('D', false), // DOWN
  stick('UR', false), // UPRIGHT
  stick('UL', false), // UPLEFT
  stick('DR', false), // DOWNRIGHT
  stick('DL', false), // DOWNLEFT
  stick('U', true), // UPFIRE
  stick('R', true), // RIGHTFIRE
  stick('L', true), // LEFTFIRE
  stick('D', true), // DOWNFIRE
  stick('UR', true), // UPRIGHTFIRE
  stick('UL', true), // UPLEFTFIRE
  stick('DR', true), // DOWNRIGHTFIRE
  stick('DL', true), // DOWNLEFTFIRE
];
const NO_CONTACT = ACTION_STICK[0]!;

/** Contacts of a player's action; RESET and unknown ids close none. */
function contactsOf(action: number, playerOffset: number): Stick {
  return ACTION_STICK[action - playerOffset] ?? NO_CONTACT;
}

type JoystickEvents = { -readonly [K in keyof Stick]: Stick[K] };

/** Sets a joystick's events to the contacts an action closes (every frame: no allocation). */
function closeContacts(events: JoystickEvents, contacts: Stick): void {
  events.up = contacts.up;
  events.down = contacts.down;
  events.left = contacts.left;
  events.right = contacts.right;
  events.fire = contacts.fire;
}

/**
 * Stella's `Event` values ALE touches. They belong to the ALE program (Stella's `OSystem`), not to
 * one cartridge, so they carry over from one `loadROM` to the next, as in ALE.
 */
export class ControllerEvents {
  readonly joystick: readonly JoystickEvents[] = [
    { up: false, down: false, left: false, right: false, fire: false },
    { up: false, down: false, left: false, right: false, fire: false },
  ];
  /** PaddleZero…PaddleThree fire and resistance (Stella clears resistances to 0 at start). */
  readonly paddleFire = [false, false, false, false];
  readonly paddleResistance = [0, 0, 0, 0];
  consoleReset = false;
  consoleSelect = false;
  /** ConsoleLeftDifficultyA/B, ConsoleRightDifficultyA/B: all 0 until ALE first sets them. */
  leftDifficultyA = false;
  leftDifficultyB = false;
  rightDifficultyA = false;
  rightDifficultyB = false;
}

/** The levels the chips read during one frame. */
export interface InputLevels {
  /** SWCHA: the controllers' pins One–Four, left port in bits 4–7, right port in bits 0–3 (1 = open). */
  swcha: number;
  /** SWCHB: console switches (bit 0 RESET, 1 SELECT, 3 colour, 6 left difficulty, 7 right; 0 = pressed / B). */
  swchb: number;
  /** INPT4 / INPT5 bit 7: pin Six of the left / right port (1 = fire not pressed). */
  inpt4: number;
  inpt5: number;
  /** Resistance on INPT0–INPT3 (left port pins Nine, Five; right port pins Nine, Five). */
  readonly resistance: [number, number, number, number];
}

/** Stella `Switches` bits. */
const SWITCH_RESET = 0x01;
const SWITCH_SELECT = 0x02;
const SWITCH_COLOR = 0x08;
const SWITCH_LEFT_DIFFICULTY = 0x40;
const SWITCH_RIGHT_DIFFICULTY = 0x80;
const ALL_SWITCHES_UP = 0xff;
const PIN_HIGH = 0x80;

export interface PaddlePositions {
  readonly leftPaddle: number;
  readonly rightPaddle: number;
}

type ControllerKind = 'joystick' | 'paddles';

interface PortController {
  readonly kind: ControllerKind;
  /** Which jack's events the controller reads (Stella `Controller::Jack`): 0 left, 1 right. */
  readonly jack: 0 | 1;
}

/**
 * The console's inputs for one loaded cartridge: its controllers and switches over the program's
 * events. `applyJoysticks`/`applyPaddles`/`pressSelect` are ALE's `ALEState` methods of those names.
 */
export class ConsoleInputs {
  /** Port 0 (left) and port 1 (right), after `Console.SwapPorts`. */
  private readonly ports: readonly [PortController, PortController];
  private readonly swapPaddles: boolean;
  /** Stella `Switches::mySwitches`: latched from the events each time it is read. */
  private switches: number;
  readonly usesPaddles: boolean;
  private paddleMin = PADDLE_MIN;
  private paddleMax = PADDLE_MAX;
  /** ALE `m_left_paddle` / `m_right_paddle`. */
  leftPaddle = Math.trunc((PADDLE_MAX - PADDLE_MIN) / 2) + PADDLE_MIN;
  rightPaddle = Math.trunc((PADDLE_MAX - PADDLE_MIN) / 2) + PADDLE_MIN;
  private readonly levels: InputLevels = {
    swcha: 0xff,
    swchb: 0xff,
    inpt4: PIN_HIGH,
    inpt5: PIN_HIGH,
    resistance: [MAX_RESISTANCE, MAX_RESISTANCE, MAX_RESISTANCE, MAX_RESISTANCE],
  };

  constructor(
    props: CartProperties,
    private readonly events: ControllerEvents,
  ) {
    const kindOf = (name: string): ControllerKind => (name === 'PADDLES' ? 'paddles' : 'joystick');
    const left: PortController = { kind: kindOf(props.controllerLeft), jack: 0 };
    const right: PortController = { kind: kindOf(props.controllerRight), jack: 1 };
    this.ports = props.swapPorts ? [right, left] : [left, right];
    this.swapPaddles = props.swapPaddles;
    this.usesPaddles = left.kind === 'paddles' || right.kind === 'paddles';
    let switches = ALL_SWITCHES_UP;
    if (props.rightDifficulty === 'B') switches &= ~SWITCH_RIGHT_DIFFICULTY;
    if (props.leftDifficulty === 'B') switches &= ~SWITCH_LEFT_DIFFICULTY;
    if (props.televisionType !== 'COLOR') switches &= ~SWITCH_COLOR;
    this.switches = switches;
  }

  /** ALE `setPaddleLimits`: takes effect at the next paddle update. */
  setPaddleLimits(min: number, max: number): void {
    this.paddleMin = min;
    this.paddleMax = max;
  }

  /** ALE `m_left_paddle`/`m_right_paddle`, for states and re-runs. */
  paddlePositions(): PaddlePositions {
    return { leftPaddle: this.leftPaddle, rightPaddle: this.rightPaddle };
  }

  /**
   * Puts the paddles back where a state had them. Like ALE's `ALEState::load`, the pins follow at
   * the next paddle update (every frame of a paddle game applies one).
   */
  restorePaddlePositions(p: PaddlePositions): void {
    this.leftPaddle = p.leftPaddle;
    this.rightPaddle = p.rightPaddle;
  }

  /** ALE `resetPaddles`: both paddles to the middle of the range. */
  resetPaddles(): void {
    const middle = Math.trunc((this.paddleMin + this.paddleMax) / 2);
    this.setPaddles(middle, middle);
  }

  private setPaddles(left: number, right: number): void {
    this.leftPaddle = left;
    this.rightPaddle = right;
    // ALE's "resistance" is the position itself (ALEState::calcPaddleResistance).
    this.events.paddleResistance[0] = left;
    this.events.paddleResistance[1] = right;
  }

  /** ALE `resetKeys`: release every key, then set the difficulty switches from `difficulty`. */
  private resetKeys(difficulty: number): void {
    const ev = this.events;
    ev.consoleReset = false;
    ev.consoleSelect = false;
    for (const j of ev.joystick) {
      j.up = false;
      j.down = false;
      j.left = false;
      j.right = false;
      j.fire = false;
    }
    ev.paddleFire[0] = false;
    ev.paddleFire[1] = false;
    // Bit 0 of ALE's difficulty: left switch to A; bit 1: right switch to A.
    ev.leftDifficultyA = (difficulty & 1) !== 0;
    ev.leftDifficultyB = !ev.leftDifficultyA;
    ev.rightDifficultyA = (difficulty & 2) !== 0;
    ev.rightDifficultyB = !ev.rightDifficultyA;
  }

  /** ALE `applyActionJoysticks`: player A on joystick 0, player B (ids + 18) on joystick 1. */
  applyJoysticks(playerA: number, playerB: number, difficulty: number): void {
    this.resetKeys(difficulty);
    closeContacts(this.events.joystick[0]!, contactsOf(playerA, 0));
    closeContacts(this.events.joystick[1]!, contactsOf(playerB, PLAYER_B_NOOP));
    if (playerA === RESET || playerB === RESET) this.events.consoleReset = true;
  }

  /**
   * ALE `applyActionPaddles`: RIGHT turns a paddle down by `PADDLE_DELTA × |strength|`, LEFT up,
   * clamped to the range; FIRE presses the paddle's button.
   */
  applyPaddles(playerA: number, strengthA: number, playerB: number, strengthB: number, difficulty: number): void {
    this.resetKeys(difficulty);
    const a = contactsOf(playerA, 0);
    const b = contactsOf(playerB, PLAYER_B_NOOP);
    this.setPaddles(
      this.clampPaddle(this.leftPaddle + paddleDelta(a, strengthA)),
      this.clampPaddle(this.rightPaddle + paddleDelta(b, strengthB)),
    );
    if (playerA === RESET || playerB === RESET) this.events.consoleReset = true;
    if (a.fire) this.events.paddleFire[0] = true;
    if (b.fire) this.events.paddleFire[1] = true;
  }

  private clampPaddle(position: number): number {
    return Math.min(Math.max(position, this.paddleMin), this.paddleMax);
  }

  /** ALE `ALEState::pressSelect`: release every key, then hold SELECT. */
  pressSelect(difficulty: number): void {
    this.resetKeys(difficulty);
    this.events.consoleSelect = true;
  }

  /** The pin levels for the next frame (a reused object: read it before the next call). */
  levelsNow(): InputLevels {
    // Called every frame: indexing, not destructuring, keeps it free of allocations.
    const out = this.levels;
    const p0 = this.ports[0];
    const p1 = this.ports[1];
    out.swcha = (this.portPins(p0) << 4) | this.portPins(p1);
    out.inpt4 = this.pinSix(p0) ? PIN_HIGH : 0;
    out.inpt5 = this.pinSix(p1) ? PIN_HIGH : 0;
    out.resistance[0] = this.analogPin(p0, 'nine');
    out.resistance[1] = this.analogPin(p0, 'five');
    out.resistance[2] = this.analogPin(p1, 'nine');
    out.resistance[3] = this.analogPin(p1, 'five');
    out.swchb = this.readSwitches();
    return out;
  }

  /** Stella `Switches::read`. */
  private readSwitches(): number {
    const ev = this.events;
    let s = this.switches;
    if (ev.rightDifficultyA) s |= SWITCH_RIGHT_DIFFICULTY;
    else if (ev.rightDifficultyB) s &= ~SWITCH_RIGHT_DIFFICULTY;
    if (ev.leftDifficultyA) s |= SWITCH_LEFT_DIFFICULTY;
    else if (ev.leftDifficultyB) s &= ~SWITCH_LEFT_DIFFICULTY;
    s = ev.consoleSelect ? s & ~SWITCH_SELECT : s | SWITCH_SELECT;
    s = ev.consoleReset ? s & ~SWITCH_RESET : s | SWITCH_RESET;
    this.switches = s;
    return s;
  }

  /** Pins One–Four of a port as a nibble: bit 0 pin One … bit 3 pin Four; 1 = open. */
  private portPins(port: PortController): number {
    if (port.kind === 'joystick') {
      const j = this.events.joystick[port.jack]!;
      return (j.up ? 0 : 1) | (j.down ? 0 : 2) | (j.left ? 0 : 4) | (j.right ? 0 : 8);
    }
    // Paddles: pin Three and pin Four carry the two fire buttons; One and Two float high.
    const pinThree = this.events.paddleFire[this.paddleOnPinThreeAndFive(port)] ? 0 : 4;
    const pinFour = this.events.paddleFire[this.paddleOnPinFourAndNine(port)] ? 0 : 8;
    return 1 | 2 | pinThree | pinFour;
  }

  /** Pin Six: the joystick's fire button; paddles leave it floating high. */
  private pinSix(port: PortController): boolean {
    return port.kind === 'joystick' ? !this.events.joystick[port.jack]!.fire : true;
  }

  private analogPin(port: PortController, pin: 'five' | 'nine'): number {
    if (port.kind === 'joystick') return MAX_RESISTANCE;
    const paddle = pin === 'five' ? this.paddleOnPinThreeAndFive(port) : this.paddleOnPinFourAndNine(port);
    return this.events.paddleResistance[paddle]!;
  }

  /**
   * Stella `Paddles`: which paddle (0–3) drives pin Three (fire) and pin Five (resistance). The left jack
   * has paddles 0 and 1, the right jack 2 and 3; pins Four and Nine carry the jack's first paddle, and
   * Three and Five its second, unless `Controller.SwapPaddles` swaps them.
   */
  private paddleOnPinThreeAndFive(port: PortController): number {
    return port.jack * 2 + (this.swapPaddles ? 0 : 1);
  }

  /** Stella `Paddles`: which paddle drives pin Four (fire) and pin Nine (resistance). */
  private paddleOnPinFourAndNine(port: PortController): number {
    return port.jack * 2 + (this.swapPaddles ? 1 : 0);
  }
}

/** ALE: `static_cast<int>(∓PADDLE_DELTA * fabs(strength))` for a RIGHT / LEFT action, else 0. */
function paddleDelta(contacts: Stick, strength: number): number {
  const magnitude = PADDLE_DELTA * Math.abs(Math.fround(strength));
  if (contacts.right) return Math.trunc(-magnitude);
  if (contacts.left) return Math.trunc(magnitude);
  return 0;
}
