import type PgBoss from "pg-boss";
import type { Database } from "@/db/client";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Env } from "@/lib/env";
import { startBoss, type BossSettings } from "./boss";
import { commitQueueName, sendCommitJob } from "./commit-queue";
import { registerImportQueue } from "./import-queue";
import { announceJob, listenForJobs } from "./wake-up";
import { startImportWorker, type ImportWorker } from "./worker";

export type Jobs = { boss: PgBoss; worker?: ImportWorker; stop: () => Promise<void> };

type JobEnv = Pick<Env, "JOB_EXPIRE_SECONDS" | "JOB_MAINTENANCE_SECONDS" | "JOB_POLL_SECONDS">;

/**
 * Starts the process's job queue on its database and registers it for confirms and API calls;
 * with `worker`, this process also runs commit jobs (the app's in-process worker, or `npm run worker`).
 */
export async function startJobs({ database, secrets, env, worker, label }: { database: Database; secrets: SecretBox; env: JobEnv; worker: boolean; label: string }): Promise<Jobs> {
  const settings: BossSettings = { expireSeconds: env.JOB_EXPIRE_SECONDS, maintenanceSeconds: env.JOB_MAINTENANCE_SECONDS };
  const boss = await startBoss(database, settings);
  const running = worker ? startImportWorker({ boss, db: database.db, secrets, label, pollSeconds: env.JOB_POLL_SECONDS }) : undefined;
  // Other processes' jobs: started when announced, not at the next poll.
  const wake = (queue: string) => running!.watch(queue).then(() => running!.notify(queue)).catch((error: unknown) => console.error(`worker ${label}: could not start on ${queue}`, error));
  const listening = running ? listenForJobs(database, (queue) => void wake(queue), label) : undefined;
  registerImportQueue(database.db, {
    enqueue: async (job) => {
      await sendCommitJob({ boss, database, settings, job });
      // This process's worker starts on a new organization's queue now, not at its next look, and
      // fetches the job at once rather than at its next poll.
      const queue = commitQueueName(job.organizationId);
      await running?.watch(queue);
      running?.notify(queue);
      await announceJob(database, queue);
    },
  });
  return {
    boss,
    worker: running,
    stop: async () => {
      running?.stop();
      await listening?.stop();
      // Waits for the jobs in hand: a stopped worker finishes its chunk, the next one resumes the rest.
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
