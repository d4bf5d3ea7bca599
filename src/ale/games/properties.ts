/**
 * Cartridge and console properties the emulator needs per ROM, from the
 * properties database compiled into ALE 0.12 (Stella's `stella.pro`, as
 * `DefProps.hxx`), for every known MD5 of ALE's games. A ROM without an entry
 * gets Stella's defaults, as in ALE.
 *
 * What ALE's emulation reads (the rest only names the cartridge):
 * - `cartridgeType`: bankswitching scheme; AUTO-DETECT (every ALE game) means
 *   detect from size and signatures (`Cartridge::create`).
 * - `controllerLeft`/`controllerRight`: PADDLES builds paddles on that port,
 *   anything else (JOYSTICK, NONE) a joystick; ALE also switches to paddle
 *   control when either is PADDLES.
 * - `swapPorts`: the left controller is plugged into the right port.
 * - `swapPaddles`: the two paddles of a port are swapped (Pong).
 * - `leftDifficulty`/`rightDifficulty`, `televisionType`: the initial console
 *   switches (`Switches`). ALE then sets both difficulty switches on every
 *   frame from its difficulty setting, so these only matter for frames run
 *   before that (the format auto-detection); the COLOR/B&W switch is never
 *   touched by ALE and keeps this value.
 * - `displayFormat`: AUTO-DETECT (every ALE game) runs 60 frames after
 *   loading and calls the ROM PAL when at least 15 of frames 30–59 have more
 *   than 285 scanlines, then resets the system. PAL raises a height of 210 to
 *   250 and allows 342 scanlines per frame instead of 290.
 * - `yStart`, `height`: first scanline and number of lines of the screen
 *   buffer (TIA `frameReset`; a height under 200 is raised to 200).
 * - `hmoveBlanks`: whether an HMOVE blanks the first 8 pixels of its line.
 * Not read by ALE's emulation: `phosphor` and `ppBlend` (ALE's
 * `color_averaging` setting decides blending), and the cartridge name, which
 * ALE only logs.
 */

export interface CartProperties {
  readonly md5: string;
  /** Whether ALE's database has an entry for this MD5 (otherwise all defaults). */
  readonly inDatabase: boolean;
  /** Cartridge.Name; 'Untitled' when absent (ALE then logs the file name instead). */
  readonly name: string;
  /** Cartridge.Type: 'AUTO-DETECT' or a Stella scheme name ('F8', 'F6SC', 'E0', ...). */
  readonly cartridgeType: string;
  /** Console.LeftDifficulty / RightDifficulty: 'A' or 'B'. */
  readonly leftDifficulty: 'A' | 'B';
  readonly rightDifficulty: 'A' | 'B';
  /** Console.TelevisionType: 'COLOR' or 'BLACKANDWHITE'. */
  readonly televisionType: string;
  /** Console.SwapPorts. */
  readonly swapPorts: boolean;
  /** Controller.Left / Controller.Right: 'JOYSTICK', 'PADDLES', 'NONE', ... */
  readonly controllerLeft: string;
  readonly controllerRight: string;
  /** Controller.SwapPaddles. */
  readonly swapPaddles: boolean;
  /** Display.Format: 'AUTO-DETECT', 'NTSC', 'PAL', ... */
  readonly displayFormat: string;
  /** Display.YStart: first scanline of the screen buffer. */
  readonly yStart: number;
  /** Display.Height: scanlines in the screen buffer. */
  readonly height: number;
  /** Display.Phosphor (not read by ALE). */
  readonly phosphor: boolean;
  /** Display.PPBlend, percent (not read by ALE). */
  readonly ppBlend: number;
  /** Emulation.HmoveBlanks. */
  readonly hmoveBlanks: boolean;
}

type Overrides = Partial<Omit<CartProperties, 'md5' | 'inDatabase'>>;

/** Stella's defaults (`Properties::ourDefaultProperties`), used for any property an entry leaves unset. */
export const DEFAULT_CART_PROPERTIES: Readonly<Omit<CartProperties, 'md5' | 'inDatabase'>> = Object.freeze({
  name: 'Untitled',
  cartridgeType: 'AUTO-DETECT',
  leftDifficulty: 'B',
  rightDifficulty: 'B',
  televisionType: 'COLOR',
  swapPorts: false,
  controllerLeft: 'JOYSTICK',
  controllerRight: 'JOYSTICK',
  swapPaddles: false,
  displayFormat: 'AUTO-DETECT',
  yStart: 34,
  height: 210,
  phosphor: false,
  ppBlend: 77,
  hmoveBlanks: true,
});

