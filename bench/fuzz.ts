/**
 * `npm run bench:fuzz`: the robustness target of issue 3. Loads ≥ 10,000 random, truncated and
 * oversized ROMs (test/ale/robustness/fuzz-corpus.ts: random images of every detectable size, random
 * and wild reset vectors, JAM opcodes, infinite loops, VSYNC-never, WSYNC storms, bankswitch hotspot
 * hammering, odd-size 3F images, truncations and paddings of the real ROMs in ALE_ROM_DIR, empty,
 * maximal and oversized images, forced cartridge types) and runs 60 frames of each. Every case must
 * end in frames or in a typed error: never a crash (wasm trap, EmulatorCoreError, untyped exception)
 * or a hang.
 *
 * `ALEInterface.loadROM` refuses unknown MD5s by design (as ALE), so the ROMs go through `Machine`,
 * the layer the interface builds per ROM; the interface's own error paths are fuzzed separately.
 *
 * Phases:
 * 1. reused instance: all cases through ONE wasm instance (as a long-lived process would), in a
 *    worker thread watched from the main thread: a case running longer than HANG_MS is a hang (the
 *    worker is terminated and restarted after it). Every FRESH_REPLAY_EVERY-th case that ran is
 *    replayed on a fresh instance and must give the same RAM and screen (no state leaks between
 *    loads); every CORRUPT_STATE_EVERY-th gets a damaged machine state loaded (refused or accepted,
 *    then 5 more frames: never a crash).
 * 2. fresh instances: FUZZ_FRESH cases, a new instance each (as ALEInterface does per loadROM), for the
 *    memory comparison.
 * 3. interface: FUZZ_INTERFACE probes of ALEInterface's error paths.
 *
 * Environment: FUZZ_ROMS (10000), FUZZ_SEED (1), FUZZ_FRESH (1000), FUZZ_INTERFACE (1000), ALE_ROM_DIR.
 * Exit code 1 when any target is missed. Last line: {"bench":"fuzz", ...}.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { CaseRandom, FUZZ_KINDS, fuzzCase, type RealRom } from '../test/ale/robustness/fuzz-corpus.js';
import { type CaseResult, FRAMES_PER_CASE, FuzzTarget } from '../test/ale/robustness/fuzz-run.js';
import { InterfaceFuzzer } from '../test/ale/robustness/interface-fuzz.js';
import { percentile } from './stats.js';

/** Issue 3: "≥ 10,000 random, truncated and oversized ROMs". */
const DEFAULT_ROMS = 10_000;
const DEFAULT_FRESH = 1_000;
const DEFAULT_INTERFACE = 1_000;
/**
 * A case may take at most this long (load + 60 frames + state checks). Generous: the slowest
 * legitimate case (60 frames that each hit the 25,000-instruction cap) takes ~100 ms here.
 */
const MAX_MS_PER_ROM = 2_000;
/** Interface cases load real games (reset sequence, mode selection): a bound of their own. */
const MAX_MS_PER_INTERFACE_CASE = 10_000;
/** A case still running after this long is a hang: its worker is terminated. */
const HANG_MS = 20_000;
const WATCHDOG_PERIOD_MS = 250;
const FRESH_REPLAY_EVERY = 10;
const CORRUPT_STATE_EVERY = 8;
/** Issue 3: one instance ≤ 2 MB. */
const MAX_INSTANCE_BYTES = 2 * 1024 * 1024;
const MIB = 1024 * 1024;
/** Cases run before the first memory sample. */
const MEMORY_WARMUP_CASES = 100;

interface WorkerJob {
  readonly phase: 'reused' | 'fresh' | 'interface';
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly romDir: string | undefined;
}

type CompactResult = Pick<
  CaseResult,
  'index' | 'kind' | 'note' | 'size' | 'outcome' | 'errorName' | 'message' | 'ms'
> & {
  readonly framesRun: number;
  readonly roundTrip: CaseResult['roundTrip'];
  /** Fresh-instance replay: 'same' | 'differs' | undefined (not replayed). */
  readonly replay?: 'same' | 'differs';
  readonly corrupt?: 'rejected' | 'accepted' | 'crash';
  readonly corruptError?: string;
};

