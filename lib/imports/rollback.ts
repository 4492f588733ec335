import { and, asc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { deviceGroups, devices, importRows, imports, organizations } from "@/db/schema";
import type { BeforeImage } from "./before-image-type";
import { busyMessage, findRunningImport } from "./commit";
import { ensureGroupPaths } from "./groups";
import { describeChange, STALE_DEVICE } from "./stale";

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** Every column a restore writes back (the id stays, the version moves on by the trigger). */
const restoredColumns = Object.values(getTableColumns(devices))
  .map((c) => c.name)
  .filter((name) => name !== "id" && name !== "version" && name !== "updated_at");
const columnList = sql.raw(restoredColumns.map((c) => `"${c}"`).join(", "));
const recordList = sql.raw(restoredColumns.map((c) => `r."${c}"`).join(", "));

type Undo = { outcome: "created" | "updated" | "deleted" | "skipped"; message: string | null; code: string | null; deviceId: string | null };
const skipped = (message: string, code = STALE_DEVICE): Undo => ({ outcome: "skipped", message, code, deviceId: null });

/** The image with links that may have gone since: a deleted group is made again from its path, a deleted parent is left out. */
async function relinked(tx: Tx, organizationId: string, image: BeforeImage) {
  const device = { ...image.device };
  if (device.group_id) {
    const [group] = await tx.select({ id: deviceGroups.id }).from(deviceGroups).where(eq(deviceGroups.id, device.group_id));
    if (!group) device.group_id = image.groupPath ? ((await ensureGroupPaths({ db: tx, organizationId, paths: [image.groupPath] })).get(image.groupPath) ?? null) : null;
  }
  if (device.parent_device_id) {
    const [parent] = await tx.select({ id: devices.id }).from(devices).where(eq(devices.id, device.parent_device_id));
    if (!parent) device.parent_device_id = null;
  }
  return device;
}

/** SIM and external ids back as they were in the image. */
async function restoreDependants(tx: Tx, deviceId: string, image: BeforeImage) {
  await tx.execute(sql`DELETE FROM sims WHERE device_id = ${deviceId}`);
  if (image.sim) await tx.execute(sql`INSERT INTO sims SELECT * FROM jsonb_populate_record(NULL::sims, ${json(image.sim)})`);
  await tx.execute(sql`DELETE FROM external_ids WHERE device_id = ${deviceId}`);
  if (image.externalIds.length > 0) await tx.execute(sql`INSERT INTO external_ids SELECT * FROM jsonb_populate_recordset(NULL::external_ids, ${json(image.externalIds)})`);
}

const changedSince = async (tx: Tx, deviceId: string, key: string) => {
  const [device] = await tx.select({ id: devices.id, version: devices.version, updatedAt: devices.updatedAt }).from(devices).where(eq(devices.id, deviceId));
  return device ? skipped(`Device "${key}" was ${await describeChange(tx, device)} after this import; left as it is`) : skipped(`Device "${key}" no longer exists`, "DEVICE_NOT_FOUND");
};

type Row = typeof importRows.$inferSelect;

/** Undoes one row of the import in a savepoint: a row that cannot be undone is skipped with why, the others go on. */
async function undoRow(tx: Tx, organizationId: string, row: Row): Promise<Undo> {
  const key = row.deviceKey ?? "";
  if (row.outcome === "created") {
    if (!row.deviceId || row.afterVersion === null) return skipped(`Device "${key}": this import kept no record of what it wrote`, "NO_BEFORE_IMAGE");
    const gone = await tx.delete(devices).where(and(eq(devices.id, row.deviceId), eq(devices.version, row.afterVersion))).returning({ id: devices.id });
    return gone.length ? { outcome: "deleted", message: null, code: null, deviceId: null } : changedSince(tx, row.deviceId, key);
  }
  const image = row.beforeImage;
  if (!image) return skipped(`Device "${key}": this import kept no before-image of it`, "NO_BEFORE_IMAGE");
  if (row.outcome === "deleted") {
    try {
      return await tx.transaction(async (sp) => {
        const device = await relinked(sp, organizationId, image);
        await sp.execute(sql`INSERT INTO devices SELECT * FROM jsonb_populate_record(NULL::devices, ${json(device)})`);
        await restoreDependants(sp, device.id, image);
        return { outcome: "created" as const, message: null, code: null, deviceId: device.id };
      });
    } catch (error) {
      return skipped(uniqueViolation(error) ? `Device "${key}" cannot come back: its key, ICCID or an external id belongs to another device now` : `Device "${key}" could not be restored`, "RESTORE_CONFLICT");
    }
  }
  // updated or credential_updated: the device gets its before-image back, unless changed since.
  if (!row.deviceId || row.afterVersion === null) return skipped(`Device "${key}": this import kept no record of what it wrote`, "NO_BEFORE_IMAGE");
  try {
    return await tx.transaction(async (sp) => {
      const device = await relinked(sp, organizationId, image);
      const restored = await sp.execute(sql`
        UPDATE devices AS d SET (${columnList}) = (SELECT ${recordList} FROM jsonb_populate_record(NULL::devices, ${json(device)}) AS r), updated_at = now()
        WHERE d.id = ${row.deviceId} AND d.version = ${row.afterVersion} RETURNING d.id`);
      if ((restored as unknown as { rows: unknown[] }).rows.length === 0) return changedSince(sp, row.deviceId!, key);
      await restoreDependants(sp, row.deviceId!, image);
      return { outcome: "updated" as const, message: null, code: null, deviceId: row.deviceId };
    });
  } catch (error) {
    return skipped(uniqueViolation(error) ? `Device "${key}" cannot get its SIM or external ids back: another device has them now` : `Device "${key}" could not be restored`, "RESTORE_CONFLICT");
  }
}

const uniqueViolation = (error: unknown) => ((error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code) === "23505";

const inverse = { created: "delete", deleted: "create", updated: "update", credential_updated: "update" } as const;

export type RollbackResult = { ok: true; rollbackId: string; deleted: number; restored: number; recreated: number; skipped: { line: number; deviceKey: string | null; code: string; message: string }[] } | { ok: false; error: string };

/** What a rollback would undo: the confirm step lists these counts. */
export const rollbackCounts = (imp: { createdCount: number; updatedCount: number; deletedCount: number }) => ({ deletes: imp.createdCount, restores: imp.updatedCount, recreates: imp.deletedCount });

/**
 * Rolls a completed import back from its before-images, in one transaction: devices it created are
 * deleted, devices it updated get their image back, devices it deleted come back with their SIM,
 * external ids and credentials. A device changed since (its version moved on) is skipped and
 * listed. The rollback is an import of its own (`rollbackOf`), at most one per import.
 */
export async function rollbackImport({ db, organizationId, importId, actor }: { db: Db; organizationId: string; importId: string; actor: { userId?: string; serviceAccountId?: string } }): Promise<RollbackResult> {
  return db.transaction(async (tx) => {
    await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for("update");
    const [original] = await tx.select().from(imports).where(and(eq(imports.id, importId), eq(imports.organizationId, organizationId))).for("update");
    if (!original) return { ok: false, error: "Import not found." };
    if (original.rollbackOf) return { ok: false, error: "This is a rollback; it cannot be rolled back in turn." };
    if (original.status !== "completed") return { ok: false, error: "Only a completed import can be rolled back." };
    const [earlier] = await tx.select({ id: imports.id }).from(imports).where(eq(imports.rollbackOf, importId));
    if (earlier) return { ok: false, error: `This import was rolled back already (${earlier.id}).` };
    const busy = await findRunningImport(tx, organizationId);
    if (busy) return { ok: false, error: busyMessage(busy) };

    const rows = await tx
      .select()
      .from(importRows)
      .where(and(eq(importRows.importId, importId), inArray(importRows.outcome, ["created", "updated", "credential_updated", "deleted"])))
      .orderBy(asc(importRows.line));
    const [rollback] = await tx
      .insert(imports)
      .values({
        organizationId,
        productId: original.productId,
        userId: actor.userId,
        serviceAccountId: actor.serviceAccountId,
        source: actor.serviceAccountId ? "api" : "console",
        dialect: original.dialect,
        fileName: `Rollback of ${original.fileName ?? "an API import"}`,
        header: original.header,
        headerLine: original.headerLine,
        status: "importing",
        startedAt: new Date(),
        rollbackOf: importId,
      })
      .returning({ id: imports.id });
    const undone: (Undo & { row: Row })[] = [];
    for (const row of rows) undone.push({ row, ...(await undoRow(tx, organizationId, row)) });
    if (undone.length > 0) {
      await tx.insert(importRows).values(
        undone.map((u) => ({
          importId: rollback!.id,
          line: u.row.line,
          operation: inverse[u.row.outcome as keyof typeof inverse],
          deviceKey: u.row.deviceKey,
          cells: u.row.cells,
          outcome: u.outcome,
          outcomeMessage: u.message,
          outcomeCode: u.code,
          deviceId: u.deviceId,
          assetId: u.row.assetId,
        })),
      );
    }
    const tally = (o: Undo["outcome"]) => undone.filter((u) => u.outcome === o).length;
    const skippedRows = undone.filter((u) => u.outcome === "skipped");
    await tx
      .update(imports)
      .set({
        status: "completed",
        finishedAt: new Date(),
        totalRows: undone.length,
        validRows: undone.length - skippedRows.length,
        invalidRows: skippedRows.length,
        processedRows: undone.length,
        createdCount: tally("created"),
        updatedCount: tally("updated"),
        deletedCount: tally("deleted"),
      })
      .where(eq(imports.id, rollback!.id));
    return {
      ok: true,
      rollbackId: rollback!.id,
      deleted: tally("deleted"),
      restored: tally("updated"),
      recreated: tally("created"),
      skipped: skippedRows.map((u) => ({ line: u.row.line, deviceKey: u.row.deviceKey, code: u.code ?? STALE_DEVICE, message: u.message ?? "" })),
    };
  });
}

/** The import a rollback undid, and the rollback of an import, for the pages that link them. */
export async function getRollbackLinks({ db, importId, rollbackOf }: { db: DbOrTx; importId: string; rollbackOf: string | null }) {
  const [rolledBackBy] = await db.select({ id: imports.id, createdAt: imports.createdAt }).from(imports).where(eq(imports.rollbackOf, importId));
  const [original] = rollbackOf ? await db.select({ id: imports.id, fileName: imports.fileName }).from(imports).where(eq(imports.id, rollbackOf)) : [];
  return { rolledBackBy: rolledBackBy ?? null, rollbackOf: original ?? null };
}
