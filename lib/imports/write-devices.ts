import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { devices, externalIds, sims } from "@/db/schema";
import { newAssetId } from "@/lib/devices/asset-id";
import { hashDeviceCredential } from "@/lib/auth/password";
import type { DeviceChange, RowResult } from "@/lib/import/command";
import type { IssueCode } from "@/lib/import/issue";
import { randomToken } from "@/lib/crypto/random-token";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { insertDevices, setDeviceGroups, setDeviceLinks, updateDevices, upsertSims, type DeviceInsertRow, type DeviceUpdateRow, type UpdatableColumn } from "./bulk-sql";
import { ensureGroupPaths } from "./groups";
import { notAppliedReason, versionsAre } from "./stale";

export type RowOutcome = {
  line: number;
  outcome: "created" | "updated" | "deleted" | "credential_updated" | "failed";
  message: string | null;
  /** Why a failed row failed (DEVICE_KEY_TAKEN, …); null for a written row. */
  code: IssueCode | null;
  deviceId: string | null;
  assetId: string | null;
  secretOnce: string | null;
};

export type WriteContext = {
  organizationId: string;
  importId: string;
  productIds: Map<string, string>;
  /** Generates a device secret for EnOS creates (shown once in the result download). */
  issueSecrets: boolean;
  secrets: SecretBox;
  /** By line: the device version each staged update/delete was previewed against (before-images). */
  expectedVersions?: Map<number, number>;
  /** Creates of this chunk prepared ahead (prepareCreates); the others are prepared when written. */
  preparedCreates?: Map<number, PreparedCreate>;
};

export type SimCounters = { simsCreated: number; simsUpdated: number; simsDeleted: number; simsFailed: number };

/** A device's insert values in the column names of the bulk INSERT. */
function insertRow(v: typeof devices.$inferInsert): DeviceInsertRow {
  return {
    organization_id: v.organizationId,
    product_id: v.productId,
    asset_id: v.assetId,
    device_key: v.deviceKey,
    name: v.name,
    name_i18n: v.nameI18n ?? null,
    timezone: v.timezone,
    description: v.description ?? null,
    attributes: v.attributes ?? null,
    tags: v.tags ?? null,
    labels: v.labels ?? null,
    properties: v.properties ?? null,
    type: v.type ?? null,
    serial_number: v.serialNumber ?? null,
    location: v.location ?? null,
    cell_number: v.cellNumber ?? null,
    config_id: v.configId ?? null,
    integration_id: v.integrationId ?? null,
    cloud_integration_id: v.cloudIntegrationId ?? null,
    heartbeat_period: v.heartbeatPeriod ?? null,
    heartbeat_values: v.heartbeatValues ?? null,
    parent_device_id: v.parentDeviceId ?? null,
    active: v.active ?? null,
    enforce_secure_mqtt: v.enforceSecureMqtt ?? null,
    group_id: v.groupId ?? null,
    secret_encrypted: v.secretEncrypted ?? null,
    credentials_hash: v.credentialsHash ?? null,
    mqtt_password_hash: v.mqttPasswordHash ?? null,
    sms_password_hash: v.smsPasswordHash ?? null,
    import_id: v.importId!,
  };
}

export const failedOutcome = (line: number, code: IssueCode, message: string): RowOutcome => ({ line, outcome: "failed", code, message, deviceId: null, assetId: null, secretOnce: null });
const failed = failedOutcome;
const written = (line: number, outcome: RowOutcome["outcome"], device: { id: string | null; assetId: string }, secretOnce: string | null = null): RowOutcome => ({
  line,
  outcome,
  code: null,
  message: null,
  deviceId: device.id,
  assetId: device.assetId,
  secretOnce,
});
const parentMissing = (row: RowResult) =>
  failed(row.line, "PARENT_NOT_WRITTEN", `${row.columns.parentDeviceKey ?? "Parent device"} "${row.change!.parentDeviceKey}" was not written (its row failed); this row was not written either`);

