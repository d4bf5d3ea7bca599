/**
 * Native-ALE trace files (../shared/ale-traces/FORMAT.md): a header line, then one JSON line per step
 * with the action, reward, lives, game-over flag, episode frame number, RAM and a screen hash.
 * Plain `.jsonl` or gzip-compressed `.jsonl.gz`. Also the screen hash the traces use (FNV-1a 64).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync, strFromU8 } from 'fflate';
import { TraceFormatError } from './errors.js';
import { hexToBytes } from './hex.js';

export interface TraceHeader {
  readonly rom: string;
  readonly md5: string;
  readonly seed: number;
  readonly frameSkip: number;
  readonly hold: number;
  readonly repeatActionProbability: number;
  readonly minimalActions: readonly number[];
  readonly lives: number;
  readonly source: string;
}

export interface TraceStep {
  readonly t: number;
  /** ALE action id, -1 for step 0 (the state after loadROM). */
  readonly a: number;
  readonly r: number;
  readonly lives: number;
  readonly over: boolean;
  readonly frame: number;
  /** RIOT RAM $80–$FF. */
  readonly ram: Uint8Array;
  /** FNV-1a 64 of the screen buffer, 16 lowercase hex digits. */
  readonly screen: string;
}

export interface Trace {
  readonly header: TraceHeader;
  readonly steps: readonly TraceStep[];
}

const RAM_BYTES = 128;
const HASH_HEX_DIGITS = 16;
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Reads a trace file; throws `TraceFormatError` naming the line that breaks the format. */
export function readTrace(path: string): Trace {
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(readFileSync(path));
  } catch (err) {
    throw new TraceFormatError(`Cannot read trace ${path}: ${(err as Error).message}.`);
  }
  return parseTrace(raw, path);
}

/** Parses trace bytes (gzip or plain); `name` is used in messages. */
export function parseTrace(raw: Uint8Array, name = 'trace'): Trace {
  let bytes = raw;
  if (raw.length >= 2 && raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzipSync(raw);
    } catch (err) {
      throw new TraceFormatError(`${name}: gzip data is corrupt (${(err as Error).message}).`);
    }
  }
  const lines = strFromU8(bytes)
    .split('\n')
    .filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new TraceFormatError(`${name} is empty; expected a header line and steps.`);
  const header = parseHeader(parseLine(lines[0]!, name, 1), name);
  const steps: TraceStep[] = [];
  for (let i = 1; i < lines.length; i++) {
    const step = parseStep(parseLine(lines[i]!, name, i + 1), name, i + 1);
    if (step.t !== i - 1) {
      throw new TraceFormatError(
        `${name} line ${i + 1}: step t=${step.t}, expected t=${i - 1} (steps must be consecutive).`,
      );
    }
    steps.push(step);
  }
  if (steps.length === 0) throw new TraceFormatError(`${name} has a header but no steps.`);
  return { header, steps };
}

