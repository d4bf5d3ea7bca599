/**
 * TF.js LayersModel files (`model.json` + binary weight shards, as written by `model.save`). We
 * read the topology as data, never through tfjs-layers' deserialiser, and accept the shape of
 * policy network our conv-actor-critic covers: Conv2D layers, Flatten, Dense layers, one shared
 * activation, and a final Dense of logits (linear or softmax). Weights are converted to PyTorch
 * layout under canonical names, including Keras's H,W,C flatten order for the first dense layer.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ActivationName } from '../../models/layers/activations.js';
import type { TorchTensor } from '../../models/params.js';
import type { ConvActorCriticSpec, ConvLayerSpec } from '../../models/spec.js';
import { TeacherFormatError, UnsupportedTeacherError } from '../errors.js';

interface KerasLayer {
  class_name: string;
  config: Record<string, unknown>;
}

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

interface ModelJson {
  modelTopology?: { class_name?: string; config?: { layers?: KerasLayer[] } | KerasLayer[]; model_config?: unknown };
  weightsManifest?: { paths: string[]; weights: WeightEntry[] }[];
}

const HIDDEN_ACTIVATIONS: readonly string[] = ['relu', 'elu', 'tanh'];
const LOGIT_ACTIVATIONS: readonly string[] = ['linear', 'softmax'];

export interface TfjsTeacher {
  readonly arch: ConvActorCriticSpec;
  readonly weights: Map<string, TorchTensor>;
}

const pairOf = (v: unknown): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [Number(v), Number(v)];

function layersOf(json: ModelJson, source: string): KerasLayer[] {
  let topology = json.modelTopology as Record<string, unknown> | undefined;
  if (topology && 'model_config' in topology) topology = topology.model_config as Record<string, unknown>;
  const config = topology?.config as { layers?: KerasLayer[] } | KerasLayer[] | undefined;
  const layers = Array.isArray(config) ? config : config?.layers;
  if (!Array.isArray(layers))
    throw new TeacherFormatError(`${source}: model.json has no modelTopology layers (is it a LayersModel?)`);
  return layers;
}

/** Reads weights of every shard into name → float32 values. */
async function readWeights(
  json: ModelJson,
  folder: string,
  source: string,
): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const group of json.weightsManifest ?? []) {
    const shards = await Promise.all(
      group.paths.map(async (p) => {
        try {
          return new Uint8Array(await readFile(resolve(folder, p)));
        } catch (e) {
          throw new TeacherFormatError(`${source}: cannot read weight shard ${p} (${(e as Error).message})`);
        }
      }),
    );
    const total = shards.reduce((n, s) => n + s.length, 0);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const s of shards) {
      bytes.set(s, at);
      at += s.length;
    }
    let offset = 0;
    for (const w of group.weights) {
      if (w.quantization)
        throw new UnsupportedTeacherError(`${source}: weight ${w.name} is quantized; re-save the model unquantized`);
      if (w.dtype !== 'float32')
        throw new UnsupportedTeacherError(`${source}: weight ${w.name} is ${w.dtype}; only float32 is supported`);
      const n = w.shape.reduce((a, b) => a * b, 1);
      if (offset + n * 4 > bytes.length)
        throw new TeacherFormatError(`${source}: weight shards end before ${w.name} (truncated)`);
      const view = new DataView(bytes.buffer, offset, n * 4);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(i * 4, true);
      out.set(w.name, { shape: w.shape, data });
      offset += n * 4;
    }
    if (offset !== bytes.length)
      throw new TeacherFormatError(
        `${source}: weight shards hold ${bytes.length - offset} bytes more than the manifest lists`,
      );
  }
  return out;
}

/** Keras conv kernel [kh, kw, in, out] → PyTorch [out, in, kh, kw]. */
function convKernelToTorch(shape: number[], data: Float32Array): TorchTensor {
  const [kh, kw, ci, co] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + h) * kw + w] = data[((h * kw + w) * ci + i) * co + o]!;
  return { shape: [co, ci, kh, kw], data: out };
}

