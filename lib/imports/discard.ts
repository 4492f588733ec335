import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { importRows, imports } from "@/db/schema";

/** Staged imports no one confirmed are discarded after this long. */
export const STAGED_EXPIRY_DAYS = 7;

/**
 * Ends staged imports ("Awaiting confirmation") as cancelled, with why: their rows go, and with
 * them the sealed passwords and before-images; the history keeps the entry and its counters. Only
 * an import still staged is touched, so a discard racing a confirm loses cleanly to it.
 */
async function cancelStaged(db: DbOrTx, where: ReturnType<typeof and>, reason: string) {
  const ended = await db
    .update(imports)
    .set({ status: "cancelled", finishedAt: new Date(), error: reason })
    .where(and(eq(imports.status, "validated"), where))
    .returning({ id: imports.id });
  if (ended.length > 0) await db.delete(importRows).where(inArray(importRows.importId, ended.map((e) => e.id)));
  return ended.map((e) => e.id);
}

/** The user discards a staged import from its page. */
export async function discardImport({ db, organizationId, importId }: { db: DbOrTx; organizationId: string; importId: string }): Promise<{ ok: true } | { ok: false; error: string }> {
  const done = await db.transaction(async (tx) => cancelStaged(tx, and(eq(imports.id, importId), eq(imports.organizationId, organizationId)), "discarded before it was confirmed"));
  return done.length > 0 ? { ok: true } : { ok: false, error: "Only an import awaiting confirmation can be discarded; this one has been confirmed or discarded already." };
}

/** Staged imports older than STAGED_EXPIRY_DAYS, discarded the same way. Run at start and every hour. */
export async function expireStagedImports({ db, now = new Date() }: { db: DbOrTx; now?: Date }) {
  const cutoff = new Date(now.getTime() - STAGED_EXPIRY_DAYS * 86_400_000);
  return db.transaction(async (tx) => cancelStaged(tx, lt(imports.createdAt, cutoff), `it expired (not confirmed within ${STAGED_EXPIRY_DAYS} days)`));
}

/**
 * A staged import of the same bytes (SHA-256) for the same product, still awaiting confirmation.
 * With an encoding picked by the user, only one read with that encoding: the same bytes read
 * otherwise (after a guessed encoding was flagged) are another preview, not a duplicate.
 */
export async function findStagedDuplicate({ db, organizationId, productId, sha256, encoding }: { db: DbOrTx; organizationId: string; productId: string | null; sha256: string; encoding?: string }) {
  const [found] = await db
    .select({ id: imports.id, fileName: imports.fileName, createdAt: imports.createdAt })
    .from(imports)
    .where(and(eq(imports.organizationId, organizationId), eq(imports.fileSha256, sha256), eq(imports.status, "validated"), productId ? eq(imports.productId, productId) : sql`${imports.productId} IS NULL`, encoding ? eq(imports.encoding, encoding) : undefined))
    .orderBy(desc(imports.createdAt))
    .limit(1);
  return found ?? null;
}
