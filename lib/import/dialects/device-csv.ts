import { z } from "zod";
import type { Operation } from "../command";
import { issue, type RowIssue } from "../issue";
import { refuse, type FileRefusal, type Result } from "../refusal";
import type { Sheet } from "../read/sheet";
import { checkDeviceKey, checkInteger, checkText, type Check } from "../validate/fields";
import { cell } from "../validate/zod-cell";
import { FORBIDDEN_KEYS, cellsByHeader, normalizeHeader, setOwn } from "./columns";
import type { ImportContext } from "./context";
import type { RowParser } from "./enos-template";
import { buildRow, given } from "./row";

/** Seed 003, in its order: 21 columns (device only) or 25 (device and SIM). */
export const deviceCsvColumns = [
  "Device Name",
  "Device Unique ID",
  "Serial Number",
  "Location",
  "Account ID",
  "Device Type ID",
  "Heartbeat Period (second)",
  "Device Cell Number",
  "SMS Command Password",
  "Device Config ID",
  "Active",
  "Heartbeat Values",
  "Device Integration ID",
  "Cloud Native Integration ID",
  "Parent Device ID",
  "Tags",
  "Metadata",
  "Enforce Secure MQTT",
  "MQTT Password",
  "Delete?",
  "Update?",
  "ICCID (SIM)",
  "MSISDN (SIM)",
  "Communication Plan (SIM)",
  "Rate Plan (SIM)",
] as const;

const trimmedHeader = (header: string[]) => {
  const h = header.map((c) => c.trim());
  while (h.length > 0 && h.at(-1) === "") h.pop();
  return h;
};

/** Looks like seed 003 when it starts with its first two columns; the exact check then says what differs. */
export const isDeviceCsv = (header: string[]) =>
  normalizeHeader(header[0] ?? "") === "device name" && normalizeHeader(header[1] ?? "") === "device unique id";

const checkTags: Check<string[]> = (value, column) => {
  const tags = value.split(";").map((t) => t.trim()).filter((t) => t !== "");
  const long = tags.find((t) => t.length > 64);
  return long ? { issue: issue(column, "TAGS_FORMAT", `${column}: the tag "${long.slice(0, 20)}…" is longer than 64 characters`) } : { value: [...new Set(tags)] };
};

const checkMetadata: Check<Record<string, string>> = (value, column) => {
  const result: Record<string, string> = {};
  for (const pair of value.split(";").map((p) => p.trim()).filter((p) => p !== "")) {
    const colon = pair.indexOf(":");
    const key = colon > 0 ? pair.slice(0, colon).trim() : "";
    if (!key) return { issue: issue(column, "METADATA_FORMAT", `${column} "${pair}" is not a key:value pair; write key1:value1;key2:value2`) };
    if (FORBIDDEN_KEYS.has(key)) return { issue: issue(column, "METADATA_FORMAT", `${column}: "${key}" cannot be used as a key`) };
    setOwn(result, key, pair.slice(colon + 1).trim());
  }
  return { value: result };
};

/** Seed 003: a boolean is true, false or empty; 1/0, yes/no are refused rather than guessed (Delete?=1 must not delete). */
const checkStrictBoolean: Check<boolean> = (value, column) => {
  const v = value.toLowerCase();
  if (v === "true") return { value: true };
  if (v === "false") return { value: false };
  return { issue: issue(column, "NOT_A_BOOLEAN", `${column} "${value.slice(0, 20)}" must be true, false or empty`) };
};

const checkIccid: Check<string> = (value, column) =>
  /^\d{18,22}$/.test(value)
    ? { value }
    : {
        issue: issue(
          column,
          "ICCID_FORMAT",
          `${column} "${value}" must be 18–22 digits${/e\+/i.test(value) ? " (Excel stored it as a number and lost digits: format the column as Text)" : ""}`,
        ),
      };

