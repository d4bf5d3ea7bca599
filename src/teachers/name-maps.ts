/**
 * Name-mapping tables: how each source (CleanRL, Stable-Baselines3, baby-a3c, …) names a network's
 * parameters, as prefix rules onto our canonical names (src/models/spec.ts), and which architecture
 * those weights describe. Strides and paddings are not in the weights, so each layout names its
 * architecture family; sizes (input channels, action count, value head) come from the weights.
 */
import {
  type ArchitectureSpec,
  babyA3c,
  type ImpalaCnnSpec,
  type InputShape,
  impalaCnn,
  natureCnn,
  studentCnn,
} from '../models/spec.js';
import { UnsupportedTeacherError } from './errors.js';
import type { RawTensor } from './formats/tensors.js';

export type LayoutName =
  | 'canonical'
  | 'cleanrl-nature'
  | 'sb3-nature'
  | 'babya3c'
  | 'cleanrl-impala'
  | 'sobolev-student';

/** [source prefix, canonical prefix]; the rest of the name (`weight`, `bias`, …) is kept. */
export type PrefixRule = readonly [string, string];

export interface NameMap {
  readonly layout: LayoutName;
  readonly description: string;
  /** Rules for a given set of source names (IMPALA's depend on how many stacks there are). */
  rules(sourceNames: readonly string[]): readonly PrefixRule[];
  /** Source prefixes that hold no weights we use (e.g. SB3's aliases of the shared extractor). */
  readonly ignore: readonly string[];
  /** The architecture, from canonical weights. */
  spec(weights: ReadonlyMap<string, RawTensor>, input?: InputShape): ArchitectureSpec;
}

function dim(weights: ReadonlyMap<string, RawTensor>, name: string, axis: number, layout: string): number {
  const t = weights.get(name);
  const d = t?.shape[axis];
  if (d === undefined) throw new UnsupportedTeacherError(`${layout} weights have no ${name} (or it has too few axes)`);
  return d;
}

/** Atari frame size the Nature CNN's dense layer (64 x 7 x 7 inputs) implies. */
const NATURE_FRAME = 84;

const fixed = (rules: readonly PrefixRule[]) => () => rules;

export const NAME_MAPS: Readonly<Record<LayoutName, NameMap>> = {
  canonical: {
    layout: 'canonical',
    description: "this project's own names (conv0.weight, fc0.weight, policy.weight, …)",
    rules: (names) => [...new Set(names.map((n) => n.slice(0, n.lastIndexOf('.') + 1)))].map((p) => [p, p] as const),
    ignore: [],
    spec: () => {
      throw new UnsupportedTeacherError('weights with canonical names carry no architecture: pass `arch`');
    },
  },
  'cleanrl-nature': {
    layout: 'cleanrl-nature',
    description: 'CleanRL ppo_atari Agent (network.0/2/4 convs, network.7 dense, actor, critic)',
    rules: fixed([
      ['network.0.', 'conv0.'],
      ['network.2.', 'conv1.'],
      ['network.4.', 'conv2.'],
      ['network.7.', 'fc0.'],
      ['actor.', 'policy.'],
      ['critic.', 'value.'],
    ]),
    ignore: [],
    spec: (w, input) =>
      natureCnn({
        numActions: dim(w, 'policy.weight', 0, 'cleanrl-nature'),
        input: input ?? [dim(w, 'conv0.weight', 1, 'cleanrl-nature'), NATURE_FRAME, NATURE_FRAME],
        value: w.has('value.weight'),
      }),
  },
  'sb3-nature': {
    layout: 'sb3-nature',
    description: 'Stable-Baselines3 ActorCriticCnnPolicy with NatureCNN (features_extractor, action_net, value_net)',
    rules: fixed([
      ['features_extractor.cnn.0.', 'conv0.'],
      ['features_extractor.cnn.2.', 'conv1.'],
      ['features_extractor.cnn.4.', 'conv2.'],
      ['features_extractor.linear.0.', 'fc0.'],
      ['action_net.', 'policy.'],
      ['value_net.', 'value.'],
    ]),
    // SB3 >= 1.8 registers the shared extractor under these names too (checked equal on import).
    ignore: ['pi_features_extractor.', 'vf_features_extractor.'],
    spec: (w, input) =>
      natureCnn({
        numActions: dim(w, 'policy.weight', 0, 'sb3-nature'),
        input: input ?? [dim(w, 'conv0.weight', 1, 'sb3-nature'), NATURE_FRAME, NATURE_FRAME],
        value: w.has('value.weight'),
      }),
  },
  babya3c: {
    layout: 'babya3c',
    description: 'greydanus/baby-a3c NNPolicy (conv1-4, gru, actor_linear, critic_linear)',
    rules: fixed([
      ['conv1.', 'conv0.'],
      ['conv2.', 'conv1.'],
      ['conv3.', 'conv2.'],
      ['conv4.', 'conv3.'],
      ['gru.', 'gru.'],
      ['actor_linear.', 'policy.'],
      ['critic_linear.', 'value.'],
    ]),
    ignore: [],
    spec: (w) => babyA3c({ numActions: dim(w, 'policy.weight', 0, 'babya3c') }),
  },
  'cleanrl-impala': {
    layout: 'cleanrl-impala',
    description: 'CleanRL ppo_procgen IMPALA Agent (network.i ConvSequences, dense, actor, critic)',
    rules: (names) => {
      const stacks = new Set(
        names.map((n) => /^network\.(\d+)\.(conv|res_block\d)\./.exec(n)?.[1]).filter((s) => s !== undefined),
      );
      const n = stacks.size;
      const rules: PrefixRule[] = [];
      for (let i = 0; i < n; i++) {
        rules.push([`network.${i}.conv.`, `stack${i}.conv.`]);
        for (const j of [0, 1])
          for (const k of [0, 1]) rules.push([`network.${i}.res_block${j}.conv${k}.`, `stack${i}.res${j}.conv${k}.`]);
      }
      // After the stacks: Flatten, ReLU, Linear (index n + 2), ReLU.
      rules.push([`network.${n + 2}.`, 'fc.'], ['actor.', 'policy.'], ['critic.', 'value.']);
      return rules;
    },
    ignore: [],
    spec: (w, input): ImpalaCnnSpec => {
      const channels: number[] = [];
      for (let i = 0; w.has(`stack${i}.conv.weight`); i++)
        channels.push(dim(w, `stack${i}.conv.weight`, 0, 'cleanrl-impala'));
      return impalaCnn({
        numActions: dim(w, 'policy.weight', 0, 'cleanrl-impala'),
        input: input ?? [dim(w, 'stack0.conv.weight', 1, 'cleanrl-impala'), 64, 64],
        channels,
        hidden: dim(w, 'fc.weight', 0, 'cleanrl-impala'),
        value: w.has('value.weight'),
      });
    },
  },
  'sobolev-student': {
    layout: 'sobolev-student',
    description: 'the student of ../shared/fixtures/sobolev_reference (c1, c2, fc, pi)',
    rules: fixed([
      ['c1.', 'conv0.'],
      ['c2.', 'conv1.'],
      ['fc.', 'fc0.'],
      ['pi.', 'policy.'],
    ]),
    ignore: [],
    spec: (w, input) =>
      studentCnn({
        numActions: dim(w, 'policy.weight', 0, 'sobolev-student'),
        input: input ?? [dim(w, 'conv0.weight', 1, 'sobolev-student'), NATURE_FRAME, NATURE_FRAME],
        hidden: [dim(w, 'fc0.weight', 0, 'sobolev-student')],
        value: false,
      }),
  },
};

