import { Worker } from "node:worker_threads";
import type { ImportContext } from "../dialects/context";
import type { ReadOptions } from "../read";
import { refuse, type FileRefusal, type Result } from "../refusal";
import type { CheckedSheet, MappingRequest } from "../validate-file";
import type { RowResult } from "../command";
import type { CheckFileMessage, ParentMessage } from "./check-file-worker";

export type ReadBudget = {
  /** Wall-clock time for reading and checking one file. */
  timeMs: number;
  /** The worker's V8 heap; past it the worker dies and the file is refused. */
  memoryMb: number;
  /** Files read at once by this process; more wait their turn. */
  concurrency: number;
};

export const defaultReadBudget: ReadBudget = { timeMs: 20_000, memoryMb: 512, concurrency: 2 };

/**
 * Idle workers, kept for the next upload (starting one and loading the readers costs more than
 * most files take to read). A worker that overran its budget is stopped and never comes back.
 * On globalThis: Next bundles instrumentation (which warms one) and route handlers apart, and the
 * process has one pool and one count of files being read.
 */
type Pool = { idle: Worker[]; running: number; waiting: (() => void)[]; started: number; heapOf: WeakMap<Worker, number> };
const globalState = globalThis as typeof globalThis & { __readWorkers?: Pool };
const pool = (globalState.__readWorkers ??= { idle: [], running: 0, waiting: [], started: 0, heapOf: new WeakMap() });
const { idle, waiting, heapOf } = pool;

async function slot(concurrency: number): Promise<() => void> {
  while (pool.running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
  pool.running++;
  return () => {
    pool.running--;
    waiting.shift()?.();
  };
}

/**
 * The worker for this module's entry. Next.js bundles `new Worker(new URL(…, import.meta.url))`
 * (this exact form) into a compiled chunk of its own; outside Next.js (tests, benchmarks, scripts
 * run from source) the .ts entry is loaded through tsx, which those already run on.
 */
function startWorker(memoryMb: number): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, memoryMb / 4) } };
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./check-file-worker.ts", import.meta.url), options);
  const href = JSON.stringify(import.meta.url.replace(/check-file\.ts$/, "check-file-worker.ts"));
  return new Worker(`import("tsx/esm/api").then(({ tsImport }) => tsImport(${href}, ${href}))`, { ...options, eval: true });
}

/**
 * A worker that read a larger file is stopped rather than kept: V8 keeps the heap a read grew
 * (hundreds of MB for 100,000 rows) while the thread idles, on top of the rows the server then
 * stages. Past this size reading takes far longer than starting a worker.
 */
export const KEEP_WORKER_MAX_BYTES = 1024 * 1024;

/** An idle worker with the same heap limit, or a new one; idle workers of another budget are let go. */
function takeWorker(memoryMb: number): Worker {
  for (let worker = idle.pop(); worker; worker = idle.pop()) {
    if (heapOf.get(worker) === memoryMb) return worker;
    void worker.terminate();
  }
  return newWorker(memoryMb);
}

function newWorker(memoryMb: number): Worker {
  const worker = startWorker(memoryMb);
  pool.started++;
  heapOf.set(worker, memoryMb);
  worker.once("exit", () => idle.includes(worker) && idle.splice(idle.indexOf(worker), 1));
  return worker;
}

/**
 * Starts one worker ahead of the first upload (the server calls it at start): a thread and its
 * readers take about half a second to load, which the first file would otherwise wait for. It
 * idles like a used one (unref'd, within the budget's heap limit); none is started when one idles.
 */
export function warmReadWorker(budget: Pick<ReadBudget, "memoryMb"> = defaultReadBudget): void {
  if (idle.some((w) => heapOf.get(w) === budget.memoryMb)) return;
  const worker = newWorker(budget.memoryMb);
  worker.unref();
  idle.push(worker);
}

/** Threads started by this process so far, and how many idle now (for tests). */
export const readWorkerCounts = () => ({ started: pool.started, idle: idle.length });

const tooSlow = (seconds: number) =>
  refuse("READ_TIMEOUT", `The file took too long to read (more than ${seconds} s) and was not imported. Save it again from your spreadsheet as a plain .xlsx or CSV, or split it into smaller files.`);
const tooBig = () =>
  refuse("READ_OUT_OF_MEMORY", "The file needs more memory to read than one upload may use, and was not imported. Split it into smaller files, or save it again as a plain .xlsx or CSV.");

/**
 * Reads and checks an upload in a worker thread, so that no file, however crafted, holds up the
 * server's event loop: past the time or memory budget the worker is stopped and the file refused.
 */
export async function checkFileInWorker(
  bytes: Uint8Array,
  context: ImportContext,
  read: ReadOptions = {},
  budget: ReadBudget = defaultReadBudget,
  mapping?: MappingRequest,
): Promise<Result<CheckedSheet, FileRefusal>> {
  const release = await slot(budget.concurrency);
  try {
    return await new Promise<Result<CheckedSheet, FileRefusal>>((resolve, reject) => {
      const worker = takeWorker(budget.memoryMb);
      const rows: RowResult[] = [];
      let settled = false;
      const settle = (result: Result<CheckedSheet, FileRefusal> | Error, reusable = false) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        if (reusable) {
          // An idle worker must not keep the process alive.
          worker.unref();
          idle.push(worker);
        } else void worker.terminate();
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const onMessage = (message: CheckFileMessage) => {
        if (message.kind === "rows") {
          rows.push(...message.rows);
          // The next chunk comes in a task of its own, after whatever else is waiting.
          setImmediate(() => !settled && worker.postMessage({ kind: "next" } satisfies ParentMessage));
        } else settle(message.result.ok ? { ok: true, value: { ...message.result.value, rows } } : message.result, bytes.length <= KEEP_WORKER_MAX_BYTES);
      };
      const onError = (error: Error & { code?: string }) => settle(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? { ok: false, error: tooBig() } : error);
      const onExit = (code: number) => settle(new Error(`the file-reading worker exited (code ${code}) without an answer`));
      const timer = setTimeout(() => settle({ ok: false, error: tooSlow(Math.round(budget.timeMs / 1000)) }), budget.timeMs);
      worker.on("message", onMessage).once("error", onError).once("exit", onExit);
      worker.ref();
      worker.postMessage({ kind: "task", task: { bytes, context, read, mapping } } satisfies ParentMessage);
    });
  } finally {
    release();
  }
}