/**
 * Keras dense kernel [in, out] → PyTorch [out, in]. After a Flatten of an [h, w, c] map, Keras's
 * input index is (y * w + x) * c + ch while ours (PyTorch's C,H,W flatten) is (ch * h + y) * w + x.
 */
function denseKernelToTorch(
  shape: number[],
  data: Float32Array,
  flattenedFrom?: readonly [number, number, number],
): TorchTensor {
  const [nIn, nOut] = shape as [number, number];
  const out = new Float32Array(data.length);
  const ours = (k: number): number => {
    if (!flattenedFrom) return k;
    const [h, w, c] = flattenedFrom;
    const ch = k % c;
    const x = Math.floor(k / c) % w;
    const y = Math.floor(k / (c * w));
    return (ch * h + y) * w + x;
  };
  for (let k = 0; k < nIn; k++) for (let o = 0; o < nOut; o++) out[o * nIn + ours(k)] = data[k * nOut + o]!;
  return { shape: [nOut, nIn], data: out };
}

/** Reads a TF.js LayersModel (path of its model.json) as a conv-actor-critic policy. */
export async function readTfjsLayersModel(path: string): Promise<TfjsTeacher> {
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as ModelJson;
  } catch (e) {
    throw new TeacherFormatError(`${path}: not a readable model.json (${(e as Error).message})`);
  }
  const layers = layersOf(json, path).filter((l) => l.class_name !== 'InputLayer');
  const allLayers = layersOf(json, path);
  const weights = await readWeights(json, dirname(path), path);
  const inputShape = (allLayers[0]?.config.batch_input_shape ?? allLayers[0]?.config.batchInputShape) as
    | (number | null)[]
    | undefined;
  if (inputShape?.length !== 4) {
    throw new UnsupportedTeacherError(`${path}: the first layer must declare batch_input_shape [null, H, W, C]`);
  }
  let [h, w, c] = inputShape.slice(1) as [number, number, number];
  const input: [number, number, number] = [c, h, w];
  const convs: ConvLayerSpec[] = [];
  const hidden: number[] = [];
  const torch = new Map<string, TorchTensor>();
  let activation: ActivationName | undefined;
  let flattened: [number, number, number] | undefined;
  let pendingFlatten = false;
  let logits = 0;
  /** A conv or hidden dense layer without its own activation, waiting for an Activation layer. */
  let pendingActivation: string | undefined;

  const useActivation = (name: unknown, layerName: string, isLast: boolean) => {
    if (name === undefined || name === 'linear') {
      if (!isLast) pendingActivation = layerName;
      return;
    }
    if (isLast && LOGIT_ACTIVATIONS.includes(String(name))) return;
    if (!HIDDEN_ACTIVATIONS.includes(String(name))) {
      throw new UnsupportedTeacherError(
        `${path}: layer ${layerName} uses activation ${String(name)}; supported: ${HIDDEN_ACTIVATIONS.join(', ')}`,
      );
    }
    if (activation && activation !== name)
      throw new UnsupportedTeacherError(`${path}: layers mix activations ${activation} and ${String(name)}`);
    activation = name as ActivationName;
  };
  const weight = (layerName: string, kind: 'kernel' | 'bias') => {
    const entry = weights.get(`${layerName}/${kind}`);
    if (!entry) throw new TeacherFormatError(`${path}: no weight ${layerName}/${kind} in the manifest`);
    return entry;
  };

  const denseLayers = layers.filter((l) => l.class_name === 'Dense');
  layers.forEach((layer) => {
    const name = String(layer.config.name);
    const cfg = layer.config;
    if (pendingActivation && layer.class_name !== 'Activation') {
      throw new UnsupportedTeacherError(
        `${path}: layer ${pendingActivation} has no activation before ${name}; a conv-actor-critic has one after every conv and hidden dense layer`,
      );
    }
    switch (layer.class_name) {
      case 'Conv2D': {
        if (cfg.data_format && cfg.data_format !== 'channels_last')
          throw new UnsupportedTeacherError(`${path}: conv ${name} is not channels_last`);
        if (pairOf(cfg.dilation_rate ?? 1).some((d) => d !== 1))
          throw new UnsupportedTeacherError(`${path}: conv ${name} is dilated`);
        if (cfg.use_bias === false) throw new UnsupportedTeacherError(`${path}: conv ${name} has no bias`);
        const [kh, kw] = pairOf(cfg.kernel_size);
        const [sh, sw] = pairOf(cfg.strides ?? 1);
        if (kh !== kw || sh !== sw)
          throw new UnsupportedTeacherError(`${path}: conv ${name} has non-square kernel or strides`);
        let padding = 0;
        if (cfg.padding === 'same') {
          // TF's 'same' pads asymmetrically unless the stride is 1 and the kernel odd.
          if (sh !== 1 || kh % 2 === 0)
            throw new UnsupportedTeacherError(`${path}: conv ${name} uses 'same' padding that is not symmetric`);
          padding = (kh - 1) / 2;
        }
        const i = convs.length;
        convs.push({ channels: Number(cfg.filters), kernel: kh, stride: sh, padding });
        const k = weight(name, 'kernel');
        torch.set(`conv${i}.weight`, convKernelToTorch(k.shape, k.data));
        torch.set(`conv${i}.bias`, { shape: weight(name, 'bias').shape, data: weight(name, 'bias').data });
        h = Math.floor((h + 2 * padding - kh) / sh) + 1;
        w = Math.floor((w + 2 * padding - kw) / sw) + 1;
        c = Number(cfg.filters);
        useActivation(cfg.activation, name, false);
        break;
      }
      case 'Flatten':
        pendingFlatten = true;
        flattened = [h, w, c];
        break;
      case 'Activation': {
        const isLast = layer === layers[layers.length - 1];
        if (!pendingActivation && !(isLast && LOGIT_ACTIVATIONS.includes(String(cfg.activation)))) {
          throw new UnsupportedTeacherError(`${path}: activation layer ${name} follows a layer that already has one`);
        }
        const waiting = pendingActivation;
        pendingActivation = undefined;
        if (waiting) useActivation(cfg.activation, name, false);
        if (pendingActivation) throw new UnsupportedTeacherError(`${path}: activation layer ${name} is linear`);
        break;
      }
      case 'Dense': {
        if (cfg.use_bias === false) throw new UnsupportedTeacherError(`${path}: dense ${name} has no bias`);
        const isLast = layer === denseLayers[denseLayers.length - 1];
        const k = weight(name, 'kernel');
        const target = isLast ? 'policy' : `fc${hidden.length}`;
        torch.set(`${target}.weight`, denseKernelToTorch(k.shape, k.data, pendingFlatten ? flattened : undefined));
        torch.set(`${target}.bias`, { shape: weight(name, 'bias').shape, data: weight(name, 'bias').data });
        pendingFlatten = false;
        if (isLast) logits = Number(cfg.units);
        else hidden.push(Number(cfg.units));
        useActivation(cfg.activation, name, isLast);
        break;
      }
      default:
        throw new UnsupportedTeacherError(
          `${path}: layer ${name} is a ${layer.class_name}; supported layers are Conv2D, Flatten, Dense and Activation`,
        );
    }
  });
  if (!flattened || logits === 0)
    throw new UnsupportedTeacherError(`${path}: expected convs, a Flatten and dense layers ending in the logits`);
  if (!activation && (convs.length > 0 || hidden.length > 0))
    throw new UnsupportedTeacherError(`${path}: hidden layers have no activation`);
  return {
    arch: {
      kind: 'conv-actor-critic',
      input,
      convs,
      hidden,
      activation: activation ?? 'relu',
      numActions: logits,
      value: false,
    },
    weights: torch,
  };
}
