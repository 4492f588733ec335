import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { organizations, users, type Organization } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { secretBox } from "@/lib/crypto/secret-box";
import { createServiceAccount } from "@/lib/service-accounts/service";
import { createTestDatabase } from "@/test/database";

/** One seeded database per security test file, with an operator key and the demo users. */
export async function securityFixture() {
  const database = await createTestDatabase();
  const db = database.db;
  await seedDemoData(db);
  const organization = async (slug = "acme"): Promise<Organization> => (await db.select().from(organizations).where(eq(organizations.slug, slug)))[0]!;
  const user = async (email = "operator@example.com") => (await db.select().from(users).where(eq(users.email, email)))[0]!;
  const newKey = async (options: { slug?: string; expiresAt?: Date } = {}) =>
    (await createServiceAccount({ db, organizationId: (await organization(options.slug)).id, input: { name: "bot", role: "operator", expiresAt: options.expiresAt } })).apiKey;
  const setLimits = async (values: Partial<Organization>, slug = "acme") => db.update(organizations).set(values).where(eq(organizations.slug, slug));
  return { database, db, organization, user, newKey, setLimits, secrets: secretBox(randomBytes(32)) };
}

export const post = (path: string, key: string | null, body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, { method: "POST", body, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });

/**
 * A body that streams `total` bytes in 64 KB chunks, without Content-Length (chunked), and
 * counts what the server pulled from it: a capped reader stops pulling soon after the limit.
 */
export function chunkedBody(total: number, chunk = 64 * 1024) {
  const piece = new Uint8Array(chunk).fill(0x41);
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      counter.pulled += chunk;
      controller.enqueue(piece);
    },
  });
  return { stream, counter };
}

/** A chunked POST (Request needs duplex: "half" for a stream body). */
export const chunkedPost = (path: string, key: string | null, stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    body: stream,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    duplex: "half",
  } as RequestInit);
