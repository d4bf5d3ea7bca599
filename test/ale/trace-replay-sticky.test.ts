import { describe } from 'vitest';
import { describeRoms, describeShared } from '../helpers/shared.js';
import { replayEveryTrace } from './trace-replay.js';

// Native ALE 0.12.1, random_seed=123, repeat_action_probability=0.25, frame_skip=4: sticky actions
// drawn from ALE's mt19937 (../shared/ale-traces/FORMAT.md).
describeShared('native-ALE traces', () => {
  describeRoms('sticky', () => {
    describe('replay', () => replayEveryTrace('sticky'));
  });
});