function parseLine(line: string, name: string, lineNo: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new TraceFormatError(`${name} line ${lineNo} is not JSON (${(err as Error).message}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TraceFormatError(`${name} line ${lineNo} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

function field<T>(
  obj: Record<string, unknown>,
  key: string,
  ok: (v: unknown) => v is T,
  what: string,
  where: string,
): T {
  const v = obj[key];
  if (!ok(v)) throw new TraceFormatError(`${where}: field "${key}" must be ${what}, got ${JSON.stringify(v)}.`);
  return v;
}

const isInt = (v: unknown): v is number => Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isIntArray = (v: unknown): v is number[] => Array.isArray(v) && v.every(isInt);

function parseHeader(obj: Record<string, unknown>, name: string): TraceHeader {
  const where = `${name} line 1 (header)`;
  if (obj.kind !== 'header') throw new TraceFormatError(`${where}: expected "kind":"header".`);
  const md5 = field(obj, 'md5', isStr, 'an MD5 string', where).toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(md5)) throw new TraceFormatError(`${where}: md5 "${md5}" is not 32 hex digits.`);
  return {
    rom: field(obj, 'rom', isStr, 'a ROM file name', where),
    md5,
    seed: field(obj, 'seed', isInt, 'an integer', where),
    frameSkip: field(obj, 'frame_skip', isInt, 'an integer', where),
    hold: field(obj, 'hold', isInt, 'an integer', where),
    repeatActionProbability: field(obj, 'repeat_action_probability', isNum, 'a number', where),
    minimalActions: field(obj, 'minimal_actions', isIntArray, 'an array of action ids', where),
    lives: field(obj, 'lives', isInt, 'an integer', where),
    source: typeof obj.source === 'string' ? obj.source : '',
  };
}

function parseStep(obj: Record<string, unknown>, name: string, lineNo: number): TraceStep {
  const where = `${name} line ${lineNo}`;
  const ramHex = field(obj, 'ram', isStr, `${RAM_BYTES * 2} hex digits`, where);
  if (!/^[0-9a-fA-F]*$/.test(ramHex) || ramHex.length !== RAM_BYTES * 2) {
    throw new TraceFormatError(`${where}: "ram" must be ${RAM_BYTES * 2} hex digits, got ${ramHex.length} characters.`);
  }
  const screen = field(obj, 'screen', isStr, `${HASH_HEX_DIGITS} hex digits`, where).toLowerCase();
  if (!/^[0-9a-f]{16}$/.test(screen))
    throw new TraceFormatError(`${where}: "screen" must be ${HASH_HEX_DIGITS} hex digits.`);
  return {
    t: field(obj, 't', isInt, 'an integer', where),
    a: field(obj, 'a', isInt, 'an action id', where),
    r: field(obj, 'r', isNum, 'a number', where),
    lives: field(obj, 'lives', isInt, 'an integer', where),
    over: field(obj, 'over', isBool, 'true or false', where),
    frame: field(obj, 'frame', isInt, 'an integer', where),
    ram: hexToBytes(ramHex),
    screen,
  };
}

/** FNV-1a 64-bit offset basis 14695981039346656037 (Fowler–Noll–Vo), as two 32-bit halves. */
const FNV64_OFFSET_HI = 0xcbf29ce4;
const FNV64_OFFSET_LO = 0x84222325;
/**
 * The basis the native-ALE trace recorder actually used: 1469598103934665603, FORMAT.md's
 * 14695981039346656037 without its last digit. FNV-1a from this basis reproduces the `screen`
 * field of all 96 traces (checked by test/ale/trace.test.ts and the replay suites); from the
 * standard basis, none.
 */
export const TRACE_SCREEN_HASH_BASIS = 1469598103934665603n;
const TWO_POW_32 = 4294967296;
/** FNV-1a 64 prime 1099511628211 = 2^40 + 0x1b3: the multiply is (h × 0x1b3) + (h << 40). */
const FNV64_PRIME_LOW = 0x1b3;
const FNV64_PRIME_SHIFT_INTO_HI = 8; // 40 - 32
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * FNV-1a 64 of `bytes` as 16 lowercase hex digits, from the standard offset basis or from `basis`
 * (a 64-bit unsigned BigInt).
 */
export function fnv1a64(bytes: Uint8Array, basis?: bigint): string {
  let hi = FNV64_OFFSET_HI;
  let lo = FNV64_OFFSET_LO;
  if (basis !== undefined) {
    if (basis < 0n || basis > UINT64_MAX) throw new RangeError(`FNV basis ${basis} is not a 64-bit unsigned integer`);
    hi = Number(basis >> 32n);
    lo = Number(basis & 0xffffffffn);
  }
  for (let i = 0; i < bytes.length; i++) {
    lo ^= bytes[i]!;
    // 64-bit multiply by the prime in 32-bit halves; every intermediate stays below 2^53.
    const loProduct = (lo >>> 0) * FNV64_PRIME_LOW;
    const carry = Math.floor(loProduct / TWO_POW_32);
    const newHi = hi * FNV64_PRIME_LOW + carry + ((lo << FNV64_PRIME_SHIFT_INTO_HI) >>> 0);
    lo = loProduct >>> 0;
    hi = newHi >>> 0;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** A screen's hash as the traces' `screen` field holds it (FNV-1a 64 from the recorder's basis). */
export function traceScreenHash(screen: Uint8Array): string {
  return fnv1a64(screen, TRACE_SCREEN_HASH_BASIS);
}
