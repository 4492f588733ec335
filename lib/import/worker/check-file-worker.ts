/**
 * Worker-thread entry: reads and checks uploads one at a time, apart from the server's event loop,
 * under the memory budget its parent gave it (the parent stops it past the time budget).
 */
import { parentPort } from "node:worker_threads";
import type { RowResult } from "../command";
import type { ImportContext } from "../dialects/context";
import { readSheet, type ReadOptions } from "../read";
import type { FileRefusal, Result } from "../refusal";
import { checkSheet, type CheckedSheet, type MappingRequest } from "../validate-file";

export type CheckFileTask = { bytes: Uint8Array; context: ImportContext; read: ReadOptions; mapping?: MappingRequest };

/**
 * Rows go back in chunks, each sent only once the parent asked for it: messages that arrive
 * together are deserialized in one go, and 100,000 rows at once hold the parent for seconds.
 */
export const ROWS_PER_MESSAGE = 250;
export type CheckFileMessage = { kind: "rows"; rows: RowResult[] } | { kind: "done"; result: Result<Omit<CheckedSheet, "rows">, FileRefusal> };
export type ParentMessage = { kind: "task"; task: CheckFileTask } | { kind: "next" };

const port = parentPort!;
const post = (message: CheckFileMessage) => port.postMessage(message);
let askedForNext: (() => void) | null = null;

async function run(task: CheckFileTask) {
  const sheet = readSheet(task.bytes, task.context.limits, task.read);
  const checked = sheet.ok ? checkSheet(sheet.value, task.context, task.mapping) : sheet;
  if (!checked.ok) return post({ kind: "done", result: checked });
  const { rows, ...rest } = checked.value;
  for (let i = 0; i < rows.length; i += ROWS_PER_MESSAGE) {
    post({ kind: "rows", rows: rows.slice(i, i + ROWS_PER_MESSAGE) });
    await new Promise<void>((resolve) => (askedForNext = resolve));
  }
  post({ kind: "done", result: { ok: true, value: rest } });
}

port.on("message", (message: ParentMessage) => {
  if (message.kind === "next") askedForNext?.();
  else void run(message.task);
});
