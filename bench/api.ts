/** npm run bench (part 3): one EnOS batchCreate of 1,000 devices through the real handler. */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { DEMO_API_KEY } from "@/db/demo-data";
import { handleBatchCreate } from "@/lib/api/enos";
import { secretBox } from "@/lib/crypto/secret-box";
import { createTestDatabase } from "@/test/database";

const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function run(kind: "pglite" | "postgres", count: number) {
  if (kind === "postgres") process.env.TEST_DATABASE_URL = PG_URL;
  else delete process.env.TEST_DATABASE_URL;
  const database = await createTestDatabase();
  try {
    await seedDemoData(database.db);
    await database.db.update(organizations).set({ maxBatchSize: count }).where(eq(organizations.slug, "acme"));
    const deviceList = Array.from({ length: count }, (_, i) => ({
      productKey: "INV5K",
      deviceName: { defaultValue: `Inverter ${i}`, i18nValue: { en_US: `Inverter ${i}` } },
      timezone: "+08:00",
      deviceAttributes: { ratedPower: 5, mpptCount: 2, manufacturer: "Sungrow", phase: "three" },
      deviceKey: `API-${String(i).padStart(6, "0")}`,
    }));
    const request = new Request("http://localhost/connect-service/v2.4/devices?action=batchCreate&orgId=acme", {
      method: "POST",
      headers: { authorization: `Bearer ${DEMO_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ deviceList }),
    });
    const t = performance.now();
    const body = await (await handleBatchCreate(database.db, request, secretBox(randomBytes(32)))).json();
    const ms = performance.now() - t;
    if (body.successSize !== count) throw new Error(`only ${body.successSize} created: ${JSON.stringify(body.data[0])}`);
    return ms;
  } finally {
    await database.dispose();
  }
}

async function main() {
  const table = [];
  for (const kind of ["pglite", "postgres"] as const) table.push({ database: kind, devices: 1000, "batchCreate s": ((await run(kind, 1000)) / 1000).toFixed(2) });
  console.log("\nEnOS batchCreate through the handler (auth, validate, stage, commit, response)\n");
  console.table(table);
}

void main();
