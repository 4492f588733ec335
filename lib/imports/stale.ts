import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { devices, importRows, imports } from "@/db/schema";
import { formatDateTime } from "@/lib/format";
import type { IssueCode } from "@/lib/import/issue";

export const STALE_DEVICE = "STALE_DEVICE" satisfies IssueCode;

/**
 * The condition that makes staged deletes race-free: each applies only while its device still has
 * the version it had when staged (checked by the DELETE itself, so a change committed in between
 * makes it touch no row). No before-image: no condition (staged before them). Updates carry the
 * same condition in their own statement (bulk-sql.ts updateDevices).
 */
export function versionsAre(keys: { deviceKey: string; version: number | undefined }[]): SQL | undefined {
  const guarded = keys.filter((k) => k.version !== undefined);
  if (guarded.length === 0) return undefined;
  const free = keys.filter((k) => k.version === undefined).map((k) => k.deviceKey);
  const pairs = sql`(${devices.deviceKey}, ${devices.version}) IN (SELECT x.k, x.v FROM jsonb_to_recordset(${JSON.stringify(guarded.map((g) => ({ k: g.deviceKey, v: g.version })))}::jsonb) AS x(k text, v int))`;
  return free.length > 0 ? sql`(${pairs} OR ${inArray(devices.deviceKey, free)})` : pairs;
}

/** The import whose row left the device at its current version, if an import made the last change. */
async function lastWriter(db: DbOrTx, device: { id: string; version: number }) {
  const [row] = await db
    .select({ id: imports.id, fileName: imports.fileName })
    .from(importRows)
    .innerJoin(imports, eq(imports.id, importRows.importId))
    .where(and(eq(importRows.deviceId, device.id), eq(importRows.afterVersion, device.version)))
    .orderBy(desc(imports.startedAt))
    .limit(1);
  return row ?? null;
}

/** "changed by import "x.csv" (id) at …": the words a stale row and a skipped rollback share. */
export async function describeChange(db: DbOrTx, device: { id: string; version: number; updatedAt: Date }) {
  const writer = await lastWriter(db, device);
  const by = writer ? ` by import ${writer.fileName ? `"${writer.fileName}" ` : ""}(${writer.id})` : "";
  return `changed${by} at ${formatDateTime(device.updatedAt)}`;
}

/**
 * Why a staged update or delete touched no row: the device is gone, or it changed after the
 * preview (its version moved on), in which case nothing of the row was applied.
 */
export async function notAppliedReason(db: DbOrTx, organizationId: string, deviceKey: string): Promise<{ code: IssueCode; message: string }> {
  const [device] = await db.select({ id: devices.id, version: devices.version, updatedAt: devices.updatedAt }).from(devices).where(and(eq(devices.organizationId, organizationId), eq(devices.deviceKey, deviceKey)));
  if (!device) return { code: "DEVICE_GONE", message: `Device "${deviceKey}" no longer exists` };
  return { code: STALE_DEVICE, message: `Device "${deviceKey}" was ${await describeChange(db, device)} after your preview; this row was not applied. Upload the file again to review the change.` };
}
