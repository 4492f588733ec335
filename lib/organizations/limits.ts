import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { organizations } from "@/db/schema";
import { MAX_BYTES_PER_FILE } from "@/lib/http/largest-body";

const limit = (label: string, max: number) =>
  z.coerce
    .number({ error: `${label} must be a whole number` })
    .int(`${label} must be a whole number`)
    .min(1, `${label} must be at least 1`)
    .max(max, `${label} can be at most ${max.toLocaleString("en-US")}`);

/** The limits an admin may set per organization (defaults in the schema). */
export const organizationLimitsSchema = z.object({
  maxRowsPerFile: limit("Rows per file", 100_000),
  maxBytesPerFile: limit("Bytes per file", MAX_BYTES_PER_FILE),
  maxDevicesPerProduct: limit("Devices per product", 1_000_000),
  maxDevicesPerOrganization: limit("Devices per organization", 10_000_000),
  maxBatchSize: limit("API batch size", 10_000),
  apiCallsPerMinute: limit("API calls per minute per key", 10_000),
  userImportsPerMinute: limit("Uploads and confirms per minute per user", 10_000),
  // 20 levels of 128-byte names stay under PostgreSQL's 2,704-byte index row for the path.
  maxGroupDepth: limit("Group depth", 20),
});
export type OrganizationLimits = z.infer<typeof organizationLimitsSchema>;

export async function updateOrganizationLimits({
  db,
  organizationId,
  limits,
}: {
  db: DbOrTx;
  organizationId: string;
  limits: OrganizationLimits;
}) {
  const [updated] = await db.update(organizations).set(limits).where(eq(organizations.id, organizationId)).returning();
  return updated;
}