/** Column values of a change; fields not given are left out so that an update keeps them. */
async function deviceFields(change: DeviceChange, ctx: WriteContext, parentIds: Map<string, string>, groupIds: Map<string, string>) {
  const values: Partial<typeof devices.$inferInsert> = {};
  const set = <K extends keyof typeof devices.$inferInsert>(key: K, value: (typeof devices.$inferInsert)[K] | undefined) => {
    if (value !== undefined) values[key] = value;
  };
  set("name", change.name);
  set("nameI18n", change.nameI18n);
  set("timezone", change.timezone);
  set("description", change.description);
  set("attributes", change.attributes);
  set("tags", change.tags);
  set("labels", change.labels);
  set("properties", change.properties);
  set("type", change.type);
  set("serialNumber", change.serialNumber);
  set("location", change.location);
  set("heartbeatPeriod", change.heartbeatPeriod);
  set("heartbeatValues", change.heartbeatValues);
  set("cellNumber", change.cellNumber);
  set("configId", change.configId);
  set("active", change.active);
  set("integrationId", change.integrationId);
  set("cloudIntegrationId", change.cloudIntegrationId);
  set("enforceSecureMqtt", change.enforceSecureMqtt);
  if (change.productKey) set("productId", ctx.productIds.get(change.productKey));
  if (change.groupPath) set("groupId", groupIds.get(change.groupPath));
  if (change.parentDeviceKey) set("parentDeviceId", parentIds.get(change.parentDeviceKey));
  if (change.credentials) values.credentialsHash = await hashDeviceCredential(change.credentials);
  if (change.mqttPassword) values.mqttPasswordHash = await hashDeviceCredential(change.mqttPassword);
  if (change.smsPassword) values.smsPasswordHash = await hashDeviceCredential(change.smsPassword);
  return values;
}

export type PreparedCreate = { row: RowResult; secret: string | null; values: typeof devices.$inferInsert };

/** A new device's values: its asset id, its secret (EnOS creates) sealed, its credentials hashed; nothing of the database. */
async function prepareCreate(row: RowResult, ctx: WriteContext): Promise<PreparedCreate> {
  const change = row.change!;
  // Sealed once: the device keeps it, and the result download shows it once (same box, same key).
  const secret = ctx.issueSecrets && row.operation === "create" ? ctx.secrets.seal(randomToken(24)) : null;
  // Group and parent are linked once the row is known to be written (writeChunk).
  const fields = await deviceFields({ ...change, groupPath: undefined, parentDeviceKey: undefined }, ctx, new Map(), new Map());
  return {
    row,
    secret,
    values: {
      ...fields,
      organizationId: ctx.organizationId,
      productId: fields.productId!,
      deviceKey: change.deviceKey,
      name: change.name ?? change.deviceKey,
      timezone: change.timezone ?? "UTC",
      assetId: newAssetId(),
      importId: ctx.importId,
      secretEncrypted: secret,
    },
  };
}

const PREPARE_SLICE = 50;

/**
 * The next chunk's creates prepared while this one's statements run: in slices of 50 rows with a
 * turn of the event loop between them, so that the CPU work (ciphers, random ids) fills the time
 * spent waiting for the database instead of adding to it. Nothing is written: a chunk retried in
 * halves uses the same values.
 */
