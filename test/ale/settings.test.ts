import { describe, expect, it } from 'vitest';
import { InvalidSettingValueError, SettingTypeError, UnknownSettingError } from '../../src/ale/errors.js';
import { AleSettings, DEFAULT_SYSTEM_RANDOM_SEED } from '../../src/ale/settings.js';

describe('AleSettings (ALE 0.12 Settings::setDefaultSettings)', () => {
  it("starts from ALE's defaults", () => {
    const s = new AleSettings();
    expect(s.getInt('random_seed')).toBe(-1);
    expect(s.getFloat('repeat_action_probability')).toBe(0.25);
    expect(s.getInt('frame_skip')).toBe(1);
    expect(s.getInt('max_num_frames_per_episode')).toBe(0);
    expect(s.getInt('system_random_seed')).toBe(DEFAULT_SYSTEM_RANDOM_SEED);
    expect(DEFAULT_SYSTEM_RANDOM_SEED).toBe(4753849);
    expect(s.getBool('truncate_on_loss_of_life')).toBe(false);
    expect(s.getBool('color_averaging')).toBe(false);
    expect(s.getInt('reward_min')).toBe(-(2 ** 31));
    expect(s.getInt('reward_max')).toBe(2 ** 31 - 1);
    expect(s.getInt('paddle_min')).toBe(-1);
    expect(s.getString('cpu')).toBe('low');
  });

  it('reads back what was set', () => {
    const s = new AleSettings();
    s.setInt('random_seed', 123);
    s.setInt('frame_skip', 4);
    s.setFloat('repeat_action_probability', 0);
    s.setBool('truncate_on_loss_of_life', true);
    s.setInt('max_num_frames_per_episode', 108000);
    const snap = s.snapshot();
    expect(snap).toMatchObject({
      randomSeed: 123,
      frameSkip: 4,
      repeatActionProbability: 0,
      truncateOnLossOfLife: true,
      maxNumFramesPerEpisode: 108000,
    });
  });

  it('stores floats as ALE does: 6 significant digits, single precision', () => {
    const s = new AleSettings();
    s.setFloat('repeat_action_probability', 0.1);
    expect(s.getFloat('repeat_action_probability')).toBe(Math.fround(0.1));
    s.setFloat('repeat_action_probability', 0.123456789);
    expect(s.getFloat('repeat_action_probability')).toBe(Math.fround(0.123457));
  });

  it('refuses unknown keys with the list of known ones', () => {
    const s = new AleSettings();
    expect(() => s.setInt('frameskip', 4)).toThrow(UnknownSettingError);
    expect(() => s.setInt('frameskip', 4)).toThrow(/frame_skip/);
    expect(() => s.getInt('no_such_key')).toThrow(UnknownSettingError);
  });

  it("refuses a setter of the wrong type, as ALE's verifyVariableExistence does", () => {
    const s = new AleSettings();
    expect(() => s.setInt('repeat_action_probability', 0)).toThrow(SettingTypeError);
    expect(() => s.setFloat('frame_skip', 4)).toThrow(SettingTypeError);
    expect(() => s.setBool('random_seed', true)).toThrow(SettingTypeError);
    expect(() => s.getFloat('frame_skip')).toThrow(/setFloat|getInt/);
  });

  it('accepts the negative int32 seeds ale-py passes (ALE wraps them to uint32)', () => {
    const s = new AleSettings();
    s.setInt('random_seed', -2);
    expect(s.getInt('random_seed')).toBe(-2);
    expect(() => s.setInt('random_seed', -(2 ** 31) - 1)).toThrow(InvalidSettingValueError);
  });

  it('refuses values ALE cannot use, naming the accepted range', () => {
    const s = new AleSettings();
    expect(() => s.setInt('frame_skip', 0)).toThrow(InvalidSettingValueError);
    expect(() => s.setInt('frame_skip', 0)).toThrow(/at least 1/);
    expect(() => s.setInt('frame_skip', 2.5)).toThrow(InvalidSettingValueError);
    expect(() => s.setInt('random_seed', 2 ** 31)).toThrow(InvalidSettingValueError);
    expect(() => s.setFloat('repeat_action_probability', 1.5)).toThrow(/\[0, 1\]/);
    expect(() => s.setFloat('repeat_action_probability', -0.1)).toThrow(InvalidSettingValueError);
    expect(() => s.setFloat('repeat_action_probability', Number.NaN)).toThrow(InvalidSettingValueError);
    expect(() => s.setInt('max_num_frames_per_episode', -1)).toThrow(InvalidSettingValueError);
    expect(() => s.setBool('display_screen', true)).toThrow(InvalidSettingValueError);
    expect(() => s.setString('record_screen_dir', '/tmp/frames')).toThrow(InvalidSettingValueError);
    // A refused value leaves the old one in place.
    expect(s.getInt('frame_skip')).toBe(1);
  });

  it('checks reward_min ≤ reward_max when a ROM reads the settings', () => {
    const s = new AleSettings();
    s.setInt('reward_min', 5);
    s.setInt('reward_max', 1);
    expect(() => s.snapshot()).toThrow(InvalidSettingValueError);
    s.setInt('reward_max', 5);
    expect(s.snapshot().rewardMin).toBe(5);
  });

  it('keeps two instances apart', () => {
    const a = new AleSettings();
    const b = new AleSettings();
    a.setInt('frame_skip', 4);
    expect(b.getInt('frame_skip')).toBe(1);
  });
});
