/**
 * Stable-Baselines3 model archives (`model.zip` from `model.save`): a zip holding `policy.pth`
 * (torch.save of the policy's state_dict, itself a torch zip archive) and `data` (JSON of the
 * constructor arguments, with the observation and action spaces). We read the weights and the
 * spaces' shapes; nothing pickled by SB3 (cloudpickle blobs in `data`) is ever decoded.
 */
import { TeacherFormatError, UnsupportedTeacherError } from '../errors.js';
import type { RawTensor } from './tensors.js';
import { readTorchZip, unzip } from './torch-zip.js';

const POLICY_FILE = 'policy.pth';
const DATA_FILE = 'data';
/** Prefixes under which SB3 >= 1.8 repeats the shared feature extractor. */
const EXTRACTOR = 'features_extractor.';
const EXTRACTOR_ALIASES = ['pi_features_extractor.', 'vf_features_extractor.'];

export interface Sb3Model {
  readonly weights: Map<string, RawTensor>;
  /** observation_space.shape from `data`, when present. */
  readonly observationShape?: readonly number[];
  /** action_space.n from `data`, when present. */
  readonly numActions?: number;
  readonly policyClass?: string;
}

export const isSb3Archive = (files: Readonly<Record<string, Uint8Array>>): boolean => POLICY_FILE in files;

function readData(bytes: Uint8Array | undefined): {
  observationShape?: number[];
  numActions?: number;
  policyClass?: string;
} {
  if (!bytes) return {};
  try {
    const data = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, Record<string, unknown> | undefined>;
    const shape = data.observation_space?.shape;
    const n = data.action_space?.n;
    const policy =
      data.policy_class?.[':serialized:'] === undefined ? undefined : String(data.policy_class?.__module__ ?? '');
    return {
      ...(Array.isArray(shape) && shape.every(Number.isInteger) ? { observationShape: shape as number[] } : {}),
      ...(Number.isInteger(n) ? { numActions: n as number } : {}),
      ...(policy ? { policyClass: policy } : {}),
    };
  } catch {
    return {};
  }
}

const sameTensor = (a: RawTensor, b: RawTensor) =>
  a.dtype === b.dtype &&
  a.shape.length === b.shape.length &&
  a.shape.every((d, i) => d === b.shape[i]) &&
  Buffer.from(a.bytes).equals(Buffer.from(b.bytes));

/** Reads an SB3 archive's policy weights (SB3 names) and spaces. */
export function readSb3(bytes: Uint8Array, source: string): Sb3Model {
  const files = unzip(bytes, source);
  const policy = files[POLICY_FILE];
  if (!policy)
    throw new TeacherFormatError(`${source}: no ${POLICY_FILE} in the archive; is it a Stable-Baselines3 model.zip?`);
  const weights = readTorchZip(policy, `${source}:${POLICY_FILE}`);
  // The aliases must repeat the shared extractor; separate actor and critic extractors are another architecture.
  for (const [name, t] of weights) {
    const alias = EXTRACTOR_ALIASES.find((p) => name.startsWith(p));
    if (!alias) continue;
    const shared = weights.get(EXTRACTOR + name.slice(alias.length));
    if (!shared || !sameTensor(shared, t)) {
      throw new UnsupportedTeacherError(
        `${source}: ${name} differs from the shared feature extractor; policies with separate actor and critic extractors (share_features_extractor=False) are not supported`,
      );
    }
  }
  return { weights, ...readData(files[DATA_FILE]) };
}
