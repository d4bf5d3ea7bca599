/**
 * Reference scores for human-normalised scores, (score − random) / (human − random), per ALE game id.
 *
 * Source: the random-agent and professional-human-tester scores of the 57-game Atari benchmark as
 * published by Mnih et al. 2015 ("Human-level control through deep reinforcement learning", Nature,
 * Extended Data Table 2) for 49 games, completed for the 57 by van Hasselt et al. 2016 and Badia et al.
 * 2020 ("Agent57", Table H.4), the values every later paper normalises with (e.g. DeepMind's dqn_zoo).
 * Measured with 1–30 no-op starts and episodes capped at 108,000 frames (30 minutes).
 */

export interface ReferenceScores {
  readonly random: number;
  readonly human: number;
}

// biome-ignore format: a table
export const REFERENCE_SCORES: Readonly<Record<string, ReferenceScores>> = Object.freeze({
  alien: { random: 227.8, human: 7127.7 },
  amidar: { random: 5.8, human: 1719.5 },
  assault: { random: 222.4, human: 742.0 },
  asterix: { random: 210.0, human: 8503.3 },
  asteroids: { random: 719.1, human: 47388.7 },
  atlantis: { random: 12850.0, human: 29028.1 },
  bank_heist: { random: 14.2, human: 753.1 },
  battle_zone: { random: 2360.0, human: 37187.5 },
  beam_rider: { random: 363.9, human: 16926.5 },
  berzerk: { random: 123.7, human: 2630.4 },
  bowling: { random: 23.1, human: 160.7 },
  boxing: { random: 0.1, human: 12.1 },
  breakout: { random: 1.7, human: 30.5 },
  centipede: { random: 2090.9, human: 12017.0 },
  chopper_command: { random: 811.0, human: 7387.8 },
  crazy_climber: { random: 10780.5, human: 35829.4 },
  defender: { random: 2874.5, human: 18688.9 },
  demon_attack: { random: 152.1, human: 1971.0 },
  double_dunk: { random: -18.6, human: -16.4 },
  enduro: { random: 0.0, human: 860.5 },
  fishing_derby: { random: -91.7, human: -38.7 },
  freeway: { random: 0.0, human: 29.6 },
  frostbite: { random: 65.2, human: 4334.7 },
  gopher: { random: 257.6, human: 2412.5 },
  gravitar: { random: 173.0, human: 3351.4 },
  hero: { random: 1027.0, human: 30826.4 },
  ice_hockey: { random: -11.2, human: 0.9 },
  jamesbond: { random: 29.0, human: 302.8 },
  kangaroo: { random: 52.0, human: 3035.0 },
  krull: { random: 1598.0, human: 2665.5 },
  kung_fu_master: { random: 258.5, human: 22736.3 },
  montezuma_revenge: { random: 0.0, human: 4753.3 },
  ms_pacman: { random: 307.3, human: 6951.6 },
  name_this_game: { random: 2292.3, human: 8049.0 },
  phoenix: { random: 761.4, human: 7242.6 },
  pitfall: { random: -229.4, human: 6463.7 },
  pong: { random: -20.7, human: 14.6 },
  private_eye: { random: 24.9, human: 69571.3 },
  qbert: { random: 163.9, human: 13455.0 },
  riverraid: { random: 1338.5, human: 17118.0 },
  road_runner: { random: 11.5, human: 7845.0 },
  robotank: { random: 2.2, human: 11.9 },
  seaquest: { random: 68.4, human: 42054.7 },
  skiing: { random: -17098.1, human: -4336.9 },
  solaris: { random: 1236.3, human: 12326.7 },
  space_invaders: { random: 148.0, human: 1668.7 },
  star_gunner: { random: 664.0, human: 10250.0 },
  surround: { random: -10.0, human: 6.5 },
  tennis: { random: -23.8, human: -8.3 },
  time_pilot: { random: 3568.0, human: 5229.2 },
  tutankham: { random: 11.4, human: 167.6 },
  up_n_down: { random: 533.4, human: 11693.2 },
  venture: { random: 0.0, human: 1187.5 },
  video_pinball: { random: 16256.9, human: 17667.9 },
  wizard_of_wor: { random: 563.5, human: 4756.5 },
  yars_revenge: { random: 3092.9, human: 54576.9 },
  zaxxon: { random: 32.5, human: 9173.3 },
});

/** (score − random) / (human − random) for a game id (e.g. `space_invaders`), or undefined when unknown. */
export function humanNormalizedScore(gameId: string, score: number): number | undefined {
  const ref = REFERENCE_SCORES[gameId];
  return ref ? (score - ref.random) / (ref.human - ref.random) : undefined;
}
