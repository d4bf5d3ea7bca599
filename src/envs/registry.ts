/**
 * The env ids `makeEnv` understands, as data: ale-py's registration (ale_py/registration.py) of
 * `ALE/<Game>-v5` for every game and of the legacy `<Game>[Deterministic|NoFrameskip]-v0/v4` ids for the
 * 62 games of gym's original Atari list, plus the project's homebrew games (Catcher) under every family.
 * `-ram` in an id (`Pong-ramNoFrameskip-v4`, `ALE/Pong-ram-v5`) selects `obs_type: 'ram'`.
 *
 * Two registrations are known, because ale-py changed them:
 * - `'gymnasium'` (default; ale-py ≥ 0.8, what `gymnasium.make` builds today): every family sets
 *   `max_num_frames_per_episode` = 108,000 (ALE truncates at 30 minutes of play) and adds no TimeLimit.
 * - `'gym'` (ale-py 0.7 under gym ≤ 0.25, the setting of SB3-zoo/CleanRL-era results): no frame cap, and
 *   gym's TimeLimit of 10,000 (`-v0`), 100,000 (`-v4`, `Deterministic`), 100,000 × the game's deterministic
 *   frameskip (`NoFrameskip`: 400,000, SpaceInvaders 300,000) or 27,000 (`ALE/…-v5`) steps.
 */
import { findGameById, GAMES } from '../ale/games/index.js';
import type { GameDefinition } from '../ale/games/types.js';
import type { AtariEnvKwargs, Frameskip, ObsType } from './atari-env.js';
import { UnknownEnvIdError } from './errors.js';
import { HOMEBREW_GAMES } from './homebrew/rom.js';

export type Registration = 'gymnasium' | 'gym';
export const REGISTRATIONS: readonly Registration[] = Object.freeze(['gymnasium', 'gym']);

/** 30 minutes of play at 60 frames/s: ale-py's `max_num_frames_per_episode` for every id since 0.8. */
export const MAX_FRAMES_PER_EPISODE = 108_000;
/** gym's `Deterministic` frameskip: 4, except 3 for Space Invaders (its lasers blink at 4). */
const DETERMINISTIC_FRAMESKIP = 4;
const DETERMINISTIC_FRAMESKIP_EXCEPTIONS: Readonly<Record<string, number>> = Object.freeze({ space_invaders: 3 });
/** Legacy ids' stochastic frameskip: np_random.integers(2, 5), i.e. 2, 3 or 4 frames per step. */
const STOCHASTIC_FRAMESKIP: readonly [number, number] = Object.freeze([2, 5]) as readonly [number, number];
const STICKY = 0.25;
const NOT_STICKY = 0;
/** gym-era TimeLimits (ale-py 0.7 registration). */
const GYM_V0_STEPS = 10_000;
const GYM_V4_STEPS = 100_000;
const GYM_NOFRAMESKIP_STEPS_PER_FRAMESKIP = 100_000;
const GYM_V5_FRAMESKIP = 4;

/** The games ale-py registers legacy v0/v4 ids for (gym's original Atari list), by ALE id. */
// biome-ignore format: a list of names
export const LEGACY_GAMES: ReadonlySet<string> = new Set([
  'adventure', 'air_raid', 'alien', 'amidar', 'assault', 'asterix', 'asteroids', 'atlantis', 'bank_heist',
  'battle_zone', 'beam_rider', 'berzerk', 'bowling', 'boxing', 'breakout', 'carnival', 'centipede',
  'chopper_command', 'crazy_climber', 'defender', 'demon_attack', 'double_dunk', 'elevator_action', 'enduro',
  'fishing_derby', 'freeway', 'frostbite', 'gopher', 'gravitar', 'hero', 'ice_hockey', 'jamesbond',
  'journey_escape', 'kangaroo', 'krull', 'kung_fu_master', 'montezuma_revenge', 'ms_pacman', 'name_this_game',
  'phoenix', 'pitfall', 'pong', 'pooyan', 'private_eye', 'qbert', 'riverraid', 'road_runner', 'robotank',
  'seaquest', 'skiing', 'solaris', 'space_invaders', 'star_gunner', 'tennis', 'time_pilot', 'tutankham',
  'up_n_down', 'venture', 'video_pinball', 'wizard_of_wor', 'yars_revenge', 'zaxxon',
]);

