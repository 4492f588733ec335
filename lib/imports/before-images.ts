import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { RowResult } from "@/lib/import/command";
import { rowChanges, type DeviceSnapshot, type RowChanges } from "@/lib/import/row-changes";
import type { BeforeImage } from "./before-image-type";

export type { BeforeImage };

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const asJson = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** Rows whose target exists already: the ones that get a before-image. */
const targets = (rows: RowResult[]) => rows.filter((r) => r.change && r.operation !== "create");

/** The devices these keys name, as they are now: every column, SIM, external ids, group path, version. */
export async function readBeforeImages(db: DbOrTx, organizationId: string, keys: string[]): Promise<Map<string, BeforeImage>> {
  if (keys.length === 0) return new Map();
  const result = await db.execute(sql`
    SELECT d.version, to_jsonb(d) AS device,
      (SELECT to_jsonb(s) FROM sims s WHERE s.device_id = d.id) AS sim,
      coalesce((SELECT jsonb_agg(to_jsonb(e) ORDER BY e.type, e.value) FROM external_ids e WHERE e.device_id = d.id), '[]'::jsonb) AS external_ids,
      p.product_key, g.path AS group_path, pd.device_key AS parent_device_key
    FROM devices d
    JOIN products p ON p.id = d.product_id
    LEFT JOIN device_groups g ON g.id = d.group_id
    LEFT JOIN devices pd ON pd.id = d.parent_device_id
    WHERE d.organization_id = ${organizationId} AND d.device_key IN (SELECT jsonb_array_elements_text(${asJson([...new Set(keys)])}))`);
  type Found = { version: number; device: BeforeImage["device"]; sim: BeforeImage["sim"]; external_ids: BeforeImage["externalIds"]; product_key: string; group_path: string | null; parent_device_key: string | null };
  return new Map(
    rowsOf<Found>(result).map((r) => [
      r.device.device_key,
      { version: Number(r.version), device: r.device, sim: r.sim, externalIds: r.external_ids, productKey: r.product_key, groupPath: r.group_path, parentDeviceKey: r.parent_device_key },
    ]),
  );
}

const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v));

/** The image in the preview's terms: public fields only, no hash or secret. */
export function snapshotOf(image: BeforeImage): DeviceSnapshot {
  const d = image.device;
  const sim = image.sim;
  return {
    deviceKey: d.device_key,
    productKey: image.productKey,
    name: str(d.name),
    nameI18n: (d.name_i18n as Record<string, string>) ?? {},
    timezone: str(d.timezone),
    description: str(d.description),
    attributes: (d.attributes as Record<string, unknown>) ?? {},
    tags: (d.tags as Record<string, string>) ?? {},
    labels: (d.labels as string[]) ?? [],
    properties: (d.properties as Record<string, unknown>) ?? {},
    type: str(d.type),
    serialNumber: str(d.serial_number),
    location: str(d.location),
    heartbeatPeriod: (d.heartbeat_period as number | null) ?? null,
    heartbeatValues: str(d.heartbeat_values),
    cellNumber: str(d.cell_number),
    configId: str(d.config_id),
    active: d.active as boolean,
    integrationId: str(d.integration_id),
    cloudIntegrationId: str(d.cloud_integration_id),
    enforceSecureMqtt: (d.enforce_secure_mqtt as boolean | null) ?? undefined,
    groupPath: image.groupPath ?? undefined,
    parentDeviceKey: image.parentDeviceKey ?? undefined,
    sim: sim ? { iccid: String(sim.iccid), msisdn: str(sim.msisdn), communicationPlan: str(sim.communication_plan), ratePlan: str(sim.rate_plan) } : null,
    externalIds: image.externalIds.map((e) => ({ type: String(e.type), value: String(e.value) })),
    hasCredentials: Boolean(d.credentials_hash || d.mqtt_password_hash || d.sms_password_hash),
  };
}

export type StagedExtras = { beforeImage: BeforeImage | null; changes: RowChanges | null };

/**
 * Before-image and changes of each row, by line: what staging (and an edit) stores next to the
 * row, so that the preview shows before → after and the commit can tell a device changed since.
 */
export async function stagedExtras(db: DbOrTx, organizationId: string, rows: RowResult[], header: readonly string[]): Promise<Map<number, StagedExtras>> {
  const images = await readBeforeImages(db, organizationId, targets(rows).map((r) => r.change!.deviceKey));
  return new Map(
    rows.map((row) => {
      const image = (row.change && row.operation !== "create" && images.get(row.change.deviceKey)) || null;
      return [row.line, { beforeImage: image, changes: rowChanges(row, image && snapshotOf(image), header) }];
    }),
  );
}

/** The version each staged update and delete expects its device to still have, by line. */
export const stagedVersions = (stored: { line: number; operation: string; beforeImage: Pick<BeforeImage, "version"> | null }[]) =>
  new Map(stored.flatMap((r) => ((r.operation === "update" || r.operation === "delete") && r.beforeImage ? [[r.line, r.beforeImage.version] as const] : [])));

