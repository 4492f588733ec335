/** Runs once when the server starts: apply migrations (and demo data) before the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startDatabaseOrExit } = await import("./db/runtime");
  await startDatabaseOrExit();
}
