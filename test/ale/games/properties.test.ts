/** Cartridge properties as ALE 0.12's database gives them, and Stella's defaults elsewhere. */
import { describe, expect, it } from 'vitest';
import { cartPropertiesForMd5, DEFAULT_CART_PROPERTIES, GAMES } from '../../../src/ale/games/index.js';

describe('cartridge properties', () => {
  it("gives Stella's defaults to an MD5 outside the database", () => {
    const props = cartPropertiesForMd5('0123456789abcdef0123456789abcdef');
    expect(props).toEqual({ ...DEFAULT_CART_PROPERTIES, md5: '0123456789abcdef0123456789abcdef', inDatabase: false });
    expect(props).toMatchObject({
      cartridgeType: 'AUTO-DETECT',
      displayFormat: 'AUTO-DETECT',
      yStart: 34,
      height: 210,
      controllerLeft: 'JOYSTICK',
      hmoveBlanks: true,
    });
  });

  it('overlays database entries on the defaults', () => {
    expect(cartPropertiesForMd5('60E0EA3CBE0913D39803477945E9E5EC')).toMatchObject({
      inDatabase: true,
      controllerLeft: 'PADDLES',
      controllerRight: 'PADDLES',
      swapPaddles: true,
      yStart: 34,
    });
    expect(cartPropertiesForMd5('028024fb8e5e5f18ea586652f9799c96')).toMatchObject({ yStart: 26, height: 214 });
    expect(cartPropertiesForMd5('484b0076816a104875e00467d431c2d2')).toMatchObject({ yStart: 40 });
    expect(cartPropertiesForMd5('87e79cd41ce136fd4f72cc6e2c161bee')).toMatchObject({ hmoveBlanks: false });
    expect(cartPropertiesForMd5('7e8aa18bc9502eb57daaf5e7c1e94da7')).toMatchObject({ swapPorts: true });
    expect(cartPropertiesForMd5('acb7750b4d0c4bd34969802a7deb2990')).toMatchObject({
      leftDifficulty: 'A',
      rightDifficulty: 'A',
    });
  });

  it('covers every known MD5 of every game with a complete record', () => {
    for (const game of GAMES) {
      for (const md5 of game.md5) {
        const props = cartPropertiesForMd5(md5);
        expect(props.md5).toBe(md5);
        expect(Object.keys(props).sort()).toEqual(
          [...Object.keys(DEFAULT_CART_PROPERTIES), 'md5', 'inDatabase'].sort(),
        );
        // No ALE game forces a bankswitch type or TV format: both are detected.
        expect(props.cartridgeType).toBe('AUTO-DETECT');
        expect(props.displayFormat).toBe('AUTO-DETECT');
      }
    }
  });
});
