import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { organizations, products, users } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { secretBox } from "@/lib/crypto/secret-box";
import { createTestDatabase } from "./database";

/**
 * For one test file: a migrated database with the demo data (made before its tests, dropped after
 * them), a secret box, and the demo's Acme organization, products and admin as the tests look them up.
 * `afterSeed` runs once the data is in (e.g. to sign a mocked user in).
 */
export function demoDatabaseFixture(afterSeed?: () => Promise<void>) {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoData(database.db);
    await afterSeed?.();
  });
  afterAll(() => database.dispose());
  const db = () => database.db;
  return {
    /** The database itself (its driver, e.g. for a second PostgreSQL connection). */
    database: () => database,
    db,
    secrets: secretBox(randomBytes(32)),
    acme: async () => (await db().select().from(organizations).where(eq(organizations.slug, "acme")))[0]!,
    product: async (key: string) => (await db().select().from(products).where(eq(products.productKey, key)))[0]!,
    admin: async () => (await db().select().from(users).where(eq(users.email, "admin@example.com")))[0]!,
  };
}
