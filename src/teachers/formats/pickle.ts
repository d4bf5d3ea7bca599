/**
 * A restricted unpickler for PyTorch checkpoints. It understands the pickle opcodes (protocols 0-5)
 * that state_dicts use and rebuilds only dicts, lists, tuples, scalars, strings and tensor
 * references. Every global the pickle names must be on ALLOWED_GLOBALS; anything else (classes,
 * functions, `os.system`, …) raises UnsafePickleError before it could be called. Nothing in the
 * file is ever executed: REDUCE and BUILD only reach the small JS constructors below.
 */
import { TeacherFormatError, UnsafePickleError } from '../errors.js';
import type { DType } from './tensors.js';

/** A storage the pickle refers to by persistent id ('storage', type, key, location, numel). */
export interface StorageRef {
  readonly kind: 'storage';
  readonly dtype: DType;
  readonly key: string;
  readonly numel: number;
}

/** A tensor view of a storage (torch._utils._rebuild_tensor_v2's arguments). */
export interface TensorRef {
  readonly kind: 'tensor';
  readonly storage: StorageRef;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

/** A Python dict or OrderedDict; keys in insertion order. */
export type PickleDict = Map<unknown, unknown>;

/** Marker for a storage class (torch.FloatStorage, …) named by a GLOBAL. */
interface StorageType {
  readonly kind: 'storage-type';
  readonly dtype: DType;
}

/** What a whitelisted global is when the pickle calls it. */
type Callable = (args: unknown[]) => unknown;

/** torch storage classes and the element type of their data files. */
const STORAGE_TYPES: Readonly<Record<string, DType>> = {
  FloatStorage: 'F32',
  DoubleStorage: 'F64',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
};

const isStorage = (v: unknown): v is StorageRef =>
  typeof v === 'object' && v !== null && (v as StorageRef).kind === 'storage';
const isIntList = (v: unknown): v is number[] => Array.isArray(v) && v.every((d) => Number.isInteger(d));

function rebuildTensor(args: unknown[]): TensorRef {
  const [storage, offset, shape, stride] = args;
  if (
    !isStorage(storage) ||
    !Number.isInteger(offset) ||
    !isIntList(shape) ||
    !isIntList(stride) ||
    shape.length !== stride.length
  ) {
    throw new TeacherFormatError('pickle: malformed tensor (expected storage, offset, size, stride)');
  }
  return { kind: 'tensor', storage, offset: offset as number, shape, stride };
}

/** The only globals a checkpoint may name, as `module name`. */
const ALLOWED_GLOBALS: ReadonlyMap<string, Callable | StorageType> = new Map<string, Callable | StorageType>([
  ['collections OrderedDict', () => new Map()],
  ['torch._utils _rebuild_tensor_v2', rebuildTensor],
  ['torch._utils _rebuild_tensor', rebuildTensor],
  // nn.Parameter(data, requires_grad, hooks[, state]): keep the data.
  ['torch._utils _rebuild_parameter', (args) => args[0]],
  ['torch._utils _rebuild_parameter_with_state', (args) => args[0]],
  ...Object.entries(STORAGE_TYPES).map(
    ([name, dtype]) => [`torch ${name}`, { kind: 'storage-type', dtype } as StorageType] as [string, StorageType],
  ),
]);

const MARK = Symbol('mark');

/** Opcode bytes (Python's pickletools names). */
const OP = {
  MARK: 0x28,
  STOP: 0x2e,
  POP: 0x30,
  POP_MARK: 0x31,
  DUP: 0x32,
  FLOAT: 0x46,
  INT: 0x49,
  BININT: 0x4a,
  BININT1: 0x4b,
  LONG: 0x4c,
  BININT2: 0x4d,
  NONE: 0x4e,
  PERSID: 0x50,
  BINPERSID: 0x51,
  REDUCE: 0x52,
  STRING: 0x53,
  BINSTRING: 0x54,
  SHORT_BINSTRING: 0x55,
  UNICODE: 0x56,
  BINUNICODE: 0x58,
  APPEND: 0x61,
  BUILD: 0x62,
  GLOBAL: 0x63,
  DICT: 0x64,
  EMPTY_DICT: 0x7d,
  APPENDS: 0x65,
  GET: 0x67,
  BINGET: 0x68,
  LONG_BINGET: 0x6a,
  LIST: 0x6c,
  EMPTY_LIST: 0x5d,
  PUT: 0x70,
  BINPUT: 0x71,
  LONG_BINPUT: 0x72,
  SETITEM: 0x73,
  TUPLE: 0x74,
  EMPTY_TUPLE: 0x29,
  SETITEMS: 0x75,
  BINFLOAT: 0x47,
  BINBYTES: 0x42,
  SHORT_BINBYTES: 0x43,
  PROTO: 0x80,
  TUPLE1: 0x85,
  TUPLE2: 0x86,
  TUPLE3: 0x87,
  NEWTRUE: 0x88,
  NEWFALSE: 0x89,
  LONG1: 0x8a,
  LONG4: 0x8b,
  SHORT_BINUNICODE: 0x8c,
  BINUNICODE8: 0x8d,
  BINBYTES8: 0x8e,
  EMPTY_SET: 0x8f,
  ADDITEMS: 0x90,
  FROZENSET: 0x91,
  STACK_GLOBAL: 0x93,
  MEMOIZE: 0x94,
  FRAME: 0x95,
} as const;

/** Opcodes that create objects from arbitrary classes: refused outright. */
const REFUSED: Readonly<Record<number, string>> = {
  105: 'INST',
  111: 'OBJ',
  129: 'NEWOBJ',
  146: 'NEWOBJ_EX',
  130: 'EXT1',
  131: 'EXT2',
  132: 'EXT4',
};

const HIGHEST_PROTOCOL = 5;

/** Little-endian two's-complement integer of `bytes` (LONG1/LONG4). */
function decodeLong(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  if (bytes[bytes.length - 1]! & 0x80) v -= 1n << BigInt(8 * bytes.length);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new TeacherFormatError(`pickle: integer ${v} is too large`);
  return n;
}

/**
 * Unpickles `data`. `persistentLoad` resolves persistent ids (torch storages). `source` names the
 * file in messages.
 */
export function unpickle(data: Uint8Array, persistentLoad: (pid: unknown) => unknown, source: string): unknown {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const text = new TextDecoder('utf-8', { fatal: false });
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let pos = 0;

  const fail = (message: string): never => {
    throw new TeacherFormatError(`${source}: pickle ${message} at byte ${pos}`);
  };
  const need = (n: number) => {
    if (pos + n > data.length) fail(`is truncated (needs ${n} more bytes)`);
  };
  const u8 = () => {
    need(1);
    return data[pos++]!;
  };
  const u16 = () => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = () => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const i32 = () => {
    need(4);
    const v = view.getInt32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = () => {
    need(8);
    const v = Number(view.getBigUint64(pos, true));
    pos += 8;
    return v;
  };
  const bytes = (n: number) => {
    need(n);
    const b = data.subarray(pos, pos + n);
    pos += n;
    return b;
  };
  const line = () => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) fail('is truncated (unterminated text line)');
    const s = text.decode(data.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = () => {
    if (stack.length === 0) fail('pops an empty stack');
    return stack.pop();
  };
  const top = () => {
    if (stack.length === 0) fail('reads an empty stack');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) fail('has no MARK');
    const items = stack.splice(i);
    items.shift();
    return items;
  };
  const getMemo = (i: number) => {
    if (!memo.has(i)) fail(`reads memo ${i} before it is written`);
    return memo.get(i);
  };
  const resolveGlobal = (module: string, name: string) => {
    const g = ALLOWED_GLOBALS.get(`${module} ${name}`);
    if (!g) {
      throw new UnsafePickleError(
        `${source}: the pickle names ${module}.${name}, which is not a tensor or dict constructor; refusing to load it ` +
          '(it could run code). Save a plain state_dict (torch.save(model.state_dict(), path)) and load that.',
      );
    }
    return g;
  };
  const setItems = (dict: unknown, items: unknown[]) => {
    if (!(dict instanceof Map)) fail('sets items on something that is not a dict');
    if (items.length % 2 !== 0) fail('has an odd number of dict items');
    for (let i = 0; i < items.length; i += 2) (dict as PickleDict).set(items[i], items[i + 1]);
  };
  const append = (list: unknown, items: unknown[]) => {
    if (!Array.isArray(list)) fail('appends to something that is not a list');
    (list as unknown[]).push(...items);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case OP.PROTO: {
        const proto = u8();
        if (proto > HIGHEST_PROTOCOL) fail(`protocol ${proto} is newer than ${HIGHEST_PROTOCOL}`);
        break;
      }
      case OP.FRAME:
        u64();
        break;
      case OP.STOP:
        if (stack.length !== 1) fail(`ends with ${stack.length} values on the stack`);
        return stack[0];
      case OP.MARK:
        stack.push(MARK);
        break;
      case OP.POP:
        pop();
        break;
      case OP.POP_MARK:
        popMark();
        break;
      case OP.DUP:
        stack.push(top());
        break;
      case OP.NONE:
        stack.push(null);
        break;
      case OP.NEWTRUE:
        stack.push(true);
        break;
      case OP.NEWFALSE:
        stack.push(false);
        break;
      case OP.BININT:
        stack.push(i32());
        break;
      case OP.BININT1:
        stack.push(u8());
        break;
      case OP.BININT2:
        stack.push(u16());
        break;
      case OP.LONG1:
        stack.push(decodeLong(bytes(u8())));
        break;
      case OP.LONG4:
        stack.push(decodeLong(bytes(u32())));
        break;
      case OP.INT: {
        const s = line();
        stack.push(s === '00' ? false : s === '01' ? true : Number.parseInt(s, 10));
        break;
      }
      case OP.LONG:
        stack.push(Number.parseInt(line().replace(/L$/, ''), 10));
        break;
      case OP.FLOAT:
        stack.push(Number.parseFloat(line()));
        break;
      case OP.BINFLOAT: {
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      }
      case OP.BINUNICODE:
        stack.push(text.decode(bytes(u32())));
        break;
      case OP.SHORT_BINUNICODE:
        stack.push(text.decode(bytes(u8())));
        break;
      case OP.BINUNICODE8:
        stack.push(text.decode(bytes(u64())));
        break;
      case OP.UNICODE:
        stack.push(line());
        break;
      case OP.BINSTRING:
        stack.push(text.decode(bytes(u32())));
        break;
      case OP.SHORT_BINSTRING:
        stack.push(text.decode(bytes(u8())));
        break;
      case OP.STRING:
        stack.push(line().replace(/^(['"])(.*)\1$/, '$2'));
        break;
      case OP.BINBYTES:
        stack.push(bytes(u32()).slice());
        break;
      case OP.SHORT_BINBYTES:
        stack.push(bytes(u8()).slice());
        break;
      case OP.BINBYTES8:
        stack.push(bytes(u64()).slice());
        break;
      case OP.EMPTY_DICT:
        stack.push(new Map());
        break;
      case OP.DICT: {
        const d = new Map();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case OP.EMPTY_LIST:
        stack.push([]);
        break;
      case OP.LIST:
        stack.push(popMark());
        break;
      case OP.EMPTY_TUPLE:
        stack.push(Object.freeze([]));
        break;
      case OP.TUPLE:
        stack.push(Object.freeze(popMark()));
        break;
      case OP.TUPLE1:
        stack.push(Object.freeze([pop()]));
        break;
      case OP.TUPLE2: {
        const b = pop();
        const a = pop();
        stack.push(Object.freeze([a, b]));
        break;
      }
      case OP.TUPLE3: {
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push(Object.freeze([a, b, c]));
        break;
      }
      case OP.EMPTY_SET:
        stack.push(new Set());
        break;
      case OP.ADDITEMS: {
        const items = popMark();
        const set = top();
        if (!(set instanceof Set)) fail('adds items to something that is not a set');
        for (const item of items) (set as Set<unknown>).add(item);
        break;
      }
      case OP.FROZENSET:
        stack.push(new Set(popMark()));
        break;
      case OP.APPEND: {
        const item = pop();
        append(top(), [item]);
        break;
      }
      case OP.APPENDS: {
        const items = popMark();
        append(top(), items);
        break;
      }
      case OP.SETITEM: {
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case OP.SETITEMS: {
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case OP.BINPUT:
        memo.set(u8(), top());
        break;
      case OP.LONG_BINPUT:
        memo.set(u32(), top());
        break;
      case OP.PUT:
        memo.set(Number.parseInt(line(), 10), top());
        break;
      case OP.MEMOIZE:
        memo.set(memo.size, top());
        break;
      case OP.BINGET:
        stack.push(getMemo(u8()));
        break;
      case OP.LONG_BINGET:
        stack.push(getMemo(u32()));
        break;
      case OP.GET:
        stack.push(getMemo(Number.parseInt(line(), 10)));
        break;
      case OP.GLOBAL: {
        const module = line();
        const name = line();
        stack.push(resolveGlobal(module, name));
        break;
      }
      case OP.STACK_GLOBAL: {
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs two strings');
        stack.push(resolveGlobal(module as string, name as string));
        break;
      }
      case OP.BINPERSID:
        stack.push(persistentLoad(pop()));
        break;
      case OP.PERSID:
        stack.push(persistentLoad(line()));
        break;
      case OP.REDUCE: {
        const args = pop();
        const fn = pop();
        if (typeof fn !== 'function' || !Array.isArray(args))
          fail('REDUCE needs an allowed callable and an argument tuple');
        stack.push((fn as Callable)(args as unknown[]));
        break;
      }
      case OP.BUILD: {
        // Only OrderedDict instance state (e.g. state_dict's `_metadata`) reaches here: ignore it.
        pop();
        if (!(top() instanceof Map)) fail('BUILD on something that is not a dict');
        break;
      }
      default: {
        const refused = REFUSED[op];
        if (refused) {
          throw new UnsafePickleError(
            `${source}: the pickle uses ${refused}, which builds arbitrary objects; refusing to load it`,
          );
        }
        fail(`has unsupported opcode 0x${op.toString(16)}`);
      }
    }
  }
}

/** Storage type marker → element type (for persistent ids). */
export function storageDType(t: unknown): DType | undefined {
  return typeof t === 'object' && t !== null && (t as StorageType).kind === 'storage-type'
    ? (t as StorageType).dtype
    : undefined;
}
