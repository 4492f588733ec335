import { and, eq, gte, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { importRows, imports, organizations, products, type Organization } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { updateOutcomes } from "./bulk-sql";
import { checkClaim, ClaimLostError, finishCancelled } from "./claim-guard";
import { checkPendingRows, readPendingRows, rowsToCommit, type PendingRows } from "./commit-rows";
import { ROW_CHUNK } from "./stage";
import type { RowResult } from "@/lib/import/command";
import { commitCodeOf, loggableError, writeFailure } from "./write-failure";
import { failedOutcome, prepareCreates, writeChunk, type RowOutcome, type SimCounters, type WriteContext } from "./write-devices";
import { forgetPasswords } from "./forget-passwords";

type Outcome = Pick<RowOutcome, "line" | "message"> & { outcome: RowOutcome["outcome"] | "skipped" } & Partial<Omit<RowOutcome, "outcome">>;

function saveOutcomes(db: DbOrTx, importId: string, outcomes: Outcome[]) {
  return updateOutcomes(
    db,
    importId,
    outcomes.map((o) => ({ line: o.line, outcome: o.outcome, code: o.code ?? null, message: o.message, device_id: o.deviceId ?? null, asset_id: o.assetId ?? null, secret: o.secretOnce ?? null })),
  );
}

/** An import still "importing" whose last chunk is older than this was cut off (server stopped). */
export const STALE_AFTER_SECONDS = 120;
export const isStaleImport = (imp: { status: string; heartbeatAt: Date | null }) =>
  imp.status === "importing" && (imp.heartbeatAt?.getTime() ?? 0) < Date.now() - STALE_AFTER_SECONDS * 1000;
const isStale = and(eq(imports.status, "importing"), lt(imports.heartbeatAt, sql`now() - make_interval(secs => ${STALE_AFTER_SECONDS})`));

export type RunningImport = { importId: string; startedAt: Date | null };

/**
 * Work started before it is needed (the next page, the next chunk's creates): awaited, and so
 * thrown, where it is used; a run that stops first leaves it unused, not an unhandled rejection.
 */
const startedEarly = <T>(work: Promise<T>): Promise<T> => {
  work.catch(() => {});
  return work;
};

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

/** The confirm's "all or nothing", kept on the import while it is still staged (a run reads it from there). */
export async function setAllOrNothing({ db, importId, allOrNothing }: { db: DbOrTx; importId: string; allOrNothing: boolean }) {
  await db.update(imports).set({ allOrNothing }).where(and(eq(imports.id, importId), eq(imports.status, "validated")));
}

export const busyMessage = (busy: RunningImport) =>
  `Another import of this organization (${busy.importId}) is writing devices; only one runs at a time. Try again when it has finished.`;

const tally = (outcomes: Outcome[], outcome: Outcome["outcome"]) => outcomes.filter((o) => o.outcome === outcome).length;
const noSims = (): SimCounters => ({ simsCreated: 0, simsUpdated: 0, simsDeleted: 0, simsFailed: 0 });

/** The counters a set of outcomes adds to the import (every row lands in exactly one). */
const counterUpdate = (outcomes: Outcome[], sims: SimCounters) => ({
  processedRows: sql`${imports.processedRows} + ${outcomes.length}`,
  createdCount: sql`${imports.createdCount} + ${tally(outcomes, "created")}`,
  updatedCount: sql`${imports.updatedCount} + ${tally(outcomes, "updated")}`,
  credentialUpdatedCount: sql`${imports.credentialUpdatedCount} + ${tally(outcomes, "credential_updated")}`,
  deletedCount: sql`${imports.deletedCount} + ${tally(outcomes, "deleted")}`,
  failedCount: sql`${imports.failedCount} + ${tally(outcomes, "failed")}`,
  skippedCount: sql`${imports.skippedCount} + ${tally(outcomes, "skipped")}`,
  simsCreated: sql`${imports.simsCreated} + ${sims.simsCreated}`,
  simsUpdated: sql`${imports.simsUpdated} + ${sims.simsUpdated}`,
  simsDeleted: sql`${imports.simsDeleted} + ${sims.simsDeleted}`,
  simsFailed: sql`${imports.simsFailed} + ${sims.simsFailed}`,
});

/** Outcomes and counters of written rows, in the transaction that wrote them. */
type Record = (tx: DbOrTx, outcomes: RowOutcome[], sims: SimCounters) => Promise<void>;

/**
 * Writes rows in one transaction (a savepoint inside an outer one); when the database refuses
 * anything, the part is retried by halves down to the one row to blame, which fails alone with a
 * code and a sentence: nothing of it stays, and every other row is written. The error itself goes
 * to the server log with the import id.
 */
async function writeIsolated(conn: Db | Tx, rows: RowResult[], ctx: WriteContext, record: Record): Promise<RowOutcome[]> {
  try {
    return await conn.transaction(async (tx) => {
      const sims = noSims();
      const outcomes = await writeChunk(tx, rows, ctx, sims);
      await record(tx, outcomes, sims);
      return outcomes;
    });
  } catch (error) {
    if (rows.length > 1) {
      const half = Math.ceil(rows.length / 2);
      return [...(await writeIsolated(conn, rows.slice(0, half), ctx, record)), ...(await writeIsolated(conn, rows.slice(half), ctx, record))];
    }
    const row = rows[0]!;
    const reference = crypto.randomUUID();
    console.error(`Import ${ctx.importId}: line ${row.line} could not be written (reference ${reference}):`, loggableError(error));
    const failure = writeFailure(error, reference);
    const sims = { ...noSims(), simsFailed: row.change?.sim ? 1 : 0 };
    const outcomes = [failedOutcome(row.line, failure.code, failure.message)];
    await record(conn, outcomes, sims);
    return outcomes;
  }
}

/** Rows valid when staged that fail the checks again at commit (a key taken meanwhile): failed, with the check's code. */
function checkedAgain(todo: RowResult[], invalidAtStaging: Set<number>): Outcome[] {
  return todo
    .filter((r) => r.change === null)
    .map((r) =>
      invalidAtStaging.has(r.line)
        ? { line: r.line, outcome: "skipped" as const, message: "Invalid row, not imported" }
        : { line: r.line, outcome: "failed" as const, code: commitCodeOf(r.errors[0]?.code ?? "INVALID_VALUE"), message: r.errors.map((e) => e.message).join("; ") },
    );
}

/**
 * Imports exactly the staged rows. Only one caller wins the claim (validated → importing), so a
 * double click or a retry does nothing twice. Rows are checked again first: what changed since
 * validation (a key taken, a cap reached) fails only the rows it hits. Each chunk is one
 * transaction that writes its devices, its rows' outcomes and the progress together, so an import
 * whose server stopped half-way is resumed (claimed again once stale) without writing anything twice.
 * A row the database refuses fails alone (see writeIsolated). An import confirmed "all or nothing"
 * runs in one transaction instead, rolled back whole when any row is not written.
 */
export async function commitImport({
  db,
  importId,
  organization,
  isPlatformAdmin,
  secrets,
  resume = false,
  pageRows,
}: {
  db: Db;
  importId: string;
  organization: Organization;
  isPlatformAdmin: boolean;
  secrets: SecretBox;
  /** Set by a job that runs again after its expiry (its worker died): take the import over. */
  resume?: boolean;
  /** Rows read and checked at a time (commit-rows.ts COMMIT_PAGE; tests use small pages). */
  pageRows?: number;
}): Promise<{ started: boolean; busy?: RunningImport }> {
  const claim = await claimImport(db, importId, organization.id, resume);
  if (!("claimed" in claim)) return { started: false, busy: claim.busy };
  const claimed = claim.claimed;
  if (!claimed) return { started: false };
  const token = claimed.claimToken!;
  try {
    const productIds = new Map(
      (await db.select({ key: products.productKey, id: products.id }).from(products).where(eq(products.organizationId, organization.id))).map((p) => [p.key, p.id]),
    );
    const context: WriteContext = { organizationId: organization.id, importId, productIds, issueSecrets: claimed.dialect === "enos_template" || claimed.dialect === "enos_api", secrets };
    const rowsArgs = { db, staged: claimed, organization, isPlatformAdmin, secrets, pageRows };
    let cancelled = false;

    if (claimed.allOrNothing) {
      const { todo, invalidAtStaging, expectedVersions } = await rowsToCommit(rowsArgs);
      await commitAllOrNothing(db, importId, token, todo.filter((r) => r.change !== null), checkedAgain(todo, invalidAtStaging), { ...context, expectedVersions });
    } else {
      const record: Record = async (tx, outcomes, sims) => {
        await saveOutcomes(tx, importId, outcomes);
        await tx.update(imports).set({ ...counterUpdate(outcomes, sims), heartbeatAt: new Date() }).where(eq(imports.id, importId));
      };
      // A page at a time (commit-rows.ts), so that the worker holds a few thousand rows, not the file.
      // A resumed import (its server died mid-way) only reads the rows no chunk has written yet.
      // The next page is read (on another connection, on PostgreSQL) while this one is written.
      const readAfter = (after: number) => startedEarly(readPendingRows({ ...rowsArgs, after }));
      for (let reading: ReturnType<typeof readAfter> | null = readAfter(0); reading && !cancelled; ) {
        const pending: PendingRows = await reading;
        reading = pending.lastLine === null ? null : readAfter(pending.lastLine);
        const page = await checkPendingRows(pending, rowsArgs);
        if (page.lastLine === null) reading = null;
        const notWritten = checkedAgain(page.todo, page.invalidAtStaging);
        const valid = page.todo.filter((r) => r.change !== null);
        const pageContext = { ...context, expectedVersions: page.expectedVersions };
        // Under the claim like a chunk: a worker that lost the import must not count these rows a second time.
        await db.transaction(async (tx) => {
          if ((await checkClaim(tx, importId, token)) === "cancel") return void (cancelled = true);
          await saveOutcomes(tx, importId, notWritten);
          await tx.update(imports).set(counterUpdate(notWritten, noSims())).where(eq(imports.id, importId));
        });
        const ahead = (from: number) => startedEarly(prepareCreates(valid.slice(from, from + ROW_CHUNK), pageContext));
        let next = ahead(0);
        for (let i = 0; i < valid.length && !cancelled; i += ROW_CHUNK) {
          const chunk = valid.slice(i, i + ROW_CHUNK);
          const preparedCreates = await next;
          next = ahead(i + ROW_CHUNK);
          // The claim is checked in the chunk's own transaction (which locks the import's row), so a
          // Cancel or a takeover lands between chunks; the chunk is then written row-isolated in it.
          await db.transaction(async (tx) => {
            if ((await checkClaim(tx, importId, token)) === "cancel") return void (cancelled = true);
            await writeIsolated(tx, chunk, { ...pageContext, preparedCreates }, record);
          });
          await betweenChunks(db);
        }
      }
      if (cancelled) {
        await finishCancelled(db, importId, token);
        return { started: true };
      }
      const [done] = await db.select({ failed: imports.failedCount }).from(imports).where(eq(imports.id, importId));
      await db
        .update(imports)
        .set({ status: done!.failed > 0 ? "completed_with_failures" : "completed", finishedAt: new Date() })
        .where(and(eq(imports.id, importId), eq(imports.claimToken, token)));
    }
    // The passwords have been hashed onto the devices: nothing keeps them any longer.
    await forgetPasswords(db, importId);
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
    // Every row is accounted for: those no chunk wrote failed, with the same reference.
    const invalid = sql`jsonb_array_length(${importRows.errors}) > 0`;
    const left = await db
      .update(importRows)
      .set({
        outcome: sql`case when ${invalid} then 'skipped' else 'failed' end::row_outcome`,
        outcomeCode: sql`case when ${invalid} then null else 'WRITE_FAILED' end`,
        outcomeMessage: sql`case when ${invalid} then 'Invalid row, not imported' else ${`Not written: the import stopped (reference ${requestId})`} end`,
      })
      .where(and(eq(importRows.importId, importId), eq(importRows.outcome, "pending")))
      .returning({ outcome: importRows.outcome });
    const failed = left.filter((r) => r.outcome === "failed").length;
    await db
      .update(imports)
      .set({
        status: "failed",
        finishedAt: new Date(),
        error: message,
        failedCount: sql`${imports.failedCount} + ${failed}`,
        skippedCount: sql`${imports.skippedCount} + ${left.length - failed}`,
        processedRows: sql`${imports.processedRows} + ${left.length}`,
      })
      .where(and(eq(imports.id, importId), eq(imports.claimToken, token)));
  }
  return { started: true };
}

/**
 * PGlite runs one query at a time: without a pause between chunks, the import page, its progress
 * polls and a Cancel would wait for the whole import (each request needs a few queries in turn).
 * PostgreSQL serves them on other connections meanwhile.
 */
const embedded = (db: Db) => typeof (db as unknown as { $client?: { waitReady?: unknown } }).$client?.waitReady !== "undefined";
const betweenChunks = (db: Db) => new Promise((resolve) => (embedded(db) ? setTimeout(resolve, 15) : setImmediate(resolve)));

class NotAll extends Error {}
class CancelledFirst extends Error {}

/**
 * All or nothing: every chunk in one transaction; the first row not written (invalid, failed
 * again at commit, or refused by the database) rolls it all back, and every row says why.
 */
async function commitAllOrNothing(db: Db, importId: string, token: string, valid: RowResult[], notWritten: Outcome[], context: WriteContext) {
  let outcomes: Outcome[] = [];
  const sims = noSims();
  const blocked = notWritten.length > 0;
  try {
    if (blocked) throw new NotAll();
    await db.transaction(async (outer) => {
      // Holds the import's row for the whole run: a Cancel asked before it starts is honoured,
      // one asked during it waits (the run is one transaction: there is no "between chunks").
      if ((await checkClaim(outer, importId, token)) === "cancel") throw new CancelledFirst();
      const record: Record = async (_tx, written, chunkSims) => {
        for (const key of Object.keys(sims) as (keyof SimCounters)[]) sims[key] += chunkSims[key];
        outcomes.push(...written);
      };
      for (let i = 0; i < valid.length && !outcomes.some((o) => o.outcome === "failed"); i += ROW_CHUNK) await writeIsolated(outer, valid.slice(i, i + ROW_CHUNK), context, record);
      if (outcomes.some((o) => o.outcome === "failed")) throw new NotAll();
      await saveOutcomes(outer, importId, [...notWritten, ...outcomes]);
      await outer.update(imports).set({ ...counterUpdate([...notWritten, ...outcomes], sims), status: "completed", finishedAt: new Date() }).where(and(eq(imports.id, importId), eq(imports.claimToken, token)));
    });
  } catch (error) {
    if (error instanceof CancelledFirst) return void (await finishCancelled(db, importId, token));
    if (!(error instanceof NotAll)) throw error;
    const culprits = [...notWritten, ...outcomes].filter((o) => o.outcome === "failed" || o.outcome === "skipped");
    const first = culprits.reduce((a, b) => (b.line < a.line ? b : a));
    const because = new Map(culprits.map((o) => [o.line, o]));
    outcomes = [
      ...culprits,
      ...valid
        .filter((r) => !because.has(r.line))
        .map((r) => ({ ...failedOutcome(r.line, "ROLLED_BACK", `Not written: the import was all or nothing, and line ${first.line} was not imported`) })),
    ];
    await db.transaction(async (tx) => {
      await saveOutcomes(tx, importId, outcomes);
      const error = `All or nothing: line ${first.line} could not be imported, so no row was written`;
      await tx.update(imports).set({ ...counterUpdate(outcomes, noSims()), status: "failed", finishedAt: new Date(), error }).where(eq(imports.id, importId));
    });
  }
}
