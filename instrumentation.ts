/** Runs once when the server starts: apply migrations (and demo data), then start the job queue, before the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startDatabaseOrExit, getDb } = await import("./db/runtime");
  await startDatabaseOrExit();
  // The first upload should not wait for a reading thread to start and load its readers.
  const [{ warmReadWorker }, { readBudget }] = await Promise.all([import("./lib/import/worker/check-file"), import("./lib/imports/check-upload")]);
  warmReadWorker(readBudget());
  const { scheduleStagedExpiry } = await import("./lib/imports/expiry-schedule");
  scheduleStagedExpiry(await getDb());
  const [{ startProcessJobs }, { getSecretBox }] = await Promise.all([import("./lib/jobs/process-jobs"), import("./app/_lib/secrets")]);
  await startProcessJobs({ secrets: getSecretBox(), label: "web" });
}
