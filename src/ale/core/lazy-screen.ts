// Lazy screens: a frame whose screen will probably not be read runs without drawing pixels, from a
// checkpoint. If its screen is read after all, the frame is run again from the checkpoint with
// pixels on; the emulation is deterministic, so RAM, collisions and timing are the same both times
// and the screen is the one an eager run would have drawn. Pixels are most of a frame's cost in
// games with busy screens, and many callers never read most screens (frame groups, RAM agents).
//
// Stella double-buffers: a frame that ends above the display window's end keeps, below its end,
// the pixels its buffer got two frames earlier. When that earlier frame also skipped drawing, it is
// run again from its own checkpoint first, so such short frames are exact too (the checkpoints of
// the last CHECKPOINT_RING frames are kept). A short frame over undrawn pixels is drawn at once, so
// a run of short frames never needs more than one frame back.
import { Console } from './console';
import { ReadPredictor } from './read-predictor';
import { StateReader, StateWriter } from './state';
import { FRAME_PARTIAL } from './tia/tia';

/** Every frame that may be read draws its pixels (the behaviour without lazy screens). */
export const SCREEN_EAGER: i32 = 0;
/** Frames draw pixels unless the read pattern says their screen will not be read. */
export const SCREEN_ADAPTIVE: i32 = 1;
/** No frame draws until its screen is read (a reset's no-op frames), and the pattern is not updated. */
export const SCREEN_LAZY: i32 = 2;

/** Frame N's buffer was last drawn by frame N − 2, so three checkpoints cover the frames involved. */
const CHECKPOINT_RING: i32 = 3;
const BUFFER_REUSE_DISTANCE: i64 = 2;

export class LazyScreen {
  policy: i32 = SCREEN_EAGER;
  /** Frames run a second time because their screen was read (for benchmarks and tests). */
  reruns: i32 = 0;
  /** Reruns of frame N − 2 to fill the lines a short frame does not reach (tests check this path runs). */
  holeRepairs: i32 = 0;
  private readonly predictor: ReadPredictor = new ReadPredictor();
  private readonly buffers: StaticArray<StaticArray<u8>> = new StaticArray<StaticArray<u8>>(CHECKPOINT_RING);
  private readonly writers: StaticArray<StateWriter> = new StaticArray<StateWriter>(CHECKPOINT_RING);
  private readonly readers: StaticArray<StateReader> = new StaticArray<StateReader>(CHECKPOINT_RING);
  private readonly lengths: StaticArray<i32> = new StaticArray<i32>(CHECKPOINT_RING);
  /** The frame each slot's checkpoint starts; -1: the slot holds nothing usable. */
  private readonly slotFrame: StaticArray<i64> = new StaticArray<i64>(CHECKPOINT_RING);
  /** Whether the slot's frame started on a buffer holding undrawn pixels (restored before its rerun). */
  private readonly slotBufferWasStale: StaticArray<bool> = new StaticArray<bool>(CHECKPOINT_RING);
  /** Frames started since the last invalidate (the current or last frame's number). */
  private frame: i64 = 0;
  /** The last frame ran without pixels and nobody has read its screen yet. */
  private owed: bool = false;
  /** The caller said the next frame's screen will not be read (`hintNextFrameUnread`). */
  private unreadHint: bool = false;
  /** The screen of the last frame was read; `lastAdaptive`: that frame belongs to the read pattern. */
  private screenRead: bool = false;
  private lastAdaptive: bool = false;

  constructor(readonly machine: Console, checkpointBytes: i32) {
    for (let i = 0; i < CHECKPOINT_RING; i++) {
      const buffer = new StaticArray<u8>(checkpointBytes);
      unchecked((this.buffers[i] = buffer));
      unchecked((this.writers[i] = new StateWriter(buffer)));
      unchecked((this.readers[i] = new StateReader(buffer)));
      unchecked((this.slotFrame[i] = -1));
    }
  }

  /**
   * Forgets the checkpoints and any owed screen: the machine was reset or restored, so they belong to
   * another history. `keepPattern`: the caller's read pattern still applies (a reset, not a new ROM).
   */
  invalidate(keepPattern: bool): void {
    for (let i = 0; i < CHECKPOINT_RING; i++) unchecked((this.slotFrame[i] = -1));
    this.owed = false;
    this.unreadHint = false;
    this.lastAdaptive = false;
    if (!keepPattern) this.predictor.clear();
  }

