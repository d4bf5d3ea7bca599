/**
 * A digest of segments as collected (ids, frames, actions, rewards), to prove that a replay rebuilt
 * the same episodes as the record it replayed.
 */
import { createHash } from 'node:crypto';
import type { Segment } from './types.js';

export function segmentsDigest(segments: readonly Segment[]): string {
  const hash = createHash('sha256');
  const header = new Int32Array(6);
  for (const s of segments) {
    header.set([s.episode, s.part, s.env, s.offset, s.history, s.length]);
    hash.update(new Uint8Array(header.buffer));
    hash.update(s.end);
    hash.update(s.frames);
    hash.update(new Uint8Array(s.actions.buffer, s.actions.byteOffset, s.actions.byteLength));
    hash.update(s.actors);
    hash.update(new Uint8Array(s.rewards.buffer, s.rewards.byteOffset, s.rewards.byteLength));
  }
  return hash.digest('hex');
}
