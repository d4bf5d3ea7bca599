/**
 * src/teachers: loading teachers from PyTorch (torch.save zips, safetensors), Stable-Baselines3,
 * CleanRL and TF.js files, the project's own teacher file, and the Teacher API (logits, actions,
 * exact input-derivatives of log π).
 */
export { TeacherFormatError, UnsafePickleError, UnsupportedTeacherError } from './errors.js';
export {
  float32Tensor,
  parseSafetensors,
  type SafetensorsFile,
  serializeSafetensors,
  writeSafetensors,
} from './formats/safetensors.js';
export { readSb3, type Sb3Model } from './formats/sb3.js';
export { type DType, type RawTensor, toFloat32, toTorchTensor } from './formats/tensors.js';
export { readTfjsLayersModel, type TfjsTeacher } from './formats/tfjs-layers.js';
export { readTorchZip } from './formats/torch-zip.js';
export { type ArchName, importTeacher, type LoadTeacherOptions, loadTeacher } from './load.js';
export {
  DETECTION_ORDER,
  detectLayout,
  type LayoutName,
  mapNames,
  NAME_MAPS,
  type NameMap,
  type PrefixRule,
} from './name-maps.js';
export {
  type ActOptions,
  chooseActions,
  type Observations,
  resetStates,
  Teacher,
  type TeacherOutput,
} from './teacher.js';
export {
  type ActionSet,
  decodeTeacher,
  encodeTeacher,
  type Provenance,
  readTeacherFile,
  TEACHER_FORMAT,
  TEACHER_FORMAT_VERSION,
  type TeacherData,
  writeTeacherFile,
} from './teacher-file.js';
