// TIA: video, collisions, input latches and audio registers.
import { Clock } from '../clock';
import { SCREEN_HEIGHT, SCREEN_WIDTH } from '../constants';

export class Tia {
  /** ALE's screen buffer: SCREEN_HEIGHT × SCREEN_WIDTH NTSC palette indices. */
  readonly screen: StaticArray<u8> = new StaticArray<u8>(SCREEN_HEIGHT * SCREEN_WIDTH);
  /** Set when the frame ends (ALE: at the end of VSYNC); the console clears it. */
  frameDone: bool = false;

  constructor(private readonly clock: Clock) {}

  reset(): void {
    this.frameDone = false;
  }

  /** Skeleton: registers arrive with the TIA work. */
  read(addr: u16): u8 {
    return 0;
  }

  peek(addr: u16): u8 {
    return 0;
  }

  write(addr: u16, value: u8): void {}
}