/** Database entries for the known MD5s of ALE's games, only the properties that differ from the defaults. */
const ENTRIES: Readonly<Record<string, Overrides>> = {
  '4b27f5397c442d25f0c418ccdacf1926': { name: 'Adventure (1978) (Atari) (PAL) [!]', controllerRight: 'NONE' }, // adventure
  '35be55426c1fec32dfb503b4f0651572': { name: 'Air Raid (Men-A-Vision)', phosphor: true }, // air_raid
  f1a0a23e6464d954e3a9579c4ccd01c8: { name: 'Alien (1982) (20th Century Fox)', phosphor: true }, // alien
  '056f5d886a4e7e6fdd83650554997d0d': {
    name: 'Amidar (1983) (Parker Bros) (PAL) [!]',
    leftDifficulty: 'A',
    rightDifficulty: 'A',
    controllerRight: 'NONE',
  }, // amidar
  acb7750b4d0c4bd34969802a7deb2990: {
    name: 'Amidar (1983) (Parker Bros)',
    leftDifficulty: 'A',
    rightDifficulty: 'A',
    controllerRight: 'NONE',
  }, // amidar
  c31a17942d162b80962cb1f7571cd1d5: { name: 'Monster aus dem All (1983) (Rainbow Vision) (PAL) [!]' }, // assault
  de78b3a064d374390ac0710f95edde92: { name: 'Assault (Bomb)' }, // assault
  '89a68746eff7f266bbf08de2483abe55': { name: 'Asterix (1988) (Atari) (Prototype) (NTSC)' }, // asterix
  ccbd36746ed4525821a8083b0d6d2c2c: { name: 'Asteroids [p1]', phosphor: true, hmoveBlanks: false }, // asteroids
  '0b33252b680b65001e91a411e56e72e9': { name: 'Atlantis (CCE)' }, // atlantis
  '9ad36e699ef6f45d9eb6c4cf90475c9f': { name: 'Atlantis (1982) (Imagic) [!]' }, // atlantis
  '826481f6fc53ea47c9f272f7050eedf7': { name: 'Atlantis II (1982) (Imagic) [!]' }, // atlantis2
  '8556b42aa05f94bc29ff39c39b11bff4': { name: 'Backgammon (1978) (Atari)', controllerLeft: 'PADDLES' }, // backgammon
  '00ce0bdd43aed84a983bef38fe7f5ee3': { name: 'Bank Heist (1983) (20th Century Fox)' }, // bank_heist
  // bank_heist: 83b8c01c72306d60dd9b753332ebd276 has no entry; ALE uses the defaults.
  '819aeeb9a2e11deb54e6de334f843894': { name: 'Fun with Numbers (1977) (Atari)' }, // basic_math
  '41f252a66c6301f1e8ab3612c19bc5d4': { name: 'Battlezone (1983) (Atari) [!]', hmoveBlanks: false }, // battle_zone
  // battle_zone: e434c0e161dd3c3fb435eb6bad2e182c has no entry; ALE uses the defaults.
  '79ab4123a83dc11d468fb2108ea09e2e': { name: 'Beamrider (1983) (Activision) [!]' }, // beam_rider
  '136f75c4dd02c29283752b7e5799f978': { name: 'Berzerk (1982) (Atari)' }, // berzerk
  fac28963307b6e85082ccd77c88325e7: { name: 'Berzerk (CCE)' }, // berzerk
  '0a981c03204ac2b278ba392674682560': { name: 'Blackjack (1977) (Atari) [a1]', controllerLeft: 'PADDLES' }, // blackjack
  c9b7afad3bfd922e006a6bfc1d4f3fe7: { name: 'Bowling (1978) (Atari) [!]' }, // bowling
  c3ef5c4653212088eda54dc91d787870: { name: 'Boxing (1981) (Activision) [!]' }, // boxing
  f34f08e5eb96e500e851a80be3277a56: { name: 'Breakout - Breakaway IV (1978) (Atari)', controllerLeft: 'PADDLES' }, // breakout
  '028024fb8e5e5f18ea586652f9799c96': { name: 'Carnival (1982) (Coleco)', yStart: 26, height: 214 }, // carnival
  de29e46dbea003c3c09c892d668b9413: { name: 'Carnival (1983) (CBS Electronics) (PAL) [!]' }, // carnival
  b816296311019ab69a21cb9e9e235d12: { name: 'Poker Plus (AKA Casino) (1978) (Sears) [!]', controllerLeft: 'PADDLES' }, // casino
  '17d000a2882f9fdaa8b4a391ad367f00': { name: 'Centipede (1982) (Atari) (PAL) [!]' }, // centipede
  '91c2098e88a6b13f977af8c003e0bca5': { name: 'Centipede (1982) (Atari) [!]' }, // centipede
  c1cb228470a87beb5f36e90ac745da26: { name: 'Chopper Command (1982) (Activision) [!]' }, // chopper_command
  '55ef7b65066428367844342ed59f956c': { name: 'Crazy Climber (1983) (Atari)' }, // crazy_climber
  '8cd26dcf249456fe4aeb8db42d49df74': { name: 'Crossbow (1987) (Atari)' }, // crossbow
  '106855474c69d08c8ffa308d47337269': { name: 'Dark Chambers (1988) (Atari)', phosphor: true, hmoveBlanks: false }, // darkchambers
  '0f643c34e40e3f1daafd9c524d3ffe64': { name: 'Defender (1981) (Atari)' }, // defender
  // defender: e1029676edb3d35b76ca943da7434da8 has no entry; ALE uses the defaults.
  // demon_attack: b24f6a5820a4b7763a3d547e3e07441d has no entry; ALE uses the defaults.
  f0e0addc07971561ab80d9abe1b8d333: { name: 'Demon Attack (1982) (Imagic w-Picture Label) [!]' }, // demon_attack
  '36b20c427975760cb9cf4a47e41369e4': { name: 'Donkey Kong (198x)' }, // donkey_kong
  '368d88a6c071caba60b4f778615aae94': { name: 'Double Dunk (1989) (Atari)' }, // double_dunk
  cfc226d04d7490b69e155abd7741e98c: { name: 'Double Dunk (1989) (Atari) (PAL) [!]' }, // double_dunk
  '5aea9974b975a6a844e6df10d2b861c4': { name: 'SwordQuest - Earthworld (1982) (Atari) [!]' }, // earthworld
  '71f8bacfbdca019113f3f0801849057e': { name: 'Elevator Action (Atari) (Prototype)' }, // elevator_action
  '94b92a882f6dbaa6993a46e2dcc58402': { name: 'Enduro (1983) (Activision) [!]' }, // enduro
  '6b683be69f92958abe0e2a9945157ad5': { name: 'Entombed (1982) (US Games) [!]', phosphor: true }, // entombed
  '615a3bf251a38eb6638cdc7ffbde5480': { name: 'E.T. The Extra-Terrestrial (1982) (Atari) [!]' }, // et
  b8865f05676e64f3bec72b9defdacfa7: { name: 'Fishing Derby (1980) (Activision) [!]' }, // fishing_derby
  '30512e0e83903fc05541d2f6a6a62654': { name: 'Flag Capture (1978) (Atari)' }, // flag_capture
  '8e0ab801b1705a740b476b7f588c6d16': { name: 'Freeway (1981) (Activision) [!]' }, // freeway
  '081e2c114c9c20b61acf25fc95c71bf4': { name: 'Frogger (1982) (Parker Bros)' }, // frogger
  '4ca73eb959299471788f0b685c3ba0b5': { name: 'Frostbite (1983) (Activision)' }, // frostbite
  '211774f4c5739042618be8ff67351177': { name: 'Galaxian (1983) (Atari) [!]' }, // galaxian
  // gopher: 8f90590dba143d783df5a6cff2000e4d has no entry; ALE uses the defaults.
  c16c79aad6272baffb8aae9a7fff0864: { name: 'Gopher (1982) (US Games)' }, // gopher
  // gravitar: 4767356fa0ed3ebe21437b4473d4ee28 has no entry; ALE uses the defaults.
  '8ac18076d01a6b63acf6e2cab4968940': { name: 'Gravitar (1988) (Atari) [a1][!]' }, // gravitar
  f16c709df0a6c52f47ff52b9d95b7d8d: { name: 'Hangman (1978) (Atari) [!]' }, // hangman
  f0a6e99f5875891246c3dbecbf2d2cea: { name: 'Haunted House (1981) (Atari)' }, // haunted_house
  fca4a5be1251927027f2c24774a02160: { name: 'H.E.R.O. (1984) (Activision) [!]' }, // hero
  '7972e5101fa548b952d852db24ad6060': { name: 'Human Cannonball (AKA Cannon Man) (1978) (Atari)' }, // human_cannonball
  '47711c44723da5d67047990157dcb5dd': { name: 'Ice Hockey (CCE)' }, // ice_hockey
  a4c08c4994eb9d24fb78be1793e82e26: { name: 'Ice Hockey (1981) (Activision) [!]' }, // ice_hockey
  e51030251e440cffaab1ac63438b44ae: { name: 'James Bond 007 (1983) (Parker Bros)', phosphor: true }, // jamesbond
  '718ae62c70af4e5fd8e932fee216948a': { name: 'Journey - Escape (1982) (Data Age) [!]', height: 230, phosphor: true }, // journey_escape
  '5428cdfada281c569c74c7308c7f2c26': { name: 'Kaboom! (1981) (Activision) [!]', controllerLeft: 'PADDLES' }, // kaboom
  dbdaf82f4f0c415a94d1030271a9ef44: { name: 'Kaboom! (CCE)', controllerLeft: 'PADDLES' }, // kaboom
  '4326edb70ff20d0ee5ba58fa5cb09d60': { name: 'Kangaroo (1983) (Atari)' }, // kangaroo
  '6c1f3f2e359dbf55df462ccbcdd2f6bf': { name: 'Keystone Kapers (1983) (Activision) (PAL) [!]' }, // keystone_kapers
  '0dd4c69b5f9a7ae96a7a08329496779a': { name: 'King Kong (1982) (Tigervision) (PAL) [!]' }, // king_kong
  eed9eaf1a0b6a2b9bc4c8032cb43e3fb: { name: 'Klax (1990) (Atari) (PAL) [!]' }, // klax
  '534e23210dd1993c828d944c6ac4d9fb': { name: 'Kool Aid Man (1982) (Mattel)' }, // koolaid
  '4baada22435320d185c95b7dd2bcdb24': { name: 'Krull (1983) (Atari) [!]' }, // krull
  // krull: cc724ebe74a109e39c0b2784ddc980ca has no entry; ALE uses the defaults.
  '0b4e793c9425175498f5a65a3e960086': { name: 'Kung Fu Master (CCE)' }, // kung_fu_master
  '5b92a93b23523ff16e2789b820e2a4c5': { name: 'Kung Fu Master (1984) (Activision)' }, // kung_fu_master
  '8e4cd60d93fcde8065c1a2b972a26377': { name: 'Laser Gates (1983) (Imagic) (PAL) [!]' }, // laser_gates
  '2d76c5d1aad506442b9e9fb67765e051': { name: 'Lost Luggage (1981) (Apollo) (NTSC) [!]' }, // lost_luggage
  e908611d99890733be31733a979c62d8: { name: 'Mario Bros (1983) (Atari)' }, // mario_bros
  df62a658496ac98a3aa4a6ee5719c251: { name: 'Arcade Golf (1979) (Sears)' }, // miniature_golf
  '3347a6dd59049b15a38394aa2dafa585': { name: "Montezuma's Revenge - Starring Panama Joe (1983) (Parker Bros)" }, // montezuma_revenge
  aa7bb54d2c189a31bb1fa20099e42859: { name: 'Mr. Do! (1983) (CBS Electronics) (PAL) [!]', phosphor: true }, // mr_do
  '87e79cd41ce136fd4f72cc6e2c161bee': { name: 'Ms. Pac-Man (1982) (Atari)', hmoveBlanks: false }, // ms_pacman
  '9469d18238345d87768e8965f9f4a6b2': { name: 'Ms. Pac-Man (1982) (CCE)', hmoveBlanks: false }, // ms_pacman
  '36306070f0c90a72461551a7a4f3a209': { name: 'Octopus (AKA Name That Game) (Carrere Video) [!]' }, // name_this_game
  // name_this_game: f98d2276d4a25b286135566255aea9d0 has no entry; ALE uses the defaults.
  '113cd09c9771ac278544b7e90efe7df2': { name: 'Othello (1978) (Atari)' }, // othello
  fc2233fc116faef0d3c31541717ca2db: { name: 'Pac-Man (Atari) (PAL) [!]' }, // pacman
  '7e52a95074a66640fcfde124fffd491a': { name: 'Phoenix (1982) (Atari)' }, // phoenix
  '3e90cf23106f2e08b2781e41299de556': { name: 'Pitfall! (1982) (Activision) [!]' }, // pitfall
  f73d2d0eff548e8fc66996f27acf2b4b: { name: 'Pitfall! (CCE) (PAL-M) [!]' }, // pitfall
  '6d842c96d5a01967be9680080dd5be54': { name: 'Pitfall II - Lost Caverns (1984) (Activision) [b3]' }, // pitfall2
  '60e0ea3cbe0913d39803477945e9e5ec': {
    name: 'Video Olympics (1978) (Atari)',
    controllerLeft: 'PADDLES',
    controllerRight: 'PADDLES',
    swapPaddles: true,
  }, // pong
  '4799a40b6e889370b7ee55c17ba65141': { name: 'Pooyan (1982) (Konami-Gakken)', yStart: 26, height: 220 }, // pooyan
  '668dc528b7ea9345140f4fcfbecf7066': { name: 'Pooyan (1982) (Konami-Gakken) (PAL) [!]' }, // pooyan
  ef3a4f64b6494ba770862768caf04b86: { name: 'Private Eye (1983) (Activision) [!]' }, // private_eye
  '484b0076816a104875e00467d431c2d2': { name: 'Q-bert (1988) (Atari) [!]', yStart: 40 }, // qbert
  '393948436d1f4cc3192410bb918f9724': { name: 'River Raid (1982) (Activision) [a1][!]' }, // riverraid
  // riverraid: da5096000db5fdaa8d02db57d9367998 has no entry; ALE uses the defaults.
  '7d3cdde63b16fa637c4484e716839c94': { name: 'Road Runner (CCE)', yStart: 20 }, // road_runner
  // road_runner: ce5cc62608be2cd3ed8abd844efb8919 has no entry; ALE uses the defaults.
  '4f618c2429138e0280969193ed6c107e': { name: 'Robot Tank (1983) (Activision) [!]' }, // robotank
  '240bfbac5163af4df5ae713985386f92': { name: 'Seaquest (1983) (Activision) [!]' }, // seaquest
  dd0cbe5351551a538414fb9e37fc56e8: { name: 'Sir Lancelot (1983) (Xonox) (PAL) [!]' }, // sir_lancelot
  '367411b78119299234772c08df10e134': { name: 'Skiing (32-in-1) (Atari) (PAL) [!]' }, // skiing
  b76fbadc8ffb1f83e2ca08b6fb4d6c9f: { name: 'Skiing (1980) (Activision) [!]' }, // skiing
  e72eb8d4410152bdcb69e7fba327b420: { name: 'Solaris (1986) (Atari)' }, // solaris
  // space_invaders: 61dbe94f110f30ca4ec524ae5ce2d026 has no entry; ALE uses the defaults.
  '72ffbef6504b75e69ee1045af9075f66': { name: 'Space Invaders (1978) (Atari) [!]' }, // space_invaders
  b702641d698c60bcdc922dbd8c9dd49c: { name: 'Space War (32-in-1) (Atari) (PAL) [!]' }, // space_war
  a3c1c70024d7aabb41381adbfb6d3b25: { name: 'Star Gunner (1982) (Telesys)' }, // star_gunner
  a9531c763077464307086ec9a1fd057d: { name: 'Superman (1978) (Atari)' }, // superman
  '4d7517ae69f95cfbc053be01312b7dba': { name: 'Surround (1978) (Atari)', swapPorts: true }, // surround
  '42cdd6a9e42a3639e190722b8ea3fc51': { name: 'Tennis (1981) (Activision) [!]' }, // tennis
  a5c96b046d5f8b7c96daaa12f925bef8: { name: 'Tennis (1981) (Activision) (PAL) [!]' }, // tennis
  b0e1ee07fbc73493eac5651a52f90f00: { name: 'Tetris 2600 (Colin Hughes)', phosphor: true }, // tetris
  '0db4f4150fecf77e4ce72ca4d04c052f': { name: '3-D Tic-Tac-Toe (1978) (Atari) [!]' }, // tic_tac_toe_3d
  fc2104dd2dadf9a6176c1c1c8f87ced9: { name: 'Time Pilot (1983) (Coleco)' }, // time_pilot
  fb27afe896e7c928089307b32e5642ee: { name: 'TRON - Deadly Discs (1983) (Mattel) [!]' }, // trondead
  '7a5463545dfb2dcfdafa6074b2f2c15e': { name: 'Turmoil (1982) (20th Century Fox) [!]' }, // turmoil
  '085322bae40d904f53bdcc56df0593fc': { name: 'Tutankham (1983) (Parker Bros)' }, // tutankham
  '66c2380c71709efa7b166621e5bb4558': { name: 'Tutankham (1983) (Parker Bros) (PAL) [!]' }, // tutankham
  a499d720e7ee35c62424de882a3351b6: { name: "Up 'n Down (1983) (Sega)", yStart: 30 }, // up_n_down
  '3e899eba0ca8cd2972da1ae5479b4f0d': { name: 'Venture (1982) (Coleco) [!]', phosphor: true }, // venture
  c63a98ca404aa5ee9fcff1de488c3f43: { name: 'Venture (1988) (Atari) [!]', phosphor: true }, // venture
  '539d26b6e9df0da8e7465f0f5ad863b7': { name: 'Video Checkers (1978) (Atari)' }, // video_checkers
  f0b7db930ca0e548c41a97160b9f6275: { name: 'Video Chess (1978) (Atari)' }, // video_chess
  '3f540a30fdee0b20aed7288e4a5ea528': { name: 'Atari Video Cube (1982) (Atari) [!]' }, // video_cube
  '107cc025334211e6d29da0b6be46aec7': { name: 'Video Pinball (1980) (Atari) [!]' }, // video_pinball
  a2424c1a0c783d7585d701b1c71b5fdc: { name: 'Video Pinball (1980) (Atari) (PAL) [p1][!]' }, // video_pinball
  '663ef22eb399504d5204c543b8a86bcd': {
    name: 'Wizard of Wor (1982) (CBS Electronics) (PAL) [!]',
    swapPorts: true,
    phosphor: true,
  }, // wizard_of_wor
  '7e8aa18bc9502eb57daaf5e7c1e94da7': {
    name: 'Wizard of Wor (1982) (CBS Electronics)',
    swapPorts: true,
    phosphor: true,
  }, // wizard_of_wor
  ec3beb6d8b5689e867bafb5d5f507491: { name: 'Word Zapper (1982) (US Games) [!]' }, // word_zapper
  c5930d0e8cdae3e037349bfa08e871be: { name: "Yar's Revenge (1981) (Atari)", phosphor: true }, // yars_revenge
  // yars_revenge: ee8027d554d14c8d0b86f94737d2fdcc has no entry; ALE uses the defaults.
  eea0da9b987d661264cce69a7c13c3bd: { name: 'Zaxxon (1983) (CBS Electronics)' }, // zaxxon
};

/**
 * The properties ALE uses for a ROM with this MD5: its database entry over
 * the defaults, or the defaults alone. Covers the MD5s of ALE's games (any
 * other MD5 gets the defaults, which is also what ALE does for ROMs missing
 * from its database).
 */
export function cartPropertiesForMd5(md5: string): CartProperties {
  const key = md5.toLowerCase();
  const entry = ENTRIES[key];
  return Object.freeze({ ...DEFAULT_CART_PROPERTIES, ...entry, md5: key, inDatabase: entry !== undefined });
}

/** Whether either port has paddles: ALE then drives the game with paddles. */
export function usesPaddles(props: CartProperties): boolean {
  return props.controllerLeft === 'PADDLES' || props.controllerRight === 'PADDLES';
}