  /** One frame (Console.runFrame), drawn now or owed. */
  runFrame(): i32 {
    const machine = this.machine;
    const tia = machine.tia;
    this.owed = false;
    if (tia.partialFrame) return machine.runFrame();
    this.frame++;
    const slot = <i32>(this.frame % CHECKPOINT_RING);
    unchecked((this.slotFrame[slot] = -1));
    // Frames run with drawing off (format detection, core users of setRendering) are no part of the pattern.
    if (!tia.renderEnabled || this.policy == SCREEN_EAGER) return machine.runFrame();
    let lazy = true;
    if (this.unreadHint) {
      // A declared unread frame is no part of the pattern; the frame before it is, and is over.
      this.unreadHint = false;
      if (this.lastAdaptive) this.predictor.record(this.screenRead);
      this.lastAdaptive = false;
    } else if (this.policy == SCREEN_ADAPTIVE) {
      if (this.lastAdaptive) this.predictor.record(this.screenRead);
      this.lastAdaptive = true;
      lazy = this.predictor.expectUnread();
    } else {
      this.lastAdaptive = false;
    }
    this.screenRead = false;
    if (!lazy) return tia.nextBufferStale ? this.runDrawnOverStaleBuffer(slot) : machine.runFrame();
    if (!this.checkpoint(slot)) return machine.runFrame();
    tia.renderEnabled = false;
    const result = machine.runFrame();
    tia.renderEnabled = true;
    this.owed = true;
    unchecked((this.slotBufferWasStale[slot] = tia.bufferStaleAtFrameStart));
    if (result == FRAME_PARTIAL) {
      // The frame goes on in the next call, which draws; this part must be drawn before it.
      this.redrawOwed();
      unchecked((this.slotFrame[slot] = -1));
    } else if (!tia.lastFrameReachedWindowEnd && tia.bufferStaleAtFrameStart) {
      // Its lower lines must show frame N − 2, which did not draw either. Drawn now, while N − 2's
      // checkpoint is kept: then below the end of any short frame left owed lie drawn pixels, and
      // redrawing that one frame N − 2 is always enough (short frames in a row need no chain).
      this.redrawOwed();
    }
    return result;
  }

  /**
   * A frame that draws, into a buffer whose last frame did not: if it ends short, the lines it does
   * not reach must show that earlier frame, which is then run again with pixels, and this one after it.
   */
  private runDrawnOverStaleBuffer(slot: i32): i32 {
    const machine = this.machine;
    const tia = machine.tia;
    if (!this.checkpoint(slot)) return machine.runFrame();
    const buffer = tia.frameBufferIndex ^ 1;
    // Cleared so that the frame's own bookkeeping does not count a short end as inexact yet.
    tia.setBufferStale(buffer, false);
    const result = machine.runFrame();
    unchecked((this.slotBufferWasStale[slot] = true));
    if (result == FRAME_PARTIAL) {
      tia.setBufferStale(buffer, true);
      unchecked((this.slotFrame[slot] = -1));
    } else if (!tia.lastFrameReachedWindowEnd) {
      if (this.repairHole()) {
        if (!this.restore(slot)) abort('lazy screen: the core could not reload its own frame checkpoint');
        machine.runFrame();
      } else {
        tia.setBufferStale(buffer, true);
        tia.inexactScreens++;
      }
    }
    return result;
  }

  /** Runs frame N − 2 again with pixels, if its checkpoint is kept; N is the current frame. */
  private repairHole(): bool {
    const older = this.frame - BUFFER_REUSE_DISTANCE;
    const olderSlot = <i32>(older % CHECKPOINT_RING);
    if (older <= 0 || unchecked(this.slotFrame[olderSlot]) != older || !this.restore(olderSlot)) return false;
    // Frame N − 2 draws into the buffer frame N uses; what that buffer held before N − 2 is still there.
    const tia = this.machine.tia;
    tia.setBufferStale(tia.frameBufferIndex ^ 1, unchecked(this.slotBufferWasStale[olderSlot]));
    this.machine.runFrame();
    this.holeRepairs++;
    return true;
  }

  private checkpoint(slot: i32): bool {
    const writer = unchecked(this.writers[slot]);
    writer.begin();
    this.machine.saveFrameCheckpoint(writer);
    if (writer.overflow) return false;
    unchecked((this.lengths[slot] = writer.pos));
    unchecked((this.slotFrame[slot] = this.frame));
    return true;
  }

  /**
   * The caller will not read the next frame's screen (a frame inside an env's own frame-skip loop):
   * it runs without pixels whatever the pattern says, and stays out of the pattern. Reading it anyway
   * is still exact (it is run again).
   */
  hintNextFrameUnread(): void {
    if (this.policy != SCREEN_EAGER) this.unreadHint = true;
  }

  /** Called before the screen is read: draws the last frame if it ran without pixels. */
  settle(): void {
    this.screenRead = true;
    if (!this.owed) return;
    this.redrawOwed();
    this.reruns++;
  }

  /**
   * Runs the owed frame again, from its checkpoint, with pixels. No frame has run since it ended, so
   * the TIA still tells where it ended and which buffer it used.
   */
  private redrawOwed(): void {
    this.owed = false;
    const machine = this.machine;
    const tia = machine.tia;
    const slot = <i32>(this.frame % CHECKPOINT_RING);
    const bufferWasStale = unchecked(this.slotBufferWasStale[slot]);
    if (!tia.lastFrameReachedWindowEnd && bufferWasStale) {
      // The lines this frame does not reach show frame N − 2, which did not draw either.
      this.repairHole();
    } else {
      // The skipped run marked the buffer undrawn; what it held before that run is still there.
      tia.setBufferStale(tia.frameBufferIndex, bufferWasStale);
    }
    if (!this.restore(slot)) abort('lazy screen: the core could not reload its own frame checkpoint');
    machine.runFrame();
  }

  private restore(slot: i32): bool {
    const reader = unchecked(this.readers[slot]);
    reader.begin(unchecked(this.lengths[slot]));
    this.machine.loadFrameCheckpoint(reader);
    return reader.finishedCleanly();
  }
}