/** Layouts tried, in order, when none is given (canonical last: it matches anything). */
export const DETECTION_ORDER: readonly LayoutName[] = [
  'cleanrl-nature',
  'sb3-nature',
  'babya3c',
  'cleanrl-impala',
  'sobolev-student',
];

/** Applies a layout's rules: canonical name → tensor. Throws naming every source name it cannot map. */
export function mapNames(
  layout: LayoutName,
  source: ReadonlyMap<string, RawTensor>,
): { weights: Map<string, RawTensor>; ignored: string[] } {
  const map = NAME_MAPS[layout];
  const names = [...source.keys()];
  const rules = map.rules(names);
  const weights = new Map<string, RawTensor>();
  const ignored: string[] = [];
  const unmapped: string[] = [];
  for (const name of names) {
    if (map.ignore.some((p) => name.startsWith(p))) {
      ignored.push(name);
      continue;
    }
    const rule = rules.find(([from]) => name.startsWith(from));
    if (!rule) {
      unmapped.push(name);
      continue;
    }
    weights.set(rule[1] + name.slice(rule[0].length), source.get(name)!);
  }
  if (unmapped.length > 0) {
    throw new UnsupportedTeacherError(
      `layout ${layout} (${map.description}) has no mapping for ${unmapped.join(', ')}; ` +
        `choose another layout (${Object.keys(NAME_MAPS).join(', ')}) or pass weights with canonical names`,
    );
  }
  return { weights, ignored };
}

/** The first layout whose rules map every name, or an UnsupportedTeacherError listing the names. */
export function detectLayout(names: readonly string[]): LayoutName {
  for (const layout of DETECTION_ORDER) {
    const map = NAME_MAPS[layout];
    const rules = map.rules(names);
    const covered = names.every(
      (n) => map.ignore.some((p) => n.startsWith(p)) || rules.some(([from]) => n.startsWith(from)),
    );
    if (covered && names.some((n) => rules.some(([from]) => n.startsWith(from)))) return layout;
  }
  throw new UnsupportedTeacherError(
    `cannot tell which network these weights belong to (names: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}); ` +
      `known layouts: ${DETECTION_ORDER.map((l) => `${l} (${NAME_MAPS[l].description})`).join('; ')}. Pass \`layout\` and \`arch\`.`,
  );
}
