import type { DeviceChange, RowResult, SimChange } from "./command";
import { deviceCsvColumns } from "./dialects/device-csv";

/** What a staged row's target device looks like now, in the words of a DeviceChange (no secrets). */
export type DeviceSnapshot = Omit<DeviceChange, "sim" | "credentials" | "mqttPassword" | "smsPassword" | "organization" | "attributes"> & {
  attributes: Record<string, unknown>;
  sim: SimChange | null;
  externalIds: { type: string; value: string }[];
  hasCredentials: boolean;
};

export type FieldChange = { field: string; column: string | null; before: string; after: string };
export type RowChanges =
  | { kind: "create" }
  | { kind: "update" | "no_change" | "credentials"; fields: FieldChange[] }
  | { kind: "delete"; removes: { device: string; sim: string | null; externalIds: string[] } };
export type ChangeKind = RowChanges["kind"];

/** A credential's value is never shown: only that it is set and that the row replaces it. */
export const SECRET_SET = "(set)";
export const SECRET_NEW = "(new value)";

/** Fields an update may set, compared one by one; maps (tags, metadata) as a whole, as they are replaced. */
const compared = [
  "name", "nameI18n", "timezone", "description", "attributes", "tags", "labels", "properties", "type", "serialNumber", "location",
  "heartbeatPeriod", "heartbeatValues", "cellNumber", "configId", "active", "integrationId", "cloudIntegrationId", "enforceSecureMqtt",
  "productKey", "groupPath", "parentDeviceKey",
] as const satisfies readonly (keyof DeviceChange & keyof DeviceSnapshot)[];
const simFields = ["iccid", "msisdn", "communicationPlan", "ratePlan"] as const;
const secretFields = ["credentials", "mqttPassword", "smsPassword"] as const;

/** The device CSV's columns by field (its rows name only a few in `columns`). */
const c = (i: number) => deviceCsvColumns[i] ?? null;
const deviceCsvFieldColumns: Record<string, string | null> = {
  name: c(0), serialNumber: c(2), location: c(3), productKey: c(5), heartbeatPeriod: c(6), cellNumber: c(7), smsPassword: c(8), configId: c(9),
  active: c(10), heartbeatValues: c(11), integrationId: c(12), cloudIntegrationId: c(13), parentDeviceKey: c(14), labels: c(15), properties: c(16),
  enforceSecureMqtt: c(17), mqttPassword: c(18), "sim.iccid": c(21), "sim.msisdn": c(22), "sim.communicationPlan": c(23), "sim.ratePlan": c(24),
};

/** jsonb keeps no key order: maps compare and print with their keys sorted. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(showValue).join(", ");
  if (typeof value === "object") {
    return Object.keys(value)
      .sort()
      .map((k) => `${k}=${typeof (value as Record<string, unknown>)[k] === "object" ? JSON.stringify((value as Record<string, unknown>)[k]) : showValue((value as Record<string, unknown>)[k])}`)
      .join("; ");
  }
  return String(value);
}

/**
 * What confirming a valid row will do to its device, field by field: before → after for every
 * field the row sets to another value, "no change" when it sets none, what goes for a delete.
 */
export function rowChanges(row: Pick<RowResult, "operation" | "change" | "columns">, before: DeviceSnapshot | null, header: readonly string[]): RowChanges | null {
  const change = row.change;
  if (!change) return null;
  if (row.operation === "create" || (row.operation === "upsert_credentials" && !before)) return { kind: "create" };
  if (!before) return null;
  if (row.operation === "delete") {
    return { kind: "delete", removes: { device: before.name ?? change.deviceKey, sim: before.sim?.iccid ?? null, externalIds: before.externalIds.map((e) => `${e.type}: ${e.value}`) } };
  }
  const inHeader = new Set(header.map((h) => h.trim()));
  const columnOf = (field: string) => {
    const named = (row.columns as Record<string, string | undefined>)[field] ?? deviceCsvFieldColumns[field] ?? null;
    return named && inHeader.has(named) ? named : null;
  };
  const fields: FieldChange[] = [];
  const compare = (field: string, was: unknown, next: unknown) => {
    if (next === undefined) return;
    const [b, a] = [showValue(was), showValue(next)];
    if (b !== a) fields.push({ field, column: columnOf(field), before: b, after: a });
  };
  for (const field of compared) compare(field, before[field], change[field]);
  if (change.sim) for (const f of simFields) compare(`sim.${f}`, before.sim?.[f], change.sim[f]);
  for (const f of secretFields) if (change[f]) fields.push({ field: f, column: columnOf(f), before: before.hasCredentials ? SECRET_SET : "", after: SECRET_NEW });
  if (row.operation === "upsert_credentials") return { kind: "credentials", fields };
  return { kind: fields.length === 0 ? "no_change" : "update", fields };
}

export const changeKindLabels: Record<ChangeKind, string> = { create: "Create", update: "Update", no_change: "No change", credentials: "Credentials", delete: "Delete" };
