import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { devices, externalIds, sims } from "@/db/schema";
import { newAssetId } from "@/lib/devices/asset-id";
import { hashDeviceCredential } from "@/lib/auth/password";
import type { DeviceChange, RowResult } from "@/lib/import/command";
import { randomToken } from "@/lib/crypto/random-token";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { insertDevices, type DeviceInsertRow } from "./bulk-sql";
import { notAppliedReason, versionIs, versionsAre } from "./stale";

export type RowOutcome = {
  line: number;
  outcome: "created" | "updated" | "deleted" | "credential_updated" | "failed";
  message: string | null;
  deviceId: string | null;
  assetId: string | null;
  secretOnce: string | null;
  /** Machine code of a failure (e.g. STALE_DEVICE). */
  code?: string;
};

export type WriteContext = {
  organizationId: string;
  importId: string;
  productIds: Map<string, string>;
  groupIds: Map<string, string>;
  /** Generates a device secret for EnOS creates (shown once in the result download). */
  issueSecrets: boolean;
  secrets: SecretBox;
  /** By line: the device version each staged update/delete was previewed against (before-images). */
  expectedVersions?: Map<number, number>;
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

const failed = (line: number, message: string): RowOutcome => ({ line, outcome: "failed", message, deviceId: null, assetId: null, secretOnce: null });

/** Column values of a change; fields not given are left out so that an update keeps them. */
async function deviceFields(change: DeviceChange, ctx: WriteContext, parentIds: Map<string, string>) {
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
  if (change.groupPath) set("groupId", ctx.groupIds.get(change.groupPath));
  if (change.parentDeviceKey) set("parentDeviceId", parentIds.get(change.parentDeviceKey));
  if (change.credentials) values.credentialsHash = await hashDeviceCredential(change.credentials);
  if (change.mqttPassword) values.mqttPasswordHash = await hashDeviceCredential(change.mqttPassword);
  if (change.smsPassword) values.smsPasswordHash = await hashDeviceCredential(change.smsPassword);
  return values;
}

/**
 * Writes one chunk of valid rows inside the caller's transaction, with multi-row statements.
 * Unique constraints settle races with other imports: a conflicting row fails alone, and a device
 * whose SIM or external id cannot be written is removed again (device and SIM are atomic per row).
 */
export async function writeChunk(tx: Tx, rows: RowResult[], ctx: WriteContext, sims_: SimCounters): Promise<RowOutcome[]> {
  const outcomes = new Map<number, RowOutcome>();
  const parentKeys = [...new Set(rows.flatMap((r) => (r.change?.parentDeviceKey ? [r.change.parentDeviceKey] : [])))];
  const parents = parentKeys.length
    ? await tx.select({ id: devices.id, key: devices.deviceKey }).from(devices).where(and(eq(devices.organizationId, ctx.organizationId), inArray(devices.deviceKey, parentKeys)))
    : [];
  const parentIds = new Map(parents.map((p) => [p.key, p.id]));

  // Creates (and Cumulocity's create-or-update-credentials).
  const creates = rows.filter((r) => r.operation === "create" || r.operation === "upsert_credentials");
  if (creates.length > 0) {
    const prepared = await Promise.all(
      creates.map(async (row) => {
        const change = row.change!;
        const secret = ctx.issueSecrets && row.operation === "create" ? randomToken(24) : null;
        const fields = await deviceFields(change, ctx, parentIds);
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
            secretEncrypted: secret ? ctx.secrets.seal(secret) : null,
          },
        };
      }),
    );
    const written = new Map<string, { id: string; assetId: string; inserted: boolean }>();
    for (const [operation, onConflict] of [["create", "nothing"], ["upsert_credentials", "update-credentials"]] as const) {
      const batch = prepared.filter((p) => p.row.operation === operation);
      if (batch.length === 0) continue;
      for (const d of await insertDevices(tx, batch.map((p) => insertRow(p.values)), onConflict)) {
        written.set(d.device_key, { id: d.id, assetId: d.asset_id, inserted: d.inserted });
      }
    }
    // Dependants of new devices: SIMs and external ids; a conflict removes the device again.
    const fresh = prepared.filter((p) => written.get(p.row.change!.deviceKey)?.inserted);
    const simRows = fresh.filter((p) => p.row.change!.sim);
    const simWinners = new Set<string>();
    if (simRows.length > 0) {
      const insertedSims = await tx
        .insert(sims)
        .values(simRows.map((p) => ({ ...p.row.change!.sim!, organizationId: ctx.organizationId, deviceId: written.get(p.row.change!.deviceKey)!.id })))
        .onConflictDoNothing()
        .returning({ iccid: sims.iccid });
      for (const s of insertedSims) simWinners.add(s.iccid);
      sims_.simsCreated += insertedSims.length;
      sims_.simsFailed += simRows.length - insertedSims.length;
    }
    const idRows = prepared.filter((p) => written.has(p.row.change!.deviceKey) && (p.row.change!.externalIds?.length ?? 0) > 0);
    const idLosers = new Set<string>();
    if (idRows.length > 0) {
      const wanted = idRows.flatMap((p) => p.row.change!.externalIds!.map((e) => ({ ...e, organizationId: ctx.organizationId, deviceId: written.get(p.row.change!.deviceKey)!.id })));
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
    const rollBack: string[] = [];
    for (const p of prepared) {
      const change = p.row.change!;
      const device = written.get(change.deviceKey);
      if (!device) {
        outcomes.set(p.row.line, failed(p.row.line, `${p.row.columns.deviceKey ?? "Device key"} "${change.deviceKey}" was taken by another import meanwhile`));
      } else if (device.inserted && change.sim && !simWinners.has(change.sim.iccid)) {
        rollBack.push(device.id);
        outcomes.set(p.row.line, failed(p.row.line, `ICCID "${change.sim.iccid}" was taken meanwhile; the device was not created`));
      } else if (device.inserted && idLosers.has(device.id)) {
        rollBack.push(device.id);
        outcomes.set(p.row.line, failed(p.row.line, "An external ID of this device was taken meanwhile; the device was not created"));
      } else {
        outcomes.set(p.row.line, {
          line: p.row.line,
          outcome: device.inserted ? "created" : "credential_updated",
          message: null,
          deviceId: device.id,
          assetId: device.assetId,
          secretOnce: device.inserted && p.secret ? ctx.secrets.seal(p.secret) : null,
        });
      }
    }
    if (rollBack.length > 0) await tx.delete(devices).where(inArray(devices.id, rollBack));
  }

  // Updates: one statement per row (each sets its own fields), each in a savepoint with its SIM.
  for (const row of rows.filter((r) => r.operation === "update")) {
    const change = row.change!;
    try {
      const result = await tx.transaction(async (sp) => {
        const fields = await deviceFields(change, ctx, parentIds);
        const [device] = await sp
          .update(devices)
          .set({ ...fields, updatedAt: new Date() })
          .where(and(eq(devices.organizationId, ctx.organizationId), eq(devices.deviceKey, change.deviceKey), versionIs(ctx.expectedVersions?.get(row.line))))
          .returning({ id: devices.id, assetId: devices.assetId });
        if (!device) return null;
        let simCreated = false;
        if (change.sim) {
          const [existing] = await sp.select({ id: sims.id }).from(sims).where(eq(sims.deviceId, device.id));
          if (existing) {
            const { iccid, msisdn, communicationPlan, ratePlan } = change.sim;
            await sp.update(sims).set({ iccid, msisdn, communicationPlan, ratePlan, updatedAt: new Date() }).where(eq(sims.id, existing.id));
          } else {
            await sp.insert(sims).values({ ...change.sim, organizationId: ctx.organizationId, deviceId: device.id });
            simCreated = true;
          }
        }
        return { device, simCreated };
      });
      if (!result) outcomes.set(row.line, { ...failed(row.line, ""), ...(await notAppliedReason(tx, ctx.organizationId, change.deviceKey)) });
      else {
        if (change.sim) sims_[result.simCreated ? "simsCreated" : "simsUpdated"]++;
        outcomes.set(row.line, { line: row.line, outcome: "updated", message: null, deviceId: result.device.id, assetId: result.device.assetId, secretOnce: null });
      }
    } catch (error) {
      if (change.sim) sims_.simsFailed++;
      const code = (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code;
      outcomes.set(row.line, failed(row.line, code === "23505" ? `ICCID "${change.sim?.iccid}" belongs to another device` : "The device could not be updated"));
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
      outcomes.set(row.line, device ? { line: row.line, outcome: "deleted", message: null, deviceId: null, assetId: device.assetId, secretOnce: null } : { ...failed(row.line, ""), ...(await notAppliedReason(tx, ctx.organizationId, row.change!.deviceKey)) });
    }
  }
  return rows.map((r) => outcomes.get(r.line) ?? failed(r.line, "Not written"));
}
