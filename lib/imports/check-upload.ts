import type { DbOrTx } from "@/db/client";
import type { Organization } from "@/db/schema";
import { readEnv } from "@/lib/env";
import type { ReadOptions } from "@/lib/import/read";
import type { FileRefusal, Result } from "@/lib/import/refusal";
import { finishValidation, type MappingRequest } from "@/lib/import/validate-file";
import { checkFileInWorker, type ReadBudget } from "@/lib/import/worker/check-file";
import { checkFingerprint } from "./check-fingerprint";
import { importContextFor } from "./context";
import { databaseLookup } from "./lookup";

/** Checked rows, with the fingerprint of what they were checked against (check-fingerprint.ts). */
export type Validated = Awaited<ReturnType<typeof finishValidation>> & { fingerprint: string };

/** The read budget of this process (READ_TIME_LIMIT_MS, READ_MEMORY_LIMIT_MB, READ_WORKERS). */
export function readBudget(): ReadBudget {
  const env = readEnv();
  return { timeMs: env.READ_TIME_LIMIT_MS, memoryMb: env.READ_MEMORY_LIMIT_MB, concurrency: env.READ_WORKERS };
}

/**
 * An uploaded file read and checked in a worker thread, then checked against the organization's
 * devices here. Nothing is stored: staging and validate-only calls both start from this.
 */
export async function checkUpload({
  db,
  organization,
  productId,
  isPlatformAdmin,
  bytes,
  read,
  mapping,
  budget = readBudget(),
}: {
  db: DbOrTx;
  organization: Organization;
  productId?: string | null;
  isPlatformAdmin: boolean;
  bytes: Uint8Array;
  read?: ReadOptions;
  /** The console's upload only: offer a mapping for a foreign header, or read through one. */
  mapping?: MappingRequest;
  budget?: ReadBudget;
}): Promise<Result<Validated, FileRefusal>> {
  const context = await importContextFor({ db, organization, productId, isPlatformAdmin });
  const checked = await checkFileInWorker(bytes, context, read, budget, mapping);
  if (!checked.ok) return checked;
  return { ok: true, value: { ...(await finishValidation(checked.value, context, databaseLookup(db, organization.id))), fingerprint: checkFingerprint(context) } };
}
