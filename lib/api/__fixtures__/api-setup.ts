import { generateKeyPairSync, randomBytes } from "node:crypto";
import { Ajv } from "ajv";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { organizations, serviceAccounts } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { secretBox } from "@/lib/crypto/secret-box";
import { createServiceAccount } from "@/lib/service-accounts/service";
import { createTestDatabase } from "@/test/database";
import { openApiDocument } from "../openapi";

export type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

export const secrets = secretBox(randomBytes(32));
export const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });

/** The demo data plus service accounts of each kind the contracts need. */
export async function setUpApi() {
  const database = await createTestDatabase();
  const db = database.db;
  await seedDemoData(db);
  const [acme] = await db.select().from(organizations).where(eq(organizations.slug, "acme"));
  const [globex] = await db.select().from(organizations).where(eq(organizations.slug, "globex"));
  const make = async (organizationId: string, role: "admin" | "operator" | "viewer", rsaPublicKey?: string) =>
    createServiceAccount({ db, organizationId, input: { name: `${role} bot`, role, rsaPublicKey } });
  const platform = await make(acme!.id, "operator");
  // Platform-level is set by operators of the platform, not in the console.
  await db.update(serviceAccounts).set({ isPlatformLevel: true }).where(eq(serviceAccounts.id, platform.account.id));
  const keys = {
    operator: (await make(acme!.id, "operator")).apiKey,
    admin: (await make(acme!.id, "admin")).apiKey,
    withRsa: (await make(acme!.id, "operator", rsa.publicKey)).apiKey,
    viewer: (await make(acme!.id, "viewer")).apiKey,
    globex: (await make(globex!.id, "operator")).apiKey,
    platform: platform.apiKey,
  };
  return { database, db, acme: acme!, globex: globex!, keys };
}

export const post = (path: string, key: string | null, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, { method: "POST", body, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });

export const multipart = (csv: string | Uint8Array, name = "devices.csv") => {
  const form = new FormData();
  form.append("file", new File([csv as BlobPart], name, { type: "text/csv" }));
  return form;
};

// The documented schemas, compiled once; every response a contract test receives is checked against its own.
const doc = openApiDocument();
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ components: doc.components }, "doc");
type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };

const resolveRefs = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/'));

/** Asserts that the response's status is documented for the endpoint and its body matches the documented schema; returns the body. */
export async function documented(path: keyof typeof doc.paths, method: "get" | "post", response: Response): Promise<unknown> {
  const operation = (doc.paths[path] as Record<string, Operation>)[method]!;
  const documentedResponse = operation.responses[String(response.status)];
  expect(documentedResponse, `${method.toUpperCase()} ${path} answered ${response.status}, which is not documented`).toBeDefined();
  const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  const content = documentedResponse!.content ?? {};
  const media = Object.entries(content).find(([t]) => t.split(";")[0]!.trim() === type)?.[1];
  expect(media, `${method.toUpperCase()} ${path} ${response.status} answered ${type}, documented: ${Object.keys(content).join(", ")}`).toBeDefined();
  const body = await response.json();
  const validate = ajv.compile(resolveRefs(media!.schema) as object);
  expect(validate(body) ? [] : validate.errors, `${method.toUpperCase()} ${path} ${response.status} body differs from its schema`).toEqual([]);
  return body;
}
