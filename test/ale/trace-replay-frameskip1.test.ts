import { describe } from 'vitest';
import { describeRoms, describeShared } from '../helpers/shared.js';
import { replayEveryTrace } from './trace-replay.js';

// Native ALE 0.12.1, random_seed=7, no sticky actions, frame_skip=1 (../shared/ale-traces/FORMAT.md).
describeShared('native-ALE traces', () => {
  describeRoms('frameskip1', () => {
    describe('replay', () => replayEveryTrace('frameskip1'));
  });
});
