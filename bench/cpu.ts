/**
 * Emulated 6507 cycles per second of the wasm core on a tight loop of typical game code (RAM, ROM
 * tables, arithmetic, branches, a subroutine; no TIA or RIOT I/O), for both CPU models.
 * Target: > 100 M cycles/s. Usage: npm run bench:cpu [-- --seconds 2]
 */
import { AsmMachine, type CpuModelName } from '../test/helpers/asm.js';

const TARGET_CYCLES_PER_SECOND = 100e6;
/** NTSC 2600: 3.579545 MHz colour clock / 3. */
const ATARI_CPU_HZ = 3_579_545 / 3;
const INSTRUCTIONS_PER_CALL = 1_000_000;

const PROGRAM = `
  ldx #$ff
  txs
  lda #<table
  sta $a0
  lda #>table
  sta $a1
  ldy #0
frame:
  ldx #$1f
inner:
  lda $80,x
  clc
  adc #3
  sta $80,x
  inc $c0
  lda table,y
  eor ($a0),y
  and #$7f
  cmp #$40
  bcc low
  iny
low:
  dex
  bne inner
  jsr update
  jmp frame
update:
  pha
  lda $c0
  asl
  rol $c1
  pla
  rts
table:
  .byte 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
`;

function parseSeconds(argv: string[]): number {
  const i = argv.indexOf('--seconds');
  const value = i >= 0 ? Number(argv[i + 1]) : 2;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--seconds must be a positive number, got ${argv[i + 1]}`);
  return value;
}

function measure(model: CpuModelName, seconds: number): { cyclesPerSecond: number; instructionsPerSecond: number } {
  const machine = new AsmMachine(PROGRAM, model);
  machine.run(INSTRUCTIONS_PER_CALL); // warm-up: let the engine tier up
  const startCycles = machine.cycles;
  const start = process.hrtime.bigint();
  let instructions = 0;
  let elapsed = 0;
  while (elapsed < seconds) {
    instructions += machine.run(INSTRUCTIONS_PER_CALL);
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { cyclesPerSecond: (machine.cycles - startCycles) / elapsed, instructionsPerSecond: instructions / elapsed };
}

const seconds = parseSeconds(process.argv.slice(2));
const ale = measure('ale', seconds);
const nmos = measure('nmos', seconds);
for (const [name, r] of [
  ['ale', ale],
  ['nmos', nmos],
] as const) {
  console.log(
    `${name.padEnd(5)} ${(r.cyclesPerSecond / 1e6).toFixed(1)} M cycles/s, ${(r.instructionsPerSecond / 1e6).toFixed(1)} M instructions/s, ${(r.cyclesPerSecond / ATARI_CPU_HZ).toFixed(0)}x a real 2600`,
  );
}
console.log(
  JSON.stringify({
    bench: 'cpu',
    seconds,
    ale_cycles_per_second: Math.round(ale.cyclesPerSecond),
    nmos_cycles_per_second: Math.round(nmos.cyclesPerSecond),
    ale_instructions_per_second: Math.round(ale.instructionsPerSecond),
    nmos_instructions_per_second: Math.round(nmos.instructionsPerSecond),
    ratios: {
      ale_vs_target: ale.cyclesPerSecond / TARGET_CYCLES_PER_SECOND,
      nmos_vs_target: nmos.cyclesPerSecond / TARGET_CYCLES_PER_SECOND,
      ale_vs_real_2600: ale.cyclesPerSecond / ATARI_CPU_HZ,
    },
  }),
);
