import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { COMMIT_QUEUE_PREFIX, type CommitJob } from "./commit-queue";
import { runCommitJob } from "./run-commit-job";

/** How often a worker looks for organizations' queues it does not watch yet. */
const DISCOVER_EVERY_MS = 2000;

export type ImportWorker = {
  watch: (queue: string) => Promise<void>;
  /** Wakes this process's worker of that queue now instead of at its next poll (a job was just sent from here). */
  notify: (queue: string) => void;
  stop: () => void;
};

/**
 * Runs commit jobs: one pg-boss worker per organization's queue (each takes one job at a time; the
 * queue's singleton policy keeps a second process from running the same organization's next job
 * meanwhile). New organizations' queues are found by looking at pg-boss's queue list.
 */
export function startImportWorker({ boss, db, secrets, label, pollSeconds }: { boss: PgBoss; db: Db; secrets: SecretBox; label: string; pollSeconds: number }): ImportWorker {
  const watched = new Map<string, Promise<string>>();
  const handle = async ([job]: PgBoss.JobWithMetadata<CommitJob>[]) => {
    if (!job) return;
    console.log(`worker ${label}: import ${job.data.importId} (attempt ${job.retryCount + 1})`);
    const run = await runCommitJob({ db, secrets, job: job.data, resume: job.retryCount > 0 });
    console.log(`worker ${label}: import ${job.data.importId} ${run.started ? "done" : "had nothing to run"}`);
  };
  const watch = async (queue: string) => {
    if (!watched.has(queue)) {
      const started = boss.work<CommitJob>(queue, { pollingIntervalSeconds: pollSeconds, batchSize: 1, includeMetadata: true }, handle);
      // A failed start is tried again at the next look.
      started.catch(() => watched.delete(queue));
      watched.set(queue, started);
    }
    await watched.get(queue);
  };
  const discover = async () => {
    const queues = await boss.getQueues();
    for (const q of queues) if (q.name.startsWith(COMMIT_QUEUE_PREFIX)) await watch(q.name);
  };
  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    discover()
      .catch((error: unknown) => console.error(`worker ${label}: listing queues failed`, error))
      .finally(() => (timer = setTimeout(loop, DISCOVER_EVERY_MS)));
  };
  loop();
  const notify = (queue: string) => void watched.get(queue)?.then((id) => boss.notifyWorker(id));
  return { watch, notify, stop: () => clearTimeout(timer) };
}
