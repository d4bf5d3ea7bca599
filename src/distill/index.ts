/**
 * src/distill: data collection, Sobolev distillation and evaluation.
 *
 * Every derivative (teacher targets, student Jacobians, the Sobolev error) is with respect to the
 * network input x = frames / 255 (the `sobolev_reference` fixture's convention), in the layout the
 * networks run in.
 */
export { ACT_MODES, type ActMode, type ActPolicy, selectAction } from './acting.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  type CheckpointData,
  decodeCheckpoint,
  encodeCheckpoint,
  latestCheckpoint,
  listCheckpoints,
  readCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
export { Collector, type CollectorOptions, type CollectStats, DEFAULT_MAX_HISTORY, datasetInfoFor } from './collect.js';
export { SegmentBuilder } from './dataset/builder.js';
export { Dataset, episodeSplitKey, SampleIndex, type SplitName, splitEpisodes } from './dataset/dataset.js';
export {
  DATASET_FORMAT,
  DATASET_FORMAT_VERSION,
  type DatasetManifest,
  DatasetWriter,
  MANIFEST_FILE,
  readDataset,
  readManifest,
  SHARD_FORMAT,
  type ShardEntry,
  writeDataset,
} from './dataset/io.js';
export { ACTOR, type DatasetInfo, type ObservationEncoding, type Segment, type SegmentEnd } from './dataset/types.js';
export {
  CheckpointError,
  DatasetFormatError,
  DatasetMismatchError,
  DistillConfigError,
  NonFiniteLossError,
  TeacherWorkerError,
} from './errors.js';
export { type Agent, RandomAgent, StudentAgent, TeacherAgent } from './evaluate/agents.js';
export { type OfflineMetrics, type OfflineOptions, offlineMetrics } from './evaluate/offline.js';
export {
  EVAL_PROTOCOLS,
  evaluateReturns,
  makeEvalEnv,
  meanStd,
  protocolFor,
  type ReturnsOptions,
  type ReturnsResult,
} from './evaluate/returns.js';
export { humanNormalizedScore, REFERENCE_SCORES, type ReferenceScores } from './evaluate/scores.js';
export * from './losses/index.js';
export { bytesToInput, FrameHistory, observationLayout, PIXEL_SCALE, presetPadding } from './observations.js';
export { type OnlineConfig, OnlineData, type RoundRecord } from './online.js';
export { Progress, type ProgressBar } from './progress.js';
export {
  type CurveSeries,
  curvesPage,
  type DistillReport,
  historySeries,
  metricsCsv,
  renderCurves,
  writeReport,
} from './report.js';
export { deriveSeed, envSeed, Random, STREAM, stream } from './rng.js';
export {
  type CollectOptions,
  type CollectSummary,
  collectDataset,
  type DistillHooks,
  type DistillOptions,
  type DistillResult,
  distill,
  type EnvChoice,
  type EvaluationSettings,
  evaluateAgent,
  loadStudentCheckpoint,
} from './run.js';
export {
  type BetaSchedule,
  betaAt,
  type DecayKind,
  type LrSchedule,
  learningRateAt,
  type ValueSchedule,
  valueAt,
} from './schedules.js';
export { ADAM_DEFAULTS, Adam, type AdamOptions, type AdamState, clipByGlobalNorm } from './train/adam.js';
export { checkTrainConfig, TRAIN_DEFAULTS, type TrainConfig } from './train/config.js';
export { EpochSampler, uniformBatch } from './train/sampler.js';
export { type LossConfig, lossTerms, type StepBatch, trainStep } from './train/step.js';
export {
  InlineTargets,
  SOBOLEV_KINDS,
  type SobolevKind,
  type TargetProvider,
  type TargetRequest,
  teacherTargets,
} from './train/targets.js';
export { epochData, type MetricsRecord, Trainer, type TrainingData } from './train/trainer.js';
export { TeacherWorker } from './worker/client.js';
