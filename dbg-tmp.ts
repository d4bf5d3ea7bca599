import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './src/tf/index.js';
import { buildModel } from './src/models/build.js';
import { babyA3c } from './src/models/spec.js';
import { mulberry32 } from './src/models/params.js';
import { sobolevVjpLoss, unitDirections } from './src/distill/losses/index.js';
await selectBackend((process.argv[2] ?? 'wasm') as any);
const spec = { ...babyA3c({ numActions: 3 }), input: [1, 16, 16] as const, convs: [{ channels: 2, kernel: 3, stride: 2, padding: 1 }], activation: 'tanh' as const, gruSize: 4 };
const student = buildModel(spec, { seed: 9 });
const x = tf.randomUniform([2, 1, 16, 16], 0, 1, 'float32', 3) as tf.Tensor4D;
const v = unitDirections(2, [3], mulberry32(6)) as tf.Tensor2D;
const h = tf.randomNormal([2, 4], 0, 0.5, 'float32', 4) as tf.Tensor2D;
const target = tf.tidy(() => tf.add(student.vjp(x, v, h).inputGradient, tf.randomNormal([2,1,16,16], 0, 0.02, 'float32', 5))) as tf.Tensor4D;
const loss = () => sobolevVjpLoss(student, x, v, target, h);
const p = student.params.find(q => q.name === (process.argv[3] ?? 'conv0.bias'))!;
const { grads } = tf.variableGrads(loss, [p.variable]);
const g = grads[p.variable.name]!.dataSync();
console.log('L', loss().dataSync()[0], 'grad', Array.from(g));
const w0 = p.variable.dataSync().slice();
for (let i = 0; i < Math.min(4, w0.length); i++) {
  const out: string[] = [];
  for (const eps of [0.16, 0.08, 0.04, 0.02, 0.01]) {
    const at = (t: number) => { const w = w0.slice(); w[i]! += t; p.variable.assign(tf.tensor(w, p.variable.shape)); return tf.tidy(() => loss().dataSync()[0]!); };
    out.push(((-at(2*eps) + 8*at(eps) - 8*at(-eps) + at(-2*eps)) / (12*eps)).toExponential(5));
  }
  p.variable.assign(tf.tensor(w0, p.variable.shape));
  console.log(i, 'ad', g[i]!.toExponential(5), 'fd', out.join(' '));
}
