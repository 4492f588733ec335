/** `npm run db:migrate` / `npm run db:seed` outside the app server. */
import { readEnv } from "@/lib/env";
import { openDatabase } from "./client";
import { migrateDatabase } from "./migrate";
import { seedDemoData } from "./seed";

async function main() {
  const command = process.argv[2];
  if (command !== "migrate" && command !== "seed") throw new Error("usage: tsx db/cli.ts migrate|seed");
  const env = readEnv();
  const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.pgliteDir });
  try {
    await migrateDatabase(database);
    if (command === "seed") await seedDemoData(database.db);
    console.log(`${command}: done on ${database.kind}`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
