/** Runs once when the server starts: apply migrations (and demo data) before the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase } = await import("./db/runtime");
  try {
    await getDatabase();
  } catch (error) {
    // A bad DATABASE_URL is a one-line message naming the variable, not a stack trace.
    console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
