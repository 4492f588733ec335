import { and, eq, gte, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { importRows, imports, organizations, products, type Organization } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { updateOutcomes } from "./bulk-sql";
import { stagedVersions } from "./before-images";
import { checkClaim, ClaimLostError, finishCancelled } from "./claim-guard";
import { ensureGroupPaths } from "./groups";
import { revalidateStaged } from "./revalidate";
import { ROW_CHUNK } from "./stage";
import { writeChunk, type RowOutcome, type SimCounters } from "./write-devices";

function saveOutcomes(db: DbOrTx, importId: string, outcomes: (Pick<RowOutcome, "line" | "outcome" | "message"> & Partial<RowOutcome>)[]) {
  return updateOutcomes(
    db,
    importId,
    outcomes.map((o) => ({ line: o.line, outcome: o.outcome, message: o.message, code: o.code ?? null, device_id: o.deviceId ?? null, asset_id: o.assetId ?? null, secret: o.secretOnce ?? null })),
  );
}

/** An import still "importing" whose last chunk is older than this was cut off (server stopped). */
export const STALE_AFTER_SECONDS = 120;
export const isStaleImport = (imp: { status: string; heartbeatAt: Date | null }) =>
  imp.status === "importing" && (imp.heartbeatAt?.getTime() ?? 0) < Date.now() - STALE_AFTER_SECONDS * 1000;
const isStale = and(eq(imports.status, "importing"), lt(imports.heartbeatAt, sql`now() - make_interval(secs => ${STALE_AFTER_SECONDS})`));

export type RunningImport = { importId: string; startedAt: Date | null };

/** The import of the organization now writing devices (not one cut off and waiting to resume), if any. */
export async function findRunningImport(db: DbOrTx, organizationId: string, except?: string): Promise<RunningImport | null> {
  const [running] = await db
    .select({ importId: imports.id, startedAt: imports.startedAt })
    .from(imports)
    .where(and(eq(imports.organizationId, organizationId), eq(imports.status, "importing"), gte(imports.heartbeatAt, sql`now() - make_interval(secs => ${STALE_AFTER_SECONDS})`), except ? ne(imports.id, except) : undefined))
    .limit(1);
  return running ?? null;
}

/**
 * One import at a time per organization writes devices: the organization's row is locked while
 * the claim checks that no other import is running, so two confirms (or a confirm and an API call)
 * cannot both start; the loser hears which import is running.
 */
async function claimImport(db: Db, importId: string, organizationId: string, resume: boolean) {
  return db.transaction(async (tx) => {
    // NO KEY UPDATE: claims wait for each other, while a chunk's foreign-key checks (KEY SHARE on
    // this row) do not wait for a claim, which would deadlock with the chunk's lock on its import.
    await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for("no key update");
    const busy = await findRunningImport(tx, organizationId, importId);
    if (busy) return { busy };
    // A job retried after its expiry takes over the import its dead worker left "importing".
    const resumable = resume ? eq(imports.status, "importing") : isStale;
    const [claimed] = await tx
      .update(imports)
      .set({ status: "importing", startedAt: sql`coalesce(${imports.startedAt}, now())`, heartbeatAt: new Date(), claimToken: crypto.randomUUID() })
      .where(and(eq(imports.id, importId), eq(imports.organizationId, organizationId), or(inArray(imports.status, ["validated", "queued"]), resumable)))
      .returning();
    return { claimed };
  });
}

export const busyMessage = (busy: RunningImport) =>
  `Another import of this organization (${busy.importId}) is writing devices; only one runs at a time. Try again when it has finished.`;

const tally = (outcomes: RowOutcome[], outcome: RowOutcome["outcome"]) => outcomes.filter((o) => o.outcome === outcome).length;

/**
 * Imports exactly the staged rows. Only one caller wins the claim (validated → importing), so a
 * double click or a retry does nothing twice. Rows are checked again first: what changed since
 * validation (a key taken, a cap reached) fails only the rows it hits. Each chunk is one
 * transaction that writes its devices, its rows' outcomes and the progress together, so an import
 * whose server stopped half-way is resumed (claimed again once stale) without writing anything twice.
 */
export async function commitImport({
  db,
  importId,
  organization,
  isPlatformAdmin,
  secrets,
  resume = false,
}: {
  db: Db;
  importId: string;
  organization: Organization;
  isPlatformAdmin: boolean;
  secrets: SecretBox;
  /** Set by a job that runs again after its expiry (its worker died): take the import over. */
  resume?: boolean;
}): Promise<{ started: boolean; busy?: RunningImport }> {
  const claim = await claimImport(db, importId, organization.id, resume);
  if (!("claimed" in claim)) return { started: false, busy: claim.busy };
  const claimed = claim.claimed;
  if (!claimed) return { started: false };
  const token = claimed.claimToken!;
  try {
    const { stored, validated } = await revalidateStaged({ db, staged: claimed, organization, isPlatformAdmin, secrets });
    // A resumed import (its server died mid-way) only writes the rows no chunk has written yet.
    const pending = new Set(stored.filter((r) => r.outcome === "pending").map((r) => r.line));
    const todo = validated.rows.filter((r) => pending.has(r.line));
    const invalidAtStaging = new Set(stored.filter((r) => r.errors.length > 0).map((r) => r.line));
    const notWritten = todo
      .filter((r) => r.change === null)
      .map((r) =>
        invalidAtStaging.has(r.line)
          ? { line: r.line, outcome: "skipped" as const, message: "Invalid row, not imported" }
          : { line: r.line, outcome: "failed" as const, message: r.errors.map((e) => e.message).join("; ") },
      );
    await saveOutcomes(db, importId, notWritten as RowOutcome[]);
    const newlyFailed = notWritten.filter((o) => o.outcome === "failed").length;
    await db
      .update(imports)
      .set({ failedCount: sql`${imports.failedCount} + ${newlyFailed}`, processedRows: sql`${imports.processedRows} + ${notWritten.length}` })
      .where(eq(imports.id, importId));

    const valid = todo.filter((r) => r.change !== null);
    const productIds = new Map(
      (await db.select({ key: products.productKey, id: products.id }).from(products).where(eq(products.organizationId, organization.id))).map((p) => [p.key, p.id]),
    );
    const paths = [...new Set(valid.flatMap((r) => (r.change!.groupPath ? [r.change!.groupPath] : [])))];
    const groupIds = paths.length ? await ensureGroupPaths({ db, organizationId: organization.id, paths }) : new Map<string, string>();
    const context = { organizationId: organization.id, importId, productIds, groupIds, issueSecrets: claimed.dialect === "enos_template" || claimed.dialect === "enos_api", secrets, expectedVersions: stagedVersions(stored) };

    let cancelled = false;
    for (let i = 0; i < valid.length && !cancelled; i += ROW_CHUNK) {
      const chunk = valid.slice(i, i + ROW_CHUNK);
      await db.transaction(async (tx) => {
        if ((await checkClaim(tx, importId, token)) === "cancel") return void (cancelled = true);
        const sims: SimCounters = { simsCreated: 0, simsUpdated: 0, simsDeleted: 0, simsFailed: 0 };
        const outcomes = await writeChunk(tx, chunk, context, sims);
        await saveOutcomes(tx, importId, outcomes);
        await tx
          .update(imports)
          .set({
            processedRows: sql`${imports.processedRows} + ${chunk.length}`,
            createdCount: sql`${imports.createdCount} + ${tally(outcomes, "created")}`,
            updatedCount: sql`${imports.updatedCount} + ${tally(outcomes, "updated") + tally(outcomes, "credential_updated")}`,
            deletedCount: sql`${imports.deletedCount} + ${tally(outcomes, "deleted")}`,
            failedCount: sql`${imports.failedCount} + ${tally(outcomes, "failed")}`,
            simsCreated: sql`${imports.simsCreated} + ${sims.simsCreated}`,
            simsUpdated: sql`${imports.simsUpdated} + ${sims.simsUpdated}`,
            simsDeleted: sql`${imports.simsDeleted} + ${sims.simsDeleted}`,
            simsFailed: sql`${imports.simsFailed} + ${sims.simsFailed}`,
            heartbeatAt: new Date(),
          })
          .where(eq(imports.id, importId));
      });
      // PGlite runs one query at a time: without a turn here, progress polls and Cancel would wait for the whole import.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (cancelled) {
      await finishCancelled(db, importId, token);
      return { started: true };
    }
    await db.update(imports).set({ status: "completed", finishedAt: new Date() }).where(and(eq(imports.id, importId), eq(imports.claimToken, token)));
    // The passwords have been hashed onto the devices: nothing keeps them any longer.
    await db.update(importRows).set({ sealedCells: null }).where(eq(importRows.importId, importId));
  } catch (error) {
    // The import is another worker's now; what this one wrote stays, the rest is the other's to write.
    if (error instanceof ClaimLostError) {
      console.warn(error.message);
      return { started: true };
    }
    // Chunks already written stay written (with their outcomes); the rest stay pending.
    // The error's text may hold SQL and parameters: it goes to the server log, the page gets a reference.
    const requestId = crypto.randomUUID();
    console.error(`Import ${importId} stopped (request ${requestId}):`, error);
    const message = `an unexpected error stopped it (reference ${requestId})`;
    await db.update(imports).set({ status: "failed", finishedAt: new Date(), error: message }).where(and(eq(imports.id, importId), eq(imports.claimToken, token)));
  }
  return { started: true };
}
