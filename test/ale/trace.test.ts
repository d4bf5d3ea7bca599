import { readdirSync } from 'node:fs';
import { gzipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { TraceFormatError } from '../../src/ale/errors.js';
import { LcgPolicy } from '../../src/ale/lcg-policy.js';
import { fnv1a64, parseTrace, readTrace, TRACE_SCREEN_HASH_BASIS, traceScreenHash } from '../../src/ale/trace.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    // Fowler–Noll–Vo reference vectors (isthe.com/chongo/tech/comp/fnv).
    expect(fnv1a64(new Uint8Array(0))).toBe('cbf29ce484222325');
    expect(fnv1a64(utf8('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64(utf8('foobar'))).toBe('85944171f73967e8');
  });

  it('starts from another basis when given one', () => {
    expect(fnv1a64(new Uint8Array(0), 0x0123456789abcdefn)).toBe('0123456789abcdef');
    expect(fnv1a64(utf8('a'), 14695981039346656037n)).toBe(fnv1a64(utf8('a')));
    expect(() => fnv1a64(utf8('a'), -1n)).toThrow(RangeError);
  });

  it('matches a BigInt reference on a screen-sized buffer', () => {
    const bytes = new Uint8Array(210 * 160);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + (i >> 7)) & 0xfe;
    let h = 14695981039346656037n;
    for (const b of bytes) h = ((h ^ BigInt(b)) * 1099511628211n) & 0xffffffffffffffffn;
    expect(fnv1a64(bytes)).toBe(h.toString(16).padStart(16, '0'));
  });
});

const HEADER =
  '{"kind":"header","rom":"pong.bin","seed":7,"frame_skip":1,"hold":4,"repeat_action_probability":0,"minimal_actions":[0,1,3,4,11,12],"lives":0,"md5":"60e0ea3cbe0913d39803477945e9e5ec","source":"x"}';
const step = (t: number, extra = '') =>
  `{"t":${t},"a":${t === 0 ? -1 : 3},"r":0,"lives":0,"over":false,"frame":${t},"ram":"${'00'.repeat(128)}","screen":"79acb89be6e06b63"${extra}}`;

describe('parseTrace', () => {
  it('reads plain and gzip-compressed traces alike', () => {
    const text = [HEADER, step(0), step(1)].join('\n');
    for (const bytes of [strToU8(text), gzipSync(strToU8(text))]) {
      const trace = parseTrace(bytes);
      expect(trace.header).toMatchObject({
        rom: 'pong.bin',
        seed: 7,
        frameSkip: 1,
        hold: 4,
        minimalActions: [0, 1, 3, 4, 11, 12],
      });
      expect(trace.steps).toHaveLength(2);
      expect(trace.steps[1]).toMatchObject({ t: 1, a: 3, frame: 1, over: false, screen: '79acb89be6e06b63' });
      expect(trace.steps[1]!.ram).toHaveLength(128);
    }
  });

  it('names the line that breaks the format', () => {
    expect(() => parseTrace(strToU8(''))).toThrow(TraceFormatError);
    expect(() => parseTrace(strToU8(HEADER))).toThrow(/no steps/);
    expect(() => parseTrace(strToU8(`${HEADER}\n{"t":0`))).toThrow(/line 2 is not JSON/);
    expect(() => parseTrace(strToU8(`${step(0)}\n${step(1)}`))).toThrow(/header/);
    expect(() => parseTrace(strToU8(`${HEADER}\n${step(0)}\n${step(2)}`))).toThrow(/t=2, expected t=1/);
    const shortRam = step(0).replace('0000"', '"');
    expect(() => parseTrace(strToU8(`${HEADER}\n${shortRam}`))).toThrow(/"ram" must be 256 hex digits/);
    expect(() => parseTrace(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).toThrow(/gzip/);
  });
});

describeShared('native-ALE traces', () => {
  const dirs = ['frameskip1', 'sticky'];

  it("hash screens from the recorder's basis, FORMAT.md's offset without its last digit", () => {
    expect(TRACE_SCREEN_HASH_BASIS).toBe(1469598103934665603n);
    // Q*bert's screen right after its first step is black (210 lines), as is Amidar's after loading
    // (a PAL cartridge: 250 lines); the traces record exactly the hash of a black screen of that size.
    const qbert = readTrace(sharedPath('ale-traces', 'frameskip1', 'qbert.jsonl.gz'));
    const amidar = readTrace(sharedPath('ale-traces', 'frameskip1', 'amidar.jsonl.gz'));
    expect(traceScreenHash(new Uint8Array(210 * 160))).toBe(qbert.steps[1]!.screen);
    expect(traceScreenHash(new Uint8Array(250 * 160))).toBe(amidar.steps[0]!.screen);
    expect(fnv1a64(new Uint8Array(210 * 160))).not.toBe(qbert.steps[1]!.screen);
  });

  it('all parse, and their actions are the LCG policy of FORMAT.md', () => {
    let files = 0;
    for (const dir of dirs) {
      for (const file of readdirSync(sharedPath('ale-traces', dir)).filter((f) => f.endsWith('.jsonl.gz'))) {
        const trace = readTrace(sharedPath('ale-traces', dir, file));
        const policy = new LcgPolicy(trace.header.seed, trace.header.minimalActions, trace.header.hold);
        const actions = trace.steps.slice(1).map((s) => s.a);
        expect(actions, `${dir}/${file}`).toEqual(actions.map(() => policy.nextAction()));
        files++;
      }
    }
    expect(files).toBe(96);
  });
});