type Flavour = '' | 'Deterministic' | 'NoFrameskip';
type Version = 'v0' | 'v4' | 'v5';

/** One id family: how its ids are spelled and what `AtariEnv` kwargs and TimeLimit they register. */
export interface IdFamily {
  readonly prefix: '' | 'ALE/';
  readonly flavour: Flavour;
  readonly version: Version;
  /** Which ALE games have ids of this family (homebrew games have all). */
  readonly games: 'all' | 'legacy';
  readonly frameskip: (game: GameDefinition) => Frameskip;
  readonly repeatActionProbability: number;
  /** gym-era TimeLimit (registration 'gym'); under 'gymnasium' no family has one. */
  readonly gymMaxEpisodeSteps: (game: GameDefinition) => number;
}

function deterministicFrameskip(game: GameDefinition): number {
  return DETERMINISTIC_FRAMESKIP_EXCEPTIONS[game.id] ?? DETERMINISTIC_FRAMESKIP;
}

function legacyFamilies(version: 'v0' | 'v4', sticky: number, defaultSteps: number): IdFamily[] {
  return [
    {
      prefix: '',
      flavour: '',
      version,
      games: 'legacy',
      frameskip: () => STOCHASTIC_FRAMESKIP,
      repeatActionProbability: sticky,
      gymMaxEpisodeSteps: () => defaultSteps,
    },
    {
      prefix: '',
      flavour: 'Deterministic',
      version,
      games: 'legacy',
      frameskip: deterministicFrameskip,
      repeatActionProbability: sticky,
      gymMaxEpisodeSteps: () => GYM_V4_STEPS,
    },
    {
      prefix: '',
      flavour: 'NoFrameskip',
      version,
      games: 'legacy',
      frameskip: () => 1,
      repeatActionProbability: sticky,
      gymMaxEpisodeSteps: (game) => GYM_NOFRAMESKIP_STEPS_PER_FRAMESKIP * deterministicFrameskip(game),
    },
  ];
}

export const ID_FAMILIES: readonly IdFamily[] = Object.freeze([
  {
    prefix: 'ALE/',
    flavour: '',
    version: 'v5',
    games: 'all',
    frameskip: () => 4,
    repeatActionProbability: STICKY,
    gymMaxEpisodeSteps: () => MAX_FRAMES_PER_EPISODE / GYM_V5_FRAMESKIP,
  },
  ...legacyFamilies('v0', STICKY, GYM_V0_STEPS),
  ...legacyFamilies('v4', NOT_STICKY, GYM_V4_STEPS),
] satisfies IdFamily[]);

/** What an id resolves to: the game, the `AtariEnv` kwargs it registers, and its TimeLimit (if any). */
export interface EnvIdSpec {
  readonly id: string;
  readonly game: GameDefinition;
  /** Whether the game is one of the project's own (its ROM ships with the package). */
  readonly homebrew: boolean;
  readonly kwargs: Required<
    Pick<AtariEnvKwargs, 'obs_type' | 'frameskip' | 'repeat_action_probability' | 'full_action_space'>
  > &
    Pick<AtariEnvKwargs, 'max_num_frames_per_episode'>;
  /** gym's TimeLimit for this id under the chosen registration; undefined: none. */
  readonly maxEpisodeSteps: number | undefined;
}

const ID_PATTERN = /^(ALE\/)?([A-Za-z0-9]+?)(-ram)?(Deterministic|NoFrameskip)?-(v\d+)$/;

const HOMEBREW: readonly GameDefinition[] = Object.freeze(HOMEBREW_GAMES.map((g) => g.definition));

function findGame(envName: string): { game: GameDefinition; homebrew: boolean } | undefined {
  const homebrew = HOMEBREW.find((g) => g.envName === envName);
  if (homebrew) return { game: homebrew, homebrew: true };
  const game = findGameById(envName);
  // Gymnasium ids are case-sensitive: 'pong' is not 'Pong'.
  return game && game.envName === envName ? { game, homebrew: false } : undefined;
}

