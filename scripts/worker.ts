/**
 * `npm run worker`: a process that only runs import commit jobs, for PostgreSQL deployments with
 * N app servers (IN_PROCESS_WORKER=off or on) and M of these on one database. Stops on SIGTERM/SIGINT
 * after the jobs in hand; a job cut off harder is run again by another worker after its expiry.
 */
import { getSecretBox } from "@/app/_lib/secrets";
import { startDatabaseOrExit } from "@/db/runtime";
import { readEnv } from "@/lib/env";
import { startProcessJobs } from "@/lib/jobs/process-jobs";

async function main() {
  const env = readEnv();
  if (!env.DATABASE_URL) {
    console.error("✖ npm run worker needs DATABASE_URL: the embedded database (PGlite) belongs to one process, whose web server runs the jobs itself.");
    process.exit(1);
  }
  await startDatabaseOrExit();
  const label = process.env.WORKER_NAME || `worker-${process.pid}`;
  const jobs = await startProcessJobs({ secrets: getSecretBox(), worker: true, label });
  console.log(`▲ Import worker ${label} running`);
  const stop = async () => {
    await jobs.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

void main();
