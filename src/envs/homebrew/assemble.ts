/**
 * Assembles a homebrew game's 6502 source into its cartridge image with
 * dasm (the npm build of the dasm macro assembler, a build-time tool). The
 * output depends on nothing but the source text, so the image is the same
 * byte for byte on every machine.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { IDasmResult, IOptions } from 'dasm';
import { GameAssemblyError, GameImageSizeError } from './errors.js';

/** A plain 4K cartridge ($F000–$FFFF), the only format the homebrew games use. */
export const CARTRIDGE_BYTES = 4096;
/** dasm's `-f3`: raw output, the bytes from the first `org` on, no header. */
const DASM_RAW_FORMAT = 3;

export interface AssembledGame {
  readonly image: Uint8Array;
  readonly md5: string;
  readonly sha256: string;
  /** Every label and constant of the source, e.g. `lives` → 0x86. */
  readonly symbols: ReadonlyMap<string, number>;
}

type Dasm = (src: string, options?: IOptions) => IDasmResult;

function loadDasm(): Dasm {
  // dasm is CommonJS with its function on `exports.default`.
  const require = createRequire(import.meta.url);
  return (require('dasm') as { default: Dasm }).default;
}

export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Assembles `source` (the text of an .asm file; `name` is only for messages). */
export function assembleGame(source: string, name: string): AssembledGame {
  const result = loadDasm()(source, { format: DASM_RAW_FORMAT });
  if (!result.success) {
    const lineErrors = (result.list ?? [])
      .filter((line) => line.errorMessage)
      .map((line) => `line ${line.number}: ${line.errorMessage} (${line.raw.trim()})`);
    // dasm repeats an error on every pass: report each once.
    throw new GameAssemblyError(name, [...new Set(lineErrors.length > 0 ? lineErrors : result.output)]);
  }
  const image = Uint8Array.from(result.data);
  if (image.length !== CARTRIDGE_BYTES) throw new GameImageSizeError(name, image.length, CARTRIDGE_BYTES);
  return { image, md5: md5Hex(image), sha256: sha256Hex(image), symbols: parseSymbolDump(result.symbolsRaw ?? '') };
}

/** One line of dasm's symbol dump (`-s`): name, hex value, flags. */
const SYMBOL_LINE = /^(\S+)\s+([0-9a-f]+)\s/i;

/**
 * Symbols from dasm's own dump. The npm wrapper's parsed `symbols` keep only
 * the low 12 bits of labels (`Start` at $F000 reads 0), so the dump is used.
 */
function parseSymbolDump(dump: string): Map<string, number> {
  const symbols = new Map<string, number>();
  for (const line of dump.split('\n')) {
    const match = SYMBOL_LINE.exec(line);
    if (match) symbols.set(match[1]!, Number.parseInt(match[2]!, 16));
  }
  return symbols;
}
