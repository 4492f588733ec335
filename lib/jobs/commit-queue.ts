import type PgBoss from "pg-boss";
import type { Database } from "@/db/client";
import { withQueueDdlLock, type BossSettings } from "./boss";

/** What a commit job carries: the import to run and who confirmed it (platform admins commit as such). */
export type CommitJob = { importId: string; organizationId: string; isPlatformAdmin: boolean };

/**
 * One queue per organization with pg-boss's `singleton` policy: at most one of its jobs is active,
 * the others wait in line, and organizations do not wait for each other. (One shared queue with a
 * singletonKey would not do: pg-boss 10 takes the oldest job first, and when that one's key is busy
 * it fetches nothing, so one organization's backlog would stall all the others.)
 */
export const COMMIT_QUEUE_PREFIX = "import-commit-";
export const commitQueueName = (organizationId: string) => `${COMMIT_QUEUE_PREFIX}${organizationId}`;

/** A crashed job is retried this many times (each after its expiry) before it stays failed. */
const RETRY_LIMIT = 5;

export async function sendCommitJob({ boss, database, settings, job }: { boss: PgBoss; database: Database; settings: BossSettings; job: CommitJob }): Promise<void> {
  const name = commitQueueName(job.organizationId);
  const options = { retryLimit: RETRY_LIMIT, retryDelay: 1, expireInSeconds: settings.expireSeconds };
  // A new organization's queue is a new partition table: created once, one process at a time.
  if (!(await boss.getQueue(name))) await withQueueDdlLock(database, () => boss.createQueue(name, { name, policy: "singleton", ...options }));
  const id = await boss.send(name, job, options);
  if (!id) throw new Error(`The job queue refused the commit of import ${job.importId}.`);
}
