import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * Many rows in one statement and one parameter: the rows travel as a JSON array that PostgreSQL
 * expands with jsonb_to_recordset. Building it costs one JSON.stringify, where a VALUES list
 * of 500 rows × 30 columns costs 15,000 bound parameters (measured: most of the commit's time).
 */
export const rowsParam = (rows: object[]) => sql`${JSON.stringify(rows.map(withoutNulls))}::jsonb`;

/** A key left out reads as NULL in jsonb_to_recordset: a device row is two thirds nulls, half its JSON. */
function withoutNulls(row: object): object {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== null && value !== undefined) out[key] = value;
  return out;
}

export type DeviceInsertRow = {
  organization_id: string;
  product_id: string;
  asset_id: string;
  device_key: string;
  name: string;
  name_i18n: Record<string, string> | null;
  timezone: string;
  description: string | null;
  attributes: Record<string, unknown> | null;
  tags: Record<string, string> | null;
  labels: string[] | null;
  properties: Record<string, unknown> | null;
  type: string | null;
  serial_number: string | null;
  location: string | null;
  cell_number: string | null;
  config_id: string | null;
  integration_id: string | null;
  cloud_integration_id: string | null;
  heartbeat_period: number | null;
  heartbeat_values: string | null;
  parent_device_id: string | null;
  active: boolean | null;
  enforce_secure_mqtt: boolean | null;
  group_id: string | null;
  secret_encrypted: string | null;
  credentials_hash: string | null;
  mqtt_password_hash: string | null;
  sms_password_hash: string | null;
  import_id: string;
};

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * INSERT of new devices; on a taken key either nothing (create) or only the credentials change
 * (Cumulocity's create-or-update-credentials). `inserted` tells a new row from an updated one.
 */
export async function insertDevices(db: DbOrTx, rows: DeviceInsertRow[], onConflict: "nothing" | "update-credentials") {
  const conflict =
    onConflict === "nothing"
      ? sql`ON CONFLICT (organization_id, device_key) DO NOTHING`
      : sql`ON CONFLICT (organization_id, device_key) DO UPDATE SET credentials_hash = EXCLUDED.credentials_hash, updated_at = now()`;
  const result = await db.execute(sql`
    INSERT INTO devices (organization_id, product_id, asset_id, device_key, name, name_i18n, timezone, description, attributes, tags, labels,
      properties, type, serial_number, location, cell_number, config_id, integration_id, cloud_integration_id, heartbeat_period, heartbeat_values,
      parent_device_id, active, enforce_secure_mqtt, group_id, secret_encrypted, credentials_hash, mqtt_password_hash, sms_password_hash, import_id)
    SELECT x.organization_id, x.product_id, x.asset_id, x.device_key, x.name, coalesce(x.name_i18n, '{}'), x.timezone, x.description,
      coalesce(x.attributes, '{}'), coalesce(x.tags, '{}'), coalesce(ARRAY(SELECT jsonb_array_elements_text(x.labels)), '{}'),
      coalesce(x.properties, '{}'), x.type, x.serial_number, x.location, x.cell_number, x.config_id, x.integration_id, x.cloud_integration_id,
      x.heartbeat_period, x.heartbeat_values, x.parent_device_id, coalesce(x.active, true), x.enforce_secure_mqtt, x.group_id, x.secret_encrypted,
      x.credentials_hash, x.mqtt_password_hash, x.sms_password_hash, x.import_id
    FROM jsonb_to_recordset(${rowsParam(rows)}) AS x(organization_id uuid, product_id uuid, asset_id text, device_key text, name text, name_i18n jsonb,
      timezone text, description text, attributes jsonb, tags jsonb, labels jsonb, properties jsonb, type text, serial_number text, location text,
      cell_number text, config_id text, integration_id text, cloud_integration_id text, heartbeat_period int, heartbeat_values text, parent_device_id uuid,
      active boolean, enforce_secure_mqtt boolean, group_id uuid, secret_encrypted text, credentials_hash text, mqtt_password_hash text,
      sms_password_hash text, import_id uuid)
    ${conflict}
    RETURNING id, device_key, asset_id, (xmax = 0) AS inserted`);
  return rowsOf<{ id: string; device_key: string; asset_id: string; inserted: boolean }>(result);
}

/** Sets the group and parent of new devices in one statement, once their rows are known to be written. */
export async function setDeviceLinks(db: DbOrTx, rows: { id: string; group_id: string | null; parent_device_id: string | null }[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    UPDATE devices AS d SET group_id = v.group_id, parent_device_id = v.parent_device_id
    FROM jsonb_to_recordset(${rowsParam(rows)}) AS v(id uuid, group_id uuid, parent_device_id uuid)
    WHERE d.id = v.id`);
}

export type OutcomeRow = { line: number; outcome: string; code: string | null; message: string | null; device_id: string | null; asset_id: string | null; secret: string | null };

/**
 * Writes many rows' outcomes in one statement, with the version each written row left its device
 * at (in the same UPDATE, not a second pass over the rows): a rollback tells a later change by it.
 */
export async function updateOutcomes(db: DbOrTx, importId: string, rows: OutcomeRow[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    UPDATE import_rows AS r
    SET outcome = v.outcome::row_outcome, outcome_message = v.message, outcome_code = v.code, device_id = v.device_id, asset_id = v.asset_id, secret_once = v.secret,
      after_version = d.version
    FROM jsonb_to_recordset(${rowsParam(rows)}) AS v(line int, outcome text, message text, code text, device_id uuid, asset_id text, secret text)
      LEFT JOIN devices d ON d.id = v.device_id
    WHERE r.import_id = ${importId} AND r.line = v.line`);
}

/** Columns an update may set, with the type jsonb_to_recordset reads each as. */
const UPDATABLE_COLUMNS = [
  ["name", "text"],
  ["name_i18n", "jsonb"],
  ["timezone", "text"],
  ["description", "text"],
  ["attributes", "jsonb"],
  ["tags", "jsonb"],
  ["labels", "jsonb"],
  ["properties", "jsonb"],
  ["type", "text"],
  ["serial_number", "text"],
  ["location", "text"],
  ["cell_number", "text"],
  ["config_id", "text"],
  ["integration_id", "text"],
  ["cloud_integration_id", "text"],
  ["heartbeat_period", "int"],
  ["heartbeat_values", "text"],
  ["parent_device_id", "uuid"],
  ["active", "boolean"],
  ["enforce_secure_mqtt", "boolean"],
  ["product_id", "uuid"],
  ["credentials_hash", "text"],
  ["mqtt_password_hash", "text"],
  ["sms_password_hash", "text"],
] as const;
export type UpdatableColumn = (typeof UPDATABLE_COLUMNS)[number][0];

/** One device's update: the columns it gives (`given`; a given column may be set to null), and the version it was previewed at. */
export type DeviceUpdateRow = { device_key: string; version: number | null; given: UpdatableColumn[] } & Partial<Record<UpdatableColumn, unknown>>;

const setClause = sql.raw(
  UPDATABLE_COLUMNS.map(([name]) => `${name} = CASE WHEN v.given ? '${name}' THEN ${name === "labels" ? "coalesce(ARRAY(SELECT jsonb_array_elements_text(v.labels)), '{}')" : `v.${name}`} ELSE d.${name} END`).join(",\n      "),
);
const recordColumns = sql.raw(UPDATABLE_COLUMNS.map(([name, type]) => `${name} ${type}`).join(", "));

/**
 * Many devices updated in one statement, each setting only the columns its row gives, and only
 * while the device still has the version it was previewed at (race-free, as one row's UPDATE was).
 * The devices not returned were not touched: gone, or changed since.
 */
export async function updateDevices(db: DbOrTx, organizationId: string, rows: DeviceUpdateRow[]) {
  if (rows.length === 0) return [];
  const result = await db.execute(sql`
    UPDATE devices AS d SET ${setClause}, updated_at = now()
    FROM jsonb_to_recordset(${rowsParam(rows)}) AS v(device_key text, version int, given jsonb, ${recordColumns})
    WHERE d.organization_id = ${organizationId} AND d.device_key = v.device_key AND (v.version IS NULL OR d.version = v.version)
    RETURNING d.id, d.device_key, d.asset_id`);
  return rowsOf<{ id: string; device_key: string; asset_id: string }>(result);
}

/** The group of devices whose rows are written (made or found by path first). */
export async function setDeviceGroups(db: DbOrTx, rows: { id: string; group_id: string }[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    UPDATE devices AS d SET group_id = v.group_id
    FROM jsonb_to_recordset(${rowsParam(rows)}) AS v(id uuid, group_id uuid)
    WHERE d.id = v.id`);
}

/**
 * Updated devices' SIMs in one statement: a device with a SIM gets the new values (those not
 * given are kept), one without gets one. An ICCID another device holds fails the statement, and
 * the chunk is retried by halves down to that row (ICCID_TAKEN).
 */
export async function upsertSims(db: DbOrTx, organizationId: string, rows: { device_id: string; iccid: string; msisdn?: string; communication_plan?: string; rate_plan?: string }[]) {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const result = await db.execute(sql`
    INSERT INTO sims (organization_id, device_id, iccid, msisdn, communication_plan, rate_plan)
    SELECT ${organizationId}::uuid, v.device_id, v.iccid, v.msisdn, v.communication_plan, v.rate_plan
    FROM jsonb_to_recordset(${rowsParam(rows)}) AS v(device_id uuid, iccid text, msisdn text, communication_plan text, rate_plan text)
    ON CONFLICT (device_id) DO UPDATE SET iccid = EXCLUDED.iccid, msisdn = coalesce(EXCLUDED.msisdn, sims.msisdn),
      communication_plan = coalesce(EXCLUDED.communication_plan, sims.communication_plan), rate_plan = coalesce(EXCLUDED.rate_plan, sims.rate_plan), updated_at = now()
    RETURNING (xmax = 0) AS inserted`);
  const inserted = rowsOf<{ inserted: boolean }>(result).filter((r) => r.inserted).length;
  return { created: inserted, updated: rows.length - inserted };
}
