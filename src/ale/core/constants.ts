// Hardware facts shared by the chips. Units are named in each constant.

/** The 6507 drives 13 address lines (A0–A12): 8 KiB of address space, mirrored. */
export const ADDRESS_MASK: u16 = 0x1fff;
/** A12 selects the cartridge (upper 4 KiB). */
export const CART_SELECT: u16 = 0x1000;
/** With A12 low, A7 selects the RIOT (PIA); A7 low selects the TIA. */
export const RIOT_SELECT: u16 = 0x0080;
/** Within the RIOT, A9 selects I/O and timer; A9 low selects its 128 bytes of RAM. */
export const RIOT_IO_SELECT: u16 = 0x0200;

/** TIA: three colour clocks per CPU cycle. */
export const COLOR_CLOCKS_PER_CYCLE: i32 = 3;
/** TIA: 228 colour clocks (76 CPU cycles) per scanline, 68 of them horizontal blank. */
export const COLOR_CLOCKS_PER_LINE: i32 = 228;
export const HBLANK_CLOCKS: i32 = 68;
export const CYCLES_PER_LINE: i32 = 76;

/** ALE's screen: 160 pixels wide, 210 lines tall, one NTSC palette index per pixel. */
export const SCREEN_WIDTH: i32 = 160;
export const SCREEN_HEIGHT: i32 = 210;

/** The largest cartridge image we accept (bytes). */
export const MAX_ROM_BYTES: i32 = 512 * 1024;
