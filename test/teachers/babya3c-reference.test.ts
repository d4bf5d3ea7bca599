/**
 * The three baby-a3c teachers of ../shared/teachers against babya3c_*_reference: logits, values and
 * hidden states over the 16-step rollout from hx = 0, the VJP and JVP of log π at every step (with
 * the previous state held fixed), and the full Jacobian at t = 0.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { loadTeacher } from '../../src/teachers/load.js';
import { selectBackend } from '../../src/tf/index.js';
import { describeShared, sharedPath } from '../helpers/shared.js';
import {
  fixtureTensor,
  GRADIENT_RTOL,
  readFixture,
  relativeL2,
  take,
  values,
  worstExcess,
} from '../models/fixtures.js';

const GAMES = [
  { game: 'pong', actions: 6 },
  { game: 'breakout', actions: 4 },
  { game: 'spaceinvaders', actions: 6 },
] as const;

describeShared('baby-a3c teachers reproduce babya3c_*_reference', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  for (const { game, actions } of GAMES) {
    it(`${game}: rollout, VJP, JVP and Jacobian`, async () => {
      const ref = readFixture('fixtures', `babya3c_${game}_reference.safetensors`);
      const teacher = await loadTeacher(sharedPath('teachers', `babya3c_${game}_v4.safetensors`));
      expect(teacher.numActions).toBe(actions);
      expect(teacher.preset).toBe('baby-a3c');
      expect(teacher.inputScale).toBe(1);
      expect(teacher.provenance.licence).toBe('MIT License');

      const x = fixtureTensor(ref, 'x') as tf.Tensor4D;
      const u = fixtureTensor(ref, 'u') as tf.Tensor4D;
      const v = fixtureTensor(ref, 'v') as tf.Tensor2D;
      const steps = x.shape[0];
      const logits: number[] = [];
      const value: number[] = [];
      const hidden: number[] = [];
      const vjp: number[] = [];
      const jvp: number[] = [];
      let state = teacher.initialState(1)!;
      for (let t = 0; t < steps; t++) {
        const frame = tf.slice(x, [t, 0, 0, 0], [1, -1, -1, -1]);
        const out = teacher.logits(frame, state);
        logits.push(...take(out.logits));
        value.push(...take(out.value!));
        vjp.push(...take(teacher.logitGradients(frame, tf.slice(v, [t, 0], [1, -1]), state)));
        jvp.push(...take(teacher.directionalDerivatives(frame, tf.slice(u, [t, 0, 0, 0], [1, -1, -1, -1]), state)));
        hidden.push(...out.state!.dataSync());
        state.dispose();
        state = out.state!;
        frame.dispose();
      }
      state.dispose();
      expect(worstExcess(logits, values(ref, 'logits').data)).toBeLessThanOrEqual(0);
      expect(worstExcess(value, values(ref, 'value').data)).toBeLessThanOrEqual(0);
      expect(worstExcess(hidden, values(ref, 'hx_after').data)).toBeLessThanOrEqual(0);
      expect(relativeL2(vjp, values(ref, 'vjp_logsoftmax').data)).toBeLessThan(GRADIENT_RTOL);
      expect(relativeL2(jvp, values(ref, 'jvp_logsoftmax').data)).toBeLessThan(GRADIENT_RTOL);

      const first = tf.slice(x, [0, 0, 0, 0], [1, -1, -1, -1]);
      const jacobian = take(teacher.jacobian(first, teacher.initialState(1)));
      expect(relativeL2(jacobian, values(ref, 'jacobian_logsoftmax_t0').data)).toBeLessThan(GRADIENT_RTOL);
      tf.dispose([x, u, v, first]);
      teacher.dispose();
    });
  }
});
