import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { imports } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { CommitJob } from "./commit-queue";
import { runCommitJob } from "./run-commit-job";

/** Where confirmed imports go: pg-boss in the app and workers. */
export type ImportQueue = { enqueue: (job: CommitJob) => Promise<void> };

// Next bundles route handlers and instrumentation apart: the registry lives on globalThis, like the database.
const globalState = globalThis as typeof globalThis & { __importQueues?: WeakMap<Db, ImportQueue> };
const queues = (globalState.__importQueues ??= new WeakMap());

/** The app and the worker register their pg-boss queue for their database when they start. */
export function registerImportQueue(db: Db, queue: ImportQueue) {
  queues.set(db, queue);
}

/**
 * The queue of this database. Without one (service tests and scripts that open a database of
 * their own and start no queue) the job runs in this process, before the call returns.
 */
export function importQueueFor(db: Db, secrets: SecretBox): ImportQueue {
  return queues.get(db) ?? { enqueue: async (job) => void (await runCommitJob({ db, secrets, job, resume: false })) };
}

/**
 * Confirm: validated → queued, and a job for it. Only the caller that moves it to queued sends the
 * job, so a double click or a retried request enqueues once. It waits in line behind the
 * organization's running import instead of being refused.
 */
export async function queueImport({ db, queue, job }: { db: Db; queue: ImportQueue; job: CommitJob }): Promise<{ queued: boolean }> {
  const own = and(eq(imports.id, job.importId), eq(imports.organizationId, job.organizationId));
  const [moved] = await db.update(imports).set({ status: "queued" }).where(and(own, eq(imports.status, "validated"))).returning({ id: imports.id });
  if (!moved) return { queued: false };
  try {
    await queue.enqueue(job);
  } catch (error) {
    await db.update(imports).set({ status: "validated" }).where(and(own, eq(imports.status, "queued")));
    throw error;
  }
  return { queued: true };
}
