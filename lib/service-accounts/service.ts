import { createPublicKey } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { organizations, roleEnum, serviceAccounts } from "@/db/schema";
import { generateApiKey, parseApiKey, secretMatches } from "./keys";

const pem = z
  .string()
  .trim()
  .max(10_000)
  .refine((value) => {
    try {
      return createPublicKey(value).asymmetricKeyType === "rsa";
    } catch {
      return false;
    }
  }, "Paste an RSA public key in PEM form (-----BEGIN PUBLIC KEY-----)");

export const serviceAccountInputSchema = z.object({
  name: z.string().trim().min(1, "Give the account a name").max(100),
  role: z.enum(roleEnum.enumValues),
  rsaPublicKey: z.preprocess((v) => (v === "" ? undefined : v), pem.optional()),
  /** A date (the key works through that day, UTC) or nothing: no expiry. */
  expiresOn: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.iso
      .date("Enter the expiry as a date (YYYY-MM-DD)")
      .refine((d) => Date.parse(`${d}T23:59:59.999Z`) > Date.now(), "The expiry must be in the future")
      .optional(),
  ),
});
// expiresAt: for callers with an exact instant (tests, scripts); the form sends a date.
export type ServiceAccountInput = z.infer<typeof serviceAccountInputSchema> & { expiresAt?: Date };

/** Creates the account and returns its API key: the only time the key is ever shown. */
export async function createServiceAccount({ db, organizationId, input, createdByUserId }: { db: DbOrTx; organizationId: string; input: ServiceAccountInput; createdByUserId?: string }) {
  const { key, prefix, hash } = generateApiKey();
  const [account] = await db
    .insert(serviceAccounts)
    .values({
      organizationId,
      name: input.name,
      role: input.role,
      rsaPublicKey: input.rsaPublicKey ?? null,
      keyPrefix: prefix,
      keyHash: hash,
      createdByUserId,
      expiresAt: input.expiresOn ? new Date(`${input.expiresOn}T23:59:59.999Z`) : (input.expiresAt ?? null),
    })
    .returning();
  return { account: account!, apiKey: key };
}

export async function listServiceAccounts({ db, organizationId }: { db: DbOrTx; organizationId: string }) {
  return db
    .select({
      id: serviceAccounts.id,
      name: serviceAccounts.name,
      role: serviceAccounts.role,
      keyPrefix: serviceAccounts.keyPrefix,
      hasPublicKey: serviceAccounts.rsaPublicKey,
      createdAt: serviceAccounts.createdAt,
      lastUsedAt: serviceAccounts.lastUsedAt,
      revokedAt: serviceAccounts.revokedAt,
      expiresAt: serviceAccounts.expiresAt,
      expired: sql<boolean>`coalesce(${serviceAccounts.expiresAt} <= now(), false)`,
    })
    .from(serviceAccounts)
    .where(eq(serviceAccounts.organizationId, organizationId))
    .orderBy(asc(serviceAccounts.createdAt));
}

export async function revokeServiceAccount({ db, organizationId, id }: { db: DbOrTx; organizationId: string; id: string }) {
  const [revoked] = await db
    .update(serviceAccounts)
    .set({ revokedAt: new Date() })
    .where(and(eq(serviceAccounts.id, id), eq(serviceAccounts.organizationId, organizationId), isNull(serviceAccounts.revokedAt)))
    .returning({ id: serviceAccounts.id });
  return !!revoked;
}

/** The account and organization of a live key, or null (unknown, malformed, revoked or expired). */
export async function authenticateApiKey({ db, key }: { db: DbOrTx; key: string }) {
  const parsed = parseApiKey(key);
  if (!parsed) return null;
  const [row] = await db
    .select({ account: serviceAccounts, organization: organizations })
    .from(serviceAccounts)
    .innerJoin(organizations, eq(organizations.id, serviceAccounts.organizationId))
    .where(eq(serviceAccounts.keyPrefix, parsed.prefix));
  if (!row || row.account.revokedAt || !secretMatches(parsed.secret, row.account.keyHash)) return null;
  if (row.account.expiresAt && row.account.expiresAt.getTime() <= Date.now()) return null;
  await db.update(serviceAccounts).set({ lastUsedAt: new Date() }).where(eq(serviceAccounts.id, row.account.id));
  return row;
}