interface MemorySample {
  readonly wasmBytes: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
}

type WorkerMessage =
  | { readonly type: 'start'; readonly index: number }
  | { readonly type: 'result'; readonly result: CompactResult }
  | {
      readonly type: 'interface';
      readonly result: {
        index: number;
        probe: string;
        outcome: string;
        errorName?: string;
        message?: string;
        ms: number;
      };
    }
  | { readonly type: 'memory'; readonly at: 'start' | 'end'; readonly sample: MemorySample }
  | { readonly type: 'done' };

function loadRealRoms(dir: string | undefined): RealRom[] {
  if (!dir) return [];
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.bin') && statSync(resolve(dir, f)).isFile())
      .sort()
      .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(resolve(dir, f))) }));
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------- worker

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

function memorySample(wasmBytes: number): MemorySample {
  collectGarbage();
  const m = process.memoryUsage();
  return { wasmBytes, rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

function runWorker(job: WorkerJob): void {
  const port = parentPort!;
  const post = (m: WorkerMessage) => port.postMessage(m);
  const roms = loadRealRoms(job.romDir);
  if (job.phase === 'interface') {
    const fuzzer = new InterfaceFuzzer(roms);
    for (let i = job.from; i < job.to; i++) {
      post({ type: 'start', index: i });
      const r = fuzzer.run(job.seed, i);
      post({ type: 'interface', result: { ...r } });
    }
    post({ type: 'done' });
    return;
  }
  // The reused instance draws lazily (frames run again when read); fresh replays draw every frame.
  const reused = job.phase === 'reused' ? new FuzzTarget(undefined, 'lazy') : undefined;
  // Memory growth is measured from the end of a warm-up (JIT, first scheme objects, message buffers).
  const warmupEnd = job.from + Math.min(MEMORY_WARMUP_CASES, Math.floor((job.to - job.from) / 10));
  let lastWasm = 0;
  for (let i = job.from; i < job.to; i++) {
    if (i === warmupEnd) post({ type: 'memory', at: 'start', sample: memorySample(reused?.wasmBytes ?? lastWasm) });
    const c = fuzzCase(job.seed, i, roms);
    post({ type: 'start', index: i });
    const target = reused ?? new FuzzTarget();
    const r = target.run(c);
    lastWasm = target.wasmBytes;
    let replay: CompactResult['replay'];
    let corrupt: CompactResult['corrupt'];
    let corruptError: string | undefined;
    if (reused && r.outcome === 'frames') {
      if (i % FRESH_REPLAY_EVERY === 0) replay = new FuzzTarget().run(c).digest === r.digest ? 'same' : 'differs';
      if (i % CORRUPT_STATE_EVERY === 0) {
        const damaged = reused.corruptState(new CaseRandom(c.inputSeed ^ i));
        corrupt = damaged.outcome;
        corruptError = damaged.errorName && `${damaged.errorName}: ${damaged.message}`;
      }
    }
    const framesRun = r.frames.vsync + r.frames.scanlineCap + r.frames.partial;
    post({
      type: 'result',
      result: {
        index: r.index,
        kind: r.kind,
        note: r.note,
        size: r.size,
        outcome: r.outcome,
        errorName: r.errorName,
        message: r.message,
        ms: r.ms,
        framesRun,
        roundTrip: r.roundTrip,
        replay,
        corrupt,
        corruptError,
      },
    });
  }
  post({ type: 'memory', at: 'end', sample: memorySample(reused?.wasmBytes ?? lastWasm) });
  post({ type: 'done' });
}

// ------------------------------------------------------------------------------------------ main

interface PhaseReport {
  results: CompactResult[];
  interface: { index: number; probe: string; outcome: string; errorName?: string; message?: string; ms: number }[];
  hangs: number[];
  memory: { start?: MemorySample; end?: MemorySample };
  seconds: number;
}

/**
 * A worker running this same TypeScript file. Node 20 workers do not inherit tsx's loader, so a
 * small bootstrap loads the file through tsx's API.
 */
function startWorker(job: WorkerJob): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const self = import.meta.url;
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(self)}, ${JSON.stringify(self)}))`;
  return new Worker(bootstrap, { eval: true, workerData: job });
}

/** Runs cases [from, to) of a phase in workers, restarting after a hang. */
async function runPhase(phase: WorkerJob['phase'], seed: number, count: number, romDir: string | undefined) {
  const report: PhaseReport = { results: [], interface: [], hangs: [], memory: {}, seconds: 0 };
  const t0 = performance.now();
  let next = 0;
  while (next < count) {
    const from = next;
    const outcome = await new Promise<{ resumeAt: number }>((done, fail) => {
      const job: WorkerJob = { phase, seed, from, to: count, romDir };
      const worker = startWorker(job);
      let current = from;
      let startedAt = performance.now();
      let finished = false;
      const watchdog = setInterval(() => {
        if (performance.now() - startedAt > HANG_MS) {
          finished = true;
          clearInterval(watchdog);
          report.hangs.push(current);
          console.log(`HANG: ${phase} case ${current} ran over ${HANG_MS} ms; restarting after it`);
          void worker.terminate().then(() => done({ resumeAt: current + 1 }));
        }
      }, WATCHDOG_PERIOD_MS);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'start') {
          current = m.index;
          startedAt = performance.now();
        } else if (m.type === 'result') report.results.push(m.result);
        else if (m.type === 'interface') report.interface.push(m.result);
        else if (m.type === 'memory') {
          if (m.at === 'start' && !report.memory.start) report.memory.start = m.sample;
          if (m.at === 'end') report.memory.end = m.sample;
        } else if (m.type === 'done') {
          finished = true;
          clearInterval(watchdog);
          void worker.terminate().then(() => done({ resumeAt: count }));
        }
      });
      worker.on('error', (err) => {
        clearInterval(watchdog);
        if (!finished) fail(err);
      });
    });
    next = outcome.resumeAt;
  }
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}

function round(x: number, digits = 2): number {
  return Number(x.toFixed(digits));
}

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

async function main(): Promise<void> {
  const roms = envInt('FUZZ_ROMS', DEFAULT_ROMS);
  const seed = envInt('FUZZ_SEED', 1);
  const freshCount = envInt('FUZZ_FRESH', DEFAULT_FRESH);
  const interfaceCount = envInt('FUZZ_INTERFACE', DEFAULT_INTERFACE);
  const romDir = process.env.ALE_ROM_DIR ?? resolve(import.meta.dirname, '../../shared/roms');
  const realRoms = loadRealRoms(romDir);
  console.log(
    `fuzz: ${roms} ROMs (seed ${seed}), ${realRoms.length} real ROMs from ${romDir} for truncation, ${FRAMES_PER_CASE} frames each`,
  );

  const reused = await runPhase('reused', seed, roms, realRoms.length > 0 ? romDir : undefined);
  const fresh = await runPhase('fresh', seed, Math.min(freshCount, roms), realRoms.length > 0 ? romDir : undefined);
  const iface = await runPhase('interface', seed, interfaceCount, realRoms.length > 0 ? romDir : undefined);

  const results = reused.results;
  const count = (pred: (r: CompactResult) => boolean) => results.filter(pred).length;
  const framesOutcome = count((r) => r.outcome === 'frames');
  const typedErrors = count((r) => r.outcome === 'typed-error');
  const crashes = results.filter((r) => r.outcome === 'crash');
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const maxMs = times[times.length - 1] ?? 0;
  const p99 = percentile(times, 0.99);
  const meanMs = times.reduce((s, t) => s + t, 0) / Math.max(1, times.length);
  const slowest = results.reduce<CompactResult | undefined>((a, r) => (!a || r.ms > a.ms ? r : a), undefined);
  const roundTripMismatches = count((r) => r.roundTrip === 'mismatch');
  const replays = count((r) => r.replay !== undefined);
  const replayMismatches = results.filter((r) => r.replay === 'differs');
  const corrupt = { rejected: 0, accepted: 0, crash: 0 };
  for (const r of results) if (r.corrupt) corrupt[r.corrupt]++;
  const corruptCrashes = results.filter((r) => r.corrupt === 'crash');

  console.log(`\nphase 1 (one reused instance): ${results.length} ROMs in ${reused.seconds.toFixed(1)} s`);
  console.log(
    'kind'.padEnd(16),
    'cases'.padStart(6),
    'frames'.padStart(7),
    'typed'.padStart(6),
    'crash'.padStart(6),
    'max ms'.padStart(8),
    '  typed errors',
  );
  for (const kind of FUZZ_KINDS) {
    const rs = results.filter((r) => r.kind === kind);
    if (rs.length === 0) continue;
    const errors = new Map<string, number>();
    for (const r of rs) if (r.outcome === 'typed-error') errors.set(r.errorName!, (errors.get(r.errorName!) ?? 0) + 1);
    console.log(
      kind.padEnd(16),
      String(rs.length).padStart(6),
      String(rs.filter((r) => r.outcome === 'frames').length).padStart(7),
      String(rs.filter((r) => r.outcome === 'typed-error').length).padStart(6),
      String(rs.filter((r) => r.outcome === 'crash').length).padStart(6),
      Math.max(...rs.map((r) => r.ms))
        .toFixed(1)
        .padStart(8),
      ' ',
      [...errors].map(([name, n]) => `${name} ${n}`).join(', '),
    );
  }
  for (const r of crashes.slice(0, 20))
    console.log(`CRASH case ${r.index} (${r.kind}: ${r.note}): ${r.errorName}: ${r.message}`);
  for (const r of replayMismatches.slice(0, 20))
    console.log(`LEAK case ${r.index} (${r.kind}: ${r.note}): a fresh instance gives another RAM/screen`);
  for (const r of corruptCrashes.slice(0, 20))
    console.log(`CRASH after damaged state, case ${r.index}: ${r.corruptError}`);
  console.log(
    `time per ROM: mean ${meanMs.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${maxMs.toFixed(1)} ms (case ${slowest?.index}, ${slowest?.kind}: ${slowest?.note}); bound ${MAX_MS_PER_ROM} ms`,
  );
  console.log(`state round trips: ${count((r) => r.roundTrip === 'ok')} identical, ${roundTripMismatches} differ`);
  console.log(`fresh-instance replays: ${replays}, differing ${replayMismatches.length}`);
  console.log(`damaged states: ${corrupt.rejected} refused, ${corrupt.accepted} accepted, ${corrupt.crash} crashed`);

  // Memory: one instance across all loads vs a new instance per load.
  const rs = reused.memory;
  const fs = fresh.memory;
  const freshTimes = fresh.results.map((r) => r.ms);
  const freshMean = freshTimes.reduce((s, t) => s + t, 0) / Math.max(1, freshTimes.length);
  const reusedSameCases = results.filter((r) => r.index < fresh.results.length);
  const reusedSameMean = reusedSameCases.reduce((s, r) => s + r.ms, 0) / Math.max(1, reusedSameCases.length);
  const freshCrashes = fresh.results.filter((r) => r.outcome === 'crash').length;
  const memory = {
    reused_wasm_bytes_start: rs.start?.wasmBytes ?? 0,
    reused_wasm_bytes_end: rs.end?.wasmBytes ?? 0,
    reused_rss_growth_mib: round(((rs.end?.rss ?? 0) - (rs.start?.rss ?? 0)) / MIB),
    reused_js_heap_growth_mib: round(((rs.end?.heapUsed ?? 0) - (rs.start?.heapUsed ?? 0)) / MIB),
    fresh_instances: fresh.results.length,
    fresh_wasm_bytes_per_instance: fs.end?.wasmBytes ?? 0,
    fresh_rss_growth_mib: round(((fs.end?.rss ?? 0) - (fs.start?.rss ?? 0)) / MIB),
    fresh_js_heap_growth_mib: round(((fs.end?.heapUsed ?? 0) - (fs.start?.heapUsed ?? 0)) / MIB),
  };
  console.log(
    `\nphase 2 (${fresh.results.length} fresh instances): ${fresh.seconds.toFixed(1)} s, ${freshCrashes} crashes`,
  );
  console.log(
    `memory, reused instance: wasm ${memory.reused_wasm_bytes_start} → ${memory.reused_wasm_bytes_end} bytes, ` +
      `RSS ${memory.reused_rss_growth_mib} MiB, JS heap ${memory.reused_js_heap_growth_mib} MiB after warm-up (after GC)`,
  );
  console.log(
    `memory, fresh instances: ${memory.fresh_wasm_bytes_per_instance} wasm bytes each, RSS ${memory.fresh_rss_growth_mib} MiB, ` +
      `JS heap ${memory.fresh_js_heap_growth_mib} MiB after warm-up (after GC)`,
  );
  console.log(
    `time per ROM on the same cases: reused ${reusedSameMean.toFixed(2)} ms, fresh ${freshMean.toFixed(2)} ms`,
  );

  const ifaceUnexpected = iface.interface.filter((r) => r.outcome !== 'expected');
  const ifaceMax = Math.max(0, ...iface.interface.map((r) => r.ms));
  console.log(
    `\nphase 3 (ALEInterface error paths): ${iface.interface.length} probes in ${iface.seconds.toFixed(1)} s, ` +
      `${ifaceUnexpected.length} unexpected answers, ${iface.hangs.length} hangs, max ${ifaceMax.toFixed(0)} ms`,
  );
  for (const r of ifaceUnexpected.slice(0, 20))
    console.log(`  probe ${r.index} ${r.probe}: ${r.outcome} ${r.errorName ?? ''} ${r.message ?? ''}`);

  const hangs = reused.hangs.length + fresh.hangs.length;
  const failures = [
    results.length + reused.hangs.length < roms && 'not every case ran',
    crashes.length > 0 && `${crashes.length} crashes`,
    hangs > 0 && `${hangs} hangs`,
    maxMs > MAX_MS_PER_ROM && `slowest ROM took ${maxMs.toFixed(0)} ms (bound ${MAX_MS_PER_ROM})`,
    roundTripMismatches > 0 && `${roundTripMismatches} state round trips differ`,
    replayMismatches.length > 0 && `${replayMismatches.length} ROMs behave differently in a reused instance`,
    corrupt.crash > 0 && `${corrupt.crash} crashes after damaged states`,
    freshCrashes > 0 && `${freshCrashes} crashes on fresh instances`,
    memory.reused_wasm_bytes_end > MAX_INSTANCE_BYTES && 'an instance grew past 2 MB',
    memory.reused_wasm_bytes_end !== memory.reused_wasm_bytes_start && 'the reused instance grew',
    ifaceUnexpected.length > 0 && `${ifaceUnexpected.length} unexpected ALEInterface answers`,
    iface.hangs.length > 0 && `${iface.hangs.length} ALEInterface hangs`,
    ifaceMax > MAX_MS_PER_INTERFACE_CASE && `slowest ALEInterface probe took ${ifaceMax.toFixed(0)} ms`,
  ].filter((f): f is string => typeof f === 'string');
  console.log(failures.length === 0 ? '\nall robustness targets met' : `\nFAILED: ${failures.join('; ')}`);

  console.log(
    JSON.stringify({
      bench: 'fuzz',
      roms: results.length + reused.hangs.length,
      seed,
      frames: framesOutcome,
      frames_run: results.reduce((s, r) => s + r.framesRun, 0),
      typed_errors: typedErrors,
      crashes: crashes.length + freshCrashes + corrupt.crash,
      hangs,
      max_ms_per_rom: round(maxMs),
      p99_ms_per_rom: round(p99),
      mean_ms_per_rom: round(meanMs),
      state_round_trip_mismatches: roundTripMismatches,
      fresh_replay_mismatches: replayMismatches.length,
      damaged_states: corrupt,
      interface_probes: iface.interface.length,
      interface_unexpected: ifaceUnexpected.length,
      memory,
      ratios: {
        max_ms_vs_bound: round(maxMs / MAX_MS_PER_ROM, 4),
        reused_wasm_vs_2mb: round(memory.reused_wasm_bytes_end / MAX_INSTANCE_BYTES, 3),
        reused_wasm_end_vs_start: round(memory.reused_wasm_bytes_end / Math.max(1, memory.reused_wasm_bytes_start), 3),
        fresh_vs_reused_ms_per_rom: round(freshMean / Math.max(1e-9, reusedSameMean), 3),
      },
    }),
  );
  process.exitCode = failures.length === 0 ? 0 : 1;
}

if (isMainThread) {
  await main();
} else {
  runWorker(workerData as WorkerJob);
}
