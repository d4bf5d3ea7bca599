/**
 * The distillation batch of ../shared/fixtures/sobolev_reference: the Nature-CNN teacher (weights
 * from naturecnn_cleanrl_layout.pt), the stored student (PyTorch names c1, c2, fc, pi), inputs,
 * directions, and the reference parameter gradients in our parameter order.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../src/models/build.js';
import type { PolicyModel } from '../../../src/models/model.js';
import { toTorchLayout } from '../../../src/models/params.js';
import type { SafetensorsFile } from '../../../src/teachers/formats/safetensors.js';
import { toTorchTensor } from '../../../src/teachers/formats/tensors.js';
import { loadTeacher } from '../../../src/teachers/load.js';
import { mapNames, NAME_MAPS } from '../../../src/teachers/name-maps.js';
import type { Teacher } from '../../../src/teachers/teacher.js';
import { sharedPath } from '../../helpers/shared.js';
import { fixtureTensor, readFixture, values } from '../../models/fixtures.js';

const STUDENT_PREFIX = 'student.';

export interface SobolevReference {
  file: SafetensorsFile;
  teacher: Teacher;
  student: PolicyModel;
  /** Raw observations (uint8 values, as int32) and the normalised input x / 255 the derivatives refer to. */
  observations: tf.Tensor4D;
  x: tf.Tensor4D;
  v: tf.Tensor2D;
  u: tf.Tensor4D;
  /** PyTorch name of each student parameter (c1.weight, …), by our canonical name. */
  torchNames: Map<string, string>;
}

export async function loadSobolevReference(): Promise<SobolevReference> {
  const file = readFixture('fixtures', 'sobolev_reference.safetensors');
  const teacher = await loadTeacher(sharedPath('fixtures', 'naturecnn_cleanrl_layout.pt'));
  const studentTensors = new Map(
    [...file.tensors]
      .filter(([k]) => k.startsWith(STUDENT_PREFIX))
      .map(([k, t]) => [k.slice(STUDENT_PREFIX.length), t] as const),
  );
  const { weights } = mapNames('sobolev-student', studentTensors);
  const spec = NAME_MAPS['sobolev-student'].spec(weights);
  const student = buildModel(spec, {
    weights: new Map([...weights].map(([k, t]) => [k, toTorchTensor(t, k)] as const)),
  });
  const rules = NAME_MAPS['sobolev-student'].rules([]);
  const torchNames = new Map(
    student.params.map((p) => {
      const [from, to] = rules.find(([, canonical]) => p.name.startsWith(canonical))!;
      return [p.name, from + p.name.slice(to.length)] as const;
    }),
  );
  const raw = file.tensors.get('x_uint8_nchw')!;
  const observations = tf.tensor4d(raw.bytes, raw.shape as [number, number, number, number], 'int32');
  const x = tf.tidy(() => tf.div(tf.cast(observations, 'float32'), 255)) as tf.Tensor4D;
  return {
    file,
    teacher,
    student,
    observations,
    x,
    v: fixtureTensor(file, 'v') as tf.Tensor2D,
    u: fixtureTensor(file, 'u') as tf.Tensor4D,
    torchNames,
  };
}

/** Parameter gradients of `loss` over the student's variables, in PyTorch layout, by canonical name. */
export function studentGradients(
  student: PolicyModel,
  loss: () => tf.Scalar,
): { value: number; grads: Map<string, Float32Array> } {
  const { value, grads } = tf.variableGrads(
    loss,
    student.params.map((p) => p.variable),
  );
  const out = new Map<string, Float32Array>();
  for (const p of student.params) {
    const g = grads[p.variable.name];
    if (!g) throw new Error(`no gradient for ${p.name}`);
    const torch = toTorchLayout(p.layout, g);
    out.set(p.name, torch.dataSync() as Float32Array);
    torch.dispose();
    g.dispose();
  }
  const v = value.dataSync()[0]!;
  value.dispose();
  return { value: v, grads: out };
}

/** The fixture's reference gradient grad_<term>.<torch name>. */
export function referenceGradient(ref: SobolevReference, term: string, canonical: string): Float32Array {
  return values(ref.file, `grad_${term}.${ref.torchNames.get(canonical)}`).data;
}

export function disposeReference(ref: SobolevReference): void {
  ref.teacher.dispose();
  ref.student.dispose();
  tf.dispose([ref.observations, ref.x, ref.v, ref.u]);
}
