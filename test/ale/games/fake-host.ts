/**
 * A stand-in for the emulator when testing mode switches: RAM you set, a log
 * of what the game asked for, and an optional rule for how SELECT changes RAM.
 */
import type { GameHost } from '../../../src/ale/games/types.js';

export type HostCall = `select:${number}` | 'softReset' | `act:${number}`;

export class FakeHost implements GameHost {
  readonly ram = new Uint8Array(128);
  readonly calls: HostCall[] = [];
  /** Called once per SELECT press: how the game reacts (e.g. shows the next mode). */
  onSelect: (host: FakeHost) => void = () => {};
  /** Called once per agent step. */
  onAct: (host: FakeHost, action: number) => void = () => {};
  private random = 0;

  constructor(bytes: Readonly<Record<number, number>> = {}) {
    for (const [addr, value] of Object.entries(bytes)) this.writeRam(Number(addr), value);
  }

  readRam(addr: number): number {
    return this.ram[addr & 0x7f] as number;
  }

  writeRam(addr: number, value: number): void {
    this.ram[addr & 0x7f] = value & 0xff;
  }

  peek(address: number): number {
    return address >= 0x80 && address <= 0xff ? this.readRam(address) : 0;
  }

  pressSelect(frames = 1): void {
    this.calls.push(`select:${frames}`);
    this.onSelect(this);
  }

  softReset(): void {
    this.calls.push('softReset');
  }

  act(action: number): number {
    this.calls.push(`act:${action}`);
    this.onAct(this, action);
    return 0;
  }

  nextRandom(): number {
    return this.random++;
  }
}
