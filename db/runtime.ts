import { readEnv } from "@/lib/env";
import { openDatabase, type Database, type DbKind } from "./client";
import { DEMO_PASSWORD, demoUsers } from "./demo-data";
import { migrateDatabase } from "./migrate";
import { seedDemoData } from "./seed";

type RuntimeState = {
  ready?: Promise<Database>;
  status: "starting" | "ready" | "failed";
  kind?: DbKind;
  demo?: boolean;
  error?: string;
};

// Next bundles route handlers and instrumentation separately: the one database lives on globalThis.
const globalState = globalThis as typeof globalThis & { __deviceImportDb?: RuntimeState };
const state: RuntimeState = (globalState.__deviceImportDb ??= { status: "starting" });

async function start(): Promise<Database> {
  const env = readEnv();
  const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.pgliteDir });
  state.kind = database.kind;
  await migrateDatabase(database);
  const demo = env.DEMO_DATA ?? (database.kind === "pglite" ? "on" : "off");
  state.demo = demo === "on";
  if (state.demo) {
    await seedDemoData(database.db);
    console.log(`▲ Demo sign-in: ${demoUsers[0]!.email} / ${DEMO_PASSWORD} (also operator@ and viewer@example.com)`);
  }
  console.log(`▲ Database: ${database.kind === "pglite" ? `PGlite in ${env.pgliteDir}` : "PostgreSQL"}, migrations applied`);
  return database;
}

/** Opens, migrates and (for the demo) seeds the database once per process. */
export function getDatabase(): Promise<Database> {
  state.ready ??= start().then(
    (database) => {
      state.status = "ready";
      return database;
    },
    (error: unknown) => {
      state.status = "failed";
      state.error = error instanceof Error ? error.message : String(error);
      throw error;
    },
  );
  return state.ready;
}

export async function getDb() {
  return (await getDatabase()).db;
}

/** For /api/health: never waits for the start to finish. */
export function getDatabaseStatus(): { status: RuntimeState["status"]; kind?: DbKind; error?: string } {
  if (!state.ready) void getDatabase().catch(() => {});
  return { status: state.status, kind: state.kind, error: state.error };
}

/** Whether the demo users exist, so the sign-in page may show their credentials. */
export async function hasDemoData(): Promise<boolean> {
  await getDatabase();
  return state.demo === true;
}

/** For the server's start: a bad DATABASE_URL is one line naming the variable, not a stack trace. */
export async function startDatabaseOrExit(): Promise<void> {
  try {
    await getDatabase();
  } catch (error) {
    console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