function familyHas(family: IdFamily, game: GameDefinition, homebrew: boolean): boolean {
  return homebrew || family.games === 'all' || LEGACY_GAMES.has(game.id);
}

function idOf(family: IdFamily, game: GameDefinition, ram: boolean): string {
  return `${family.prefix}${game.envName}${ram ? '-ram' : ''}${family.flavour}-${family.version}`;
}

/** Every id `makeEnv` accepts (rgb and -ram spellings), in game order. */
export function listEnvIds(): string[] {
  const ids: string[] = [];
  const games = [...HOMEBREW.map((g) => [g, true] as const), ...GAMES.map((g) => [g, false] as const)];
  for (const [game, homebrew] of games) {
    for (const family of ID_FAMILIES) {
      if (!familyHas(family, game, homebrew)) continue;
      ids.push(idOf(family, game, false), idOf(family, game, true));
    }
  }
  return ids;
}

/** Resolves an id under a registration; throws UnknownEnvIdError (with close matches) for any other id. */
export function resolveEnvId(id: string, registration: Registration = 'gymnasium'): EnvIdSpec {
  const match = typeof id === 'string' ? ID_PATTERN.exec(id) : null;
  if (!match) throw unknownId(String(id));
  const [, prefix = '', envName = '', ram, flavour = '', version = ''] = match;
  const found = findGame(envName);
  const family = ID_FAMILIES.find((f) => f.prefix === prefix && f.flavour === flavour && f.version === version);
  if (!found || !family) throw unknownId(id);
  const { game, homebrew } = found;
  if (!familyHas(family, game, homebrew)) {
    throw unknownId(
      id,
      `ale-py registers ${family.version} ids only for the 62 games of gym's original list; use ALE/${game.envName}-v5` +
        (flavour === 'NoFrameskip' ? ' with frameskip: 1, repeat_action_probability: 0' : ''),
    );
  }
  const obsType: ObsType = ram ? 'ram' : 'rgb';
  const gymnasium = registration === 'gymnasium';
  return {
    id,
    game,
    homebrew,
    kwargs: {
      obs_type: obsType,
      frameskip: family.frameskip(game),
      repeat_action_probability: family.repeatActionProbability,
      full_action_space: false,
      ...(gymnasium ? { max_num_frames_per_episode: MAX_FRAMES_PER_EPISODE } : {}),
    },
    maxEpisodeSteps: gymnasium ? undefined : family.gymMaxEpisodeSteps(game),
  };
}

/** Plain Levenshtein distance (insert, delete, substitute: 1 each). */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, substitute));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** How many suggestions an unknown id gets, and how far (edit distance, ignoring case) they may be. */
const MAX_SUGGESTIONS = 5;
const MIN_DISTANCE_ALLOWED = 4;
const DISTANCE_PER_CHARACTER = 0.4;

/** The registered ids closest to `id` (edit distance, ignoring case), nearest first. */
export function closeEnvIds(id: string, limit = MAX_SUGGESTIONS): string[] {
  const key = id.toLowerCase();
  const allowed = Math.max(MIN_DISTANCE_ALLOWED, Math.floor(key.length * DISTANCE_PER_CHARACTER));
  const wantsRam = key.includes('-ram');
  return (
    listEnvIds()
      .filter((candidate) => wantsRam || !candidate.includes('-ram'))
      .map((candidate) => ({ candidate, d: levenshtein(key, candidate.toLowerCase()) }))
      .filter(({ d }) => d <= allowed)
      // Ties go to the newer version (v5, then v4, then v0), then alphabetically.
      .sort(
        (a, b) =>
          a.d - b.d || versionOf(b.candidate) - versionOf(a.candidate) || a.candidate.localeCompare(b.candidate),
      )
      .slice(0, limit)
      .map(({ candidate }) => candidate)
  );
}

function versionOf(id: string): number {
  return Number(/-v(\d+)$/.exec(id)?.[1] ?? 0);
}

function unknownId(id: string, hint?: string): UnknownEnvIdError {
  return new UnknownEnvIdError(id, closeEnvIds(id), hint);
}