export async function prepareCreates(rows: RowResult[], ctx: WriteContext): Promise<Map<number, PreparedCreate>> {
  const out = new Map<number, PreparedCreate>();
  const creates = rows.filter((r) => r.change && (r.operation === "create" || r.operation === "upsert_credentials"));
  for (let i = 0; i < creates.length; i += PREPARE_SLICE) {
    for (const row of creates.slice(i, i + PREPARE_SLICE)) out.set(row.line, await prepareCreate(row, ctx));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

/**
 * Writes one chunk of valid rows inside the caller's transaction, with multi-row statements.
 * Unique constraints settle races with other imports: a conflicting row fails alone, and a device
 * whose SIM, external id or parent cannot be written is removed again (device and SIM are atomic
 * per row). Groups are made only for rows that were written, so a failed row leaves no empty group.
 * Parents come first: a row may name a device created by an earlier row of the same import.
 * Any other database error throws, and the caller retries the chunk in smaller parts.
 */
export async function writeChunk(tx: Tx, rows: RowResult[], ctx: WriteContext, sims_: SimCounters): Promise<RowOutcome[]> {
  const outcomes = new Map<number, RowOutcome>();
  const parentKeys = [...new Set(rows.flatMap((r) => (r.change?.parentDeviceKey ? [r.change.parentDeviceKey] : [])))];
  const parents = parentKeys.length
    ? await tx.select({ id: devices.id, key: devices.deviceKey }).from(devices).where(and(eq(devices.organizationId, ctx.organizationId), inArray(devices.deviceKey, parentKeys)))
    : [];
  const parentIds = new Map(parents.map((p) => [p.key, p.id]));
  const groupIds = new Map<string, string>();
  const ensureGroups = async (db: Tx, paths: string[]) => {
    const missing = [...new Set(paths)].filter((p) => !groupIds.has(p));
    if (missing.length > 0) for (const [path, id] of await ensureGroupPaths({ db, organizationId: ctx.organizationId, paths: missing })) groupIds.set(path, id);
  };

  // Creates (and Cumulocity's create-or-update-credentials).
  const creates = rows.filter((r) => r.operation === "create" || r.operation === "upsert_credentials");
  if (creates.length > 0) {
    const prepared = await Promise.all(creates.map((row) => ctx.preparedCreates?.get(row.line) ?? prepareCreate(row, ctx)));
    const written_ = new Map<string, { id: string; assetId: string; inserted: boolean }>();
    for (const [operation, onConflict] of [["create", "nothing"], ["upsert_credentials", "update-credentials"]] as const) {
      const batch = prepared.filter((p) => p.row.operation === operation);
      if (batch.length === 0) continue;
      for (const d of await insertDevices(tx, batch.map((p) => insertRow(p.values)), onConflict)) {
        written_.set(d.device_key, { id: d.id, assetId: d.asset_id, inserted: d.inserted });
      }
    }
    // Dependants of new devices: SIMs and external ids; a conflict removes the device again.
    const fresh = prepared.filter((p) => written_.get(p.row.change!.deviceKey)?.inserted);
    const simRows = fresh.filter((p) => p.row.change!.sim);
    const simWinners = new Set<string>();
    if (simRows.length > 0) {
      const insertedSims = await tx
        .insert(sims)
        .values(simRows.map((p) => ({ ...p.row.change!.sim!, organizationId: ctx.organizationId, deviceId: written_.get(p.row.change!.deviceKey)!.id })))
        .onConflictDoNothing()
        .returning({ iccid: sims.iccid });
      for (const s of insertedSims) simWinners.add(s.iccid);
      sims_.simsCreated += insertedSims.length;
      sims_.simsFailed += simRows.length - insertedSims.length;
    }
    const idRows = prepared.filter((p) => written_.has(p.row.change!.deviceKey) && (p.row.change!.externalIds?.length ?? 0) > 0);
    const idLosers = new Set<string>();
    if (idRows.length > 0) {
      const wanted = idRows.flatMap((p) => p.row.change!.externalIds!.map((e) => ({ ...e, organizationId: ctx.organizationId, deviceId: written_.get(p.row.change!.deviceKey)!.id })));
      const insertedIds = await tx.insert(externalIds).values(wanted).onConflictDoNothing().returning({ type: externalIds.type, value: externalIds.value });
      const won = new Set(insertedIds.map((e) => `${e.type}\u0000${e.value}`));
      const owners = await tx
        .select({ type: externalIds.type, value: externalIds.value, deviceId: externalIds.deviceId })
        .from(externalIds)
        .where(and(eq(externalIds.organizationId, ctx.organizationId), inArray(externalIds.deviceId, wanted.map((w) => w.deviceId))));
      const ownedBy = new Map(owners.map((o) => [`${o.type}\u0000${o.value}`, o.deviceId]));
      for (const w of wanted) {
        const key = `${w.type}\u0000${w.value}`;
        if (!won.has(key) && ownedBy.get(key) !== w.deviceId) idLosers.add(w.deviceId);
      }
    }
    const rollBack = new Set<string>();
    for (const p of prepared) {
      const change = p.row.change!;
      const device = written_.get(change.deviceKey);
      if (!device) {
        outcomes.set(p.row.line, failed(p.row.line, "DEVICE_KEY_TAKEN", `${p.row.columns.deviceKey ?? "Device key"} "${change.deviceKey}" was taken by another import meanwhile`));
      } else if (device.inserted && change.sim && !simWinners.has(change.sim.iccid)) {
        rollBack.add(device.id);
        outcomes.set(p.row.line, failed(p.row.line, "ICCID_TAKEN", `ICCID "${change.sim.iccid}" was taken meanwhile; the device was not created`));
      } else if (device.inserted && idLosers.has(device.id)) {
        rollBack.add(device.id);
        outcomes.set(p.row.line, failed(p.row.line, "EXTERNAL_ID_TAKEN", "An external ID of this device was taken meanwhile; the device was not created"));
      } else {
        outcomes.set(p.row.line, written(p.row.line, device.inserted ? "created" : "credential_updated", device, device.inserted ? p.secret : null));
        if (device.inserted) parentIds.set(change.deviceKey, device.id);
      }
    }
    // A new device whose parent is not written (its row failed, here or in an earlier part) goes too,
    // and so do its own children: never a device that silently lost its parent.
    const linked = fresh.filter((p) => p.row.change!.parentDeviceKey);
    for (let changed = true; changed; ) {
      changed = false;
      for (const p of linked) {
        const device = written_.get(p.row.change!.deviceKey)!;
        const parentId = parentIds.get(p.row.change!.parentDeviceKey!);
        if (rollBack.has(device.id) || (parentId !== undefined && !rollBack.has(parentId))) continue;
        rollBack.add(device.id);
        parentIds.delete(p.row.change!.deviceKey);
        outcomes.set(p.row.line, parentMissing(p.row));
        changed = true;
      }
    }
    if (rollBack.size > 0) await tx.delete(devices).where(inArray(devices.id, [...rollBack]));
    // A SIM written with a device that went again went with it (FK cascade).
    const lostSims = simRows.filter((p) => simWinners.has(p.row.change!.sim!.iccid) && rollBack.has(written_.get(p.row.change!.deviceKey)!.id)).length;
    sims_.simsCreated -= lostSims;
    sims_.simsFailed += lostSims;
    const kept = fresh.filter((p) => !rollBack.has(written_.get(p.row.change!.deviceKey)!.id));
    await ensureGroups(tx, kept.flatMap((p) => (p.row.change!.groupPath ? [p.row.change!.groupPath] : [])));
    const links = kept
      .filter((p) => p.row.change!.groupPath || p.row.change!.parentDeviceKey)
      .map((p) => ({
        id: written_.get(p.row.change!.deviceKey)!.id,
        group_id: p.row.change!.groupPath ? groupIds.get(p.row.change!.groupPath)! : null,
        parent_device_id: p.row.change!.parentDeviceKey ? parentIds.get(p.row.change!.parentDeviceKey)! : null,
      }));
    await setDeviceLinks(tx, links);
  }

  // Updates: one statement for the chunk (each row sets its own columns, at its previewed version);
  // then the groups of the rows written, and their SIMs. A row not applied (gone, or changed since)
  // leaves nothing, not even a group; a statement the database refuses is the caller's to isolate.
  const updates = rows.filter((r) => r.operation === "update");
  const applicable: RowResult[] = [];
  for (const row of updates) {
    if (row.change!.parentDeviceKey && !parentIds.has(row.change!.parentDeviceKey)) outcomes.set(row.line, parentMissing(row));
    else applicable.push(row);
  }
  if (applicable.length > 0) {
    const updateRows = await Promise.all(
      applicable.map(async (row): Promise<DeviceUpdateRow> => {
        const fields = await deviceFields({ ...row.change!, groupPath: undefined }, ctx, parentIds, groupIds);
        const columns = Object.entries(fields).map(([key, value]) => [devices[key as keyof typeof fields].name, value] as const);
        return { device_key: row.change!.deviceKey, version: ctx.expectedVersions?.get(row.line) ?? null, given: columns.map(([name]) => name as UpdatableColumn), ...Object.fromEntries(columns) };
      }),
    );
    const applied = new Map((await updateDevices(tx, ctx.organizationId, updateRows)).map((d) => [d.device_key, d]));
    const done = applicable.filter((r) => applied.has(r.change!.deviceKey));
    await ensureGroups(tx, done.flatMap((r) => (r.change!.groupPath ? [r.change!.groupPath] : [])));
    const idOf = (row: RowResult) => applied.get(row.change!.deviceKey)!.id;
    await setDeviceGroups(tx, done.filter((r) => r.change!.groupPath).map((r) => ({ id: idOf(r), group_id: groupIds.get(r.change!.groupPath!)! })));
    const withSim = done.filter((r) => r.change!.sim);
    const simCounts = await upsertSims(
      tx,
      ctx.organizationId,
      withSim.map((r) => {
        const { iccid, msisdn, communicationPlan, ratePlan } = r.change!.sim!;
        return { device_id: idOf(r), iccid, msisdn, communication_plan: communicationPlan, rate_plan: ratePlan };
      }),
    );
    sims_.simsCreated += simCounts.created;
    sims_.simsUpdated += simCounts.updated;
    for (const row of applicable) {
      const device = applied.get(row.change!.deviceKey);
      if (device) outcomes.set(row.line, written(row.line, "updated", { id: device.id, assetId: device.asset_id }));
      else {
        // The device is gone, or changed after the preview (its version moved on): nothing applied.
        const reason = await notAppliedReason(tx, ctx.organizationId, row.change!.deviceKey);
        outcomes.set(row.line, failed(row.line, reason.code, reason.message));
      }
    }
  }

  // Deletes: one statement; SIMs and external ids go with their device (FK cascade).
  const deletes = rows.filter((r) => r.operation === "delete");
  if (deletes.length > 0) {
    const keys = deletes.map((r) => r.change!.deviceKey);
    const where = and(eq(devices.organizationId, ctx.organizationId), inArray(devices.deviceKey, keys), versionsAre(deletes.map((r) => ({ deviceKey: r.change!.deviceKey, version: ctx.expectedVersions?.get(r.line) }))));
    const [{ withSim } = { withSim: 0 }] = await tx.select({ withSim: sql<number>`count(${sims.id})::int` }).from(devices).innerJoin(sims, eq(sims.deviceId, devices.id)).where(where);
    const gone = new Map((await tx.delete(devices).where(where).returning({ key: devices.deviceKey, id: devices.id, assetId: devices.assetId })).map((d) => [d.key, d]));
    sims_.simsDeleted += withSim;
    for (const row of deletes) {
      const device = gone.get(row.change!.deviceKey);
      const reason = device ? null : await notAppliedReason(tx, ctx.organizationId, row.change!.deviceKey);
      outcomes.set(row.line, reason ? failed(row.line, reason.code, reason.message) : written(row.line, "deleted", { id: null, assetId: device!.assetId }));
    }
  }
  return rows.map((r) => outcomes.get(r.line) ?? failed(r.line, "WRITE_FAILED", "Not written"));
}

