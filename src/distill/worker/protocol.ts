/** Messages between the learner (main thread) and the teacher worker. Plain data: they cross by postMessage. */
import type { MakeEnvOptions } from '../../envs/make-env.js';
import type { TorchTensor } from '../../models/params.js';
import type { ArchitectureSpec } from '../../models/spec.js';
import type { TeacherData } from '../../teachers/teacher-file.js';
import type { BackendChoice } from '../../tf/backend.js';
import type { ActPolicy } from '../acting.js';
import type { CollectStats, RoundScript } from '../collect.js';
import type { DatasetInfo, Segment } from '../dataset/types.js';
import type { TargetRequest } from '../train/targets.js';

/** What the worker needs to collect data itself (online and DAgger training). */
export interface CollectionSetup {
  readonly envId: string;
  readonly envOptions: MakeEnvOptions;
  readonly numEnvs: number;
  readonly seed: number;
  readonly padding: 'reset' | 'zero';
  readonly teacherPolicy: ActPolicy;
  readonly studentPolicy: ActPolicy;
  /** The student's architecture, for student-driven steps. */
  readonly student?: ArchitectureSpec;
  readonly maxHistory: number;
}

export interface WorkerInit {
  readonly teacher: TeacherData;
  readonly backend: BackendChoice;
  readonly collection?: CollectionSetup;
}

export type ToWorker =
  | { readonly type: 'targets'; readonly id: number; readonly request: TargetRequest }
  | {
      readonly type: 'collect';
      readonly id: number;
      readonly steps: number;
      readonly beta: number;
      /** Online round number (fresh action streams per round). */
      readonly round?: number;
      readonly studentWeights?: ReadonlyMap<string, TorchTensor>;
    }
  /** Replays recorded rounds (a resumed online run) and answers with each round's segments digest. */
  | { readonly type: 'replay'; readonly id: number; readonly rounds: readonly RoundScript[] }
  | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'ready'; readonly info?: DatasetInfo }
  | { readonly type: 'targets'; readonly id: number; readonly data: Float32Array; readonly seconds: number }
  | {
      readonly type: 'collected';
      readonly id: number;
      readonly segments: Segment[];
      readonly stats: CollectStats;
      readonly seconds: number;
    }
  | { readonly type: 'replayed'; readonly id: number; readonly digests: string[]; readonly seconds: number }
  | {
      readonly type: 'error';
      readonly id: number;
      readonly name: string;
      readonly message: string;
      readonly stack?: string;
    };