export function prepareDeviceCsv(sheet: Sheet, context: ImportContext): Result<RowParser, FileRefusal> {
  const header = trimmedHeader(sheet.header.cells);
  if (header.length !== 21 && header.length !== 25) {
    return { ok: false, error: refuse("BAD_HEADER", `The device CSV must have 21 or 25 columns; this file has ${header.length}. Expected, in order: ${deviceCsvColumns.join(", ")}.`) };
  }
  for (const [i, name] of header.entries()) {
    if (normalizeHeader(name) !== normalizeHeader(deviceCsvColumns[i]!)) {
      return { ok: false, error: refuse("BAD_HEADER", `Column ${i + 1} of the device CSV is "${name}"; expected "${deviceCsvColumns[i]}". The columns must be in the documented order.`) };
    }
  }
  const c = (i: number) => header[i]!;
  const text = (i: number, max = 255) => cell(checkText(max), c(i)).optional();
  const bool = (i: number) => cell(checkStrictBoolean, c(i)).optional();
  const schema = z.object({
    name: text(0, 128),
    deviceKey: cell(checkDeviceKey, c(1)).optional(),
    serialNumber: text(2, 128),
    location: text(3),
    organization: text(4, 128),
    productKey: text(5, 64),
    heartbeatPeriod: cell(checkInteger({ min: 0 }), c(6)).optional(),
    cellNumber: text(7, 32),
    smsPassword: text(8, 128),
    configId: text(9, 128),
    active: bool(10),
    heartbeatValues: text(11, 1024),
    integrationId: text(12, 128),
    cloudIntegrationId: text(13, 128),
    parentDeviceKey: cell(checkDeviceKey, c(14)).optional(),
    labels: cell(checkTags, c(15)).optional(),
    properties: cell(checkMetadata, c(16)).optional(),
    enforceSecureMqtt: bool(17),
    mqttPassword: text(18, 128),
    iccid: cell(checkIccid, c(21)).optional(),
    msisdn: text(22, 32),
    communicationPlan: text(23, 128),
    ratePlan: text(24, 128),
  });
  const orgRefs = new Set([context.organization.id, context.organization.slug].map((r) => r.toLowerCase()));

  return {
    ok: true,
    value: {
      dataRows: (rows) => rows,
      parse: (row) => {
        const at = (i: number) => (i < header.length ? given(row.cells[i]) : undefined);
        const errors: RowIssue[] = [];
        const flag = (i: number) => {
          const value = at(i);
          if (value === undefined) return false;
          const parsed = checkStrictBoolean(value, c(i));
          if ("issue" in parsed) errors.push(parsed.issue);
          return "value" in parsed && parsed.value;
        };
        const del = flag(19);
        const upd = flag(20);
        if (del && upd) errors.push(issue(c(19), "DELETE_AND_UPDATE", `${c(19)} and ${c(20)} cannot both be true; choose one operation for the row`));
        const operation: Operation = del ? "delete" : upd ? "update" : "create";
        const input = Object.fromEntries(Object.keys(schema.shape).map((k, i) => [k, at(i < 19 ? i : i + 2)])) as Record<keyof typeof schema.shape, string | undefined>;

        const organization = input.organization;
        if (organization && !context.isPlatformAdmin && !orgRefs.has(organization.toLowerCase())) {
          errors.push(issue(c(4), "ORGANIZATION_NOT_ALLOWED", `${c(4)} "${organization}" is not ${context.organization.name} (${context.organization.slug}); you may only act for your own organization`));
        }
        const warnings: RowIssue[] = [];
        const simFields = [22, 23, 24].filter((i) => at(i) !== undefined);
        if (!input.iccid && simFields.length > 0 && operation !== "delete") {
          warnings.push(issue(c(21), "SIM_WITHOUT_ICCID", `${simFields.map(c).join(", ")} given without ${c(21)}: no SIM is created`));
        }
        const requiredColumns = operation === "create" ? [0, 1, 4, 5, 6] : [1, 4];
        return buildRow({
          line: row.line,
          operation,
          cells: cellsByHeader(header, row.cells),
          input,
          schema,
          required: requiredColumns.map((i) => ({ column: c(i), value: at(i) })),
          columns: { name: c(0), deviceKey: c(1), organization: c(4), productKey: c(5), parentDeviceKey: c(14), sim: c(21) },
          extraErrors: errors,
          warnings,
          finish: ({ iccid, msisdn, communicationPlan, ratePlan, heartbeatPeriod, ...data }) => ({
            ...data,
            deviceKey: data.deviceKey!,
            ...(heartbeatPeriod !== undefined ? { heartbeatPeriod: heartbeatPeriod === 0 ? null : heartbeatPeriod } : {}),
            ...(operation === "create" ? { active: data.active ?? true, timezone: "UTC" } : {}),
            ...(iccid ? { sim: { iccid, msisdn, communicationPlan, ratePlan } } : {}),
          }),
        });
      },
    },
  };
}
