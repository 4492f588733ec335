import { createHash } from "node:crypto";
import { z } from "zod";
import type { ExternalId } from "../command";
import { issue, type RowIssue } from "../issue";
import { refuse, type FileRefusal, type Result } from "../refusal";
import type { Sheet } from "../read/sheet";
import { DEVICE_KEY, checkText, type Check } from "../validate/fields";
import { cell } from "../validate/zod-cell";
import { FORBIDDEN_KEYS, cellsByHeader, setOwn } from "./columns";
import type { ImportContext } from "./context";
import type { RowParser } from "./enos-template";
import { buildRow, given } from "./row";

const FIXED = ["ID", "CREDENTIALS", "TENANT", "TYPE", "NAME", "ICCID", "IDTYPE", "PATH", "SHELL"] as const;
type Fixed = (typeof FIXED)[number];
const DEFAULT_ID_TYPE = "c8y_Serial";

/** Seed 002: ID and CREDENTIALS columns, any order and case. */
export const isC8yBulk = (header: string[]) => {
  const names = new Set(header.map((h) => h.trim().toUpperCase()));
  return names.has("ID") && names.has("CREDENTIALS");
};

/** A level's name in bytes: 20 levels of it stay under PostgreSQL's 2,704-byte index row for the path. */
export const MAX_GROUP_NAME_BYTES = 128;
const utf8 = new TextEncoder();

const checkPath =
  (maxDepth: number): Check<string> =>
  (value, column) => {
    const parts = value.split("/").map((p) => p.trim());
    if (parts.some((p) => p === "")) return { issue: issue(column, "INVALID_VALUE", `${column} "${value}" has an empty group name; write it as Main group/Subgroup`) };
    // "." and ".." would read as "here" and "up" to anyone who takes the path for a file path.
    if (parts.some((p) => p === "." || p === "..")) return { issue: issue(column, "INVALID_VALUE", `${column} may not have "." or ".." as a group name`) };
    if (parts.length > maxDepth) return { issue: issue(column, "INVALID_VALUE", `${column} has ${parts.length} levels; this organization allows at most ${maxDepth}`) };
    if (parts.some((p) => utf8.encode(p).length > MAX_GROUP_NAME_BYTES)) return { issue: issue(column, "TOO_LONG", `${column} has a group name longer than ${MAX_GROUP_NAME_BYTES} bytes`) };
    return { value: parts.join("/") };
  };

/**
 * Seed 002's ID is an external id: any text (e.g. "zz3", or with spaces), not an EnOS device key.
 * It stays the external id as written; the device key is the ID when it is a valid key, else one
 * derived from it: the valid characters plus a hash of the whole ID, so two IDs never share a key
 * and registering the same ID again finds the same device.
 */
export function deviceKeyForId(id: string): string {
  if (DEVICE_KEY.test(id)) return id;
  const base = id.replace(/[^A-Za-z0-9_.:-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 48);
  const hash = createHash("sha256").update(id).digest("hex").slice(0, 12);
  return base ? `${base}-${hash}` : `id-${hash}`;
}

const checkId: Check<string> = (value, column) =>
  [...value].length > 128
    ? { issue: issue(column, "TOO_LONG", `${column} is longer than 128 characters`) }
    : /[\u0000-\u001f\u007f]/.test(value)
      ? { issue: issue(column, "INVALID_VALUE", `${column} contains a control character`) }
      : { value };

const checkShell: Check<boolean> = (value, column) =>
  value === "1" ? { value: true } : value === "0" ? { value: false } : { issue: issue(column, "NOT_ALLOWED_VALUE", `${column} "${value}" must be 1 (add the shell) or 0`) };

/** Sets a dotted path ("a.b.c") as nested objects; values stay strings, as the seed says. */
function setPath(target: Record<string, unknown>, path: string[], value: string) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (typeof next === "object" && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>;
    else {
      const child: Record<string, unknown> = {};
      setOwn(node, key, child);
      node = child;
    }
  }
  setOwn(node, path.at(-1)!, value);
}

export function prepareC8yBulk(sheet: Sheet, context: ImportContext): Result<RowParser, FileRefusal> {
  const header = sheet.header.cells.map((h) => h.trim());
  const fixedAt = new Map<Fixed, number>();
  const externalAt: { index: number; type: string; column: string }[] = [];
  const customAt: { index: number; path: string[]; column: string }[] = [];
  for (const [index, name] of header.entries()) {
    if (name === "") continue;
    const upper = name.toUpperCase() as Fixed;
    if ((FIXED as readonly string[]).includes(upper)) fixedAt.set(upper, index);
    else if (/^external-/i.test(name)) {
      const type = name.slice("external-".length).trim();
      if (!type) return { ok: false, error: refuse("BAD_HEADER", `The column "${name}" names no external ID type; write e.g. external-c8y_Imei.`) };
      externalAt.push({ index, type, column: name });
    } else {
      const path = name.split(".").map((p) => p.trim());
      if (path.some((p) => p === "" || FORBIDDEN_KEYS.has(p))) {
        return { ok: false, error: refuse("BAD_HEADER", `The column "${name}" is not a valid custom property name.`) };
      }
      customAt.push({ index, path, column: name });
    }
  }
  const needsInfo = (["ICCID", "IDTYPE", "PATH", "SHELL"] as const).filter((c) => fixedAt.has(c));
  if (needsInfo.length > 0 && !(fixedAt.has("TYPE") && fixedAt.has("NAME"))) {
    return {
      ok: false,
      error: refuse("BAD_HEADER", `The column${needsInfo.length > 1 ? "s" : ""} ${needsInfo.join(", ")} need${needsInfo.length > 1 ? "" : "s"} the TYPE and NAME columns as well (Cumulocity bulk registration).`),
    };
  }
  if (context.isPlatformAdmin && !fixedAt.has("TENANT")) {
    return { ok: false, error: refuse("BAD_HEADER", "As a platform administrator you register for a tenant per row: add a TENANT column.") };
  }
  // A product picked in the console (or ?productKey= on the API) overrides; otherwise TYPE names
  // the product when it is one of the organization's keys, else the organization's product for registrations.
  const catalog = context.catalog ?? {};
  const productFor = (type: string | undefined) =>
    context.product?.productKey ?? (type !== undefined && Object.hasOwn(catalog, type) ? type : (context.registrationProductKey ?? undefined));

  const col = (name: Fixed) => (fixedAt.has(name) ? header[fixedAt.get(name)!]! : name);
  const at = (cells: string[], name: Fixed) => (fixedAt.has(name) ? given(cells[fixedAt.get(name)!]) : undefined);
  const schema = z.object({
    id: cell(checkId, col("ID")).optional(),
    credentials: cell(checkText(128), col("CREDENTIALS")).optional(),
    type: cell(checkText(128), col("TYPE")).optional(),
    name: cell(checkText(128), col("NAME")).optional(),
    iccid: cell(checkText(32), col("ICCID")).optional(),
    idType: cell(checkText(64), col("IDTYPE")).optional(),
    groupPath: cell(checkPath(context.limits.maxGroupDepth), col("PATH")).optional(),
    shell: cell(checkShell, col("SHELL")).optional(),
  });

  return {
    ok: true,
    value: {
      dataRows: (rows) => rows,
      parse: (row) => {
        const input = {
          id: at(row.cells, "ID"),
          credentials: at(row.cells, "CREDENTIALS"),
          type: at(row.cells, "TYPE"),
          name: at(row.cells, "NAME"),
          iccid: at(row.cells, "ICCID"),
          idType: at(row.cells, "IDTYPE"),
          groupPath: at(row.cells, "PATH"),
          shell: at(row.cells, "SHELL"),
        };
        // The key the row's device has, for duplicate checks across rows even when the row fails.
        const deviceKey = input.id === undefined ? undefined : deviceKeyForId(input.id);
        const tenant = at(row.cells, "TENANT");
        const warnings: RowIssue[] = [];
        if (tenant && !context.isPlatformAdmin) {
          warnings.push(issue(col("TENANT"), "COLUMN_IGNORED", `${col("TENANT")} is ignored: the device is registered in ${context.organization.name}`));
        }
        const productKey = productFor(input.type);
        const extraErrors: RowIssue[] = [];
        if (!productKey) {
          extraErrors.push(
            issue(
              col("TYPE"),
              "PRODUCT_NOT_FOUND",
              input.type
                ? `${col("TYPE")} "${input.type}" is not a product key of ${context.organization.name}, and it has no product for registrations (Settings)`
                : `The row names no product (${col("TYPE")}), and ${context.organization.name} has no product for registrations (Settings)`,
            ),
          );
        }
        const properties: Record<string, unknown> = {};
        for (const c of customAt) {
          const value = given(row.cells[c.index]);
          if (value !== undefined) setPath(properties, c.path, value);
        }
        return buildRow({
          line: row.line,
          operation: "upsert_credentials",
          cells: cellsByHeader(header, row.cells),
          input: { ...input, deviceKey },
          schema,
          required: [
            { column: col("ID"), value: input.id },
            { column: col("CREDENTIALS"), value: input.credentials },
            ...(context.isPlatformAdmin ? [{ column: col("TENANT"), value: tenant }] : []),
          ],
          columns: { deviceKey: col("ID"), credentials: col("CREDENTIALS"), name: col("NAME"), groupPath: col("PATH"), externalIds: col("IDTYPE"), productKey: col("TYPE") },
          extraErrors,
          warnings,
          finish: (data) => {
            const externalIds: ExternalId[] = [{ type: data.idType ?? DEFAULT_ID_TYPE, value: data.id! }];
            for (const c of externalAt) {
              const value = given(row.cells[c.index]);
              if (value !== undefined) externalIds.push({ type: c.type, value });
            }
            if (data.iccid) setPath(properties, ["c8y_Mobile", "iccid"], data.iccid);
            if (data.shell) properties["c8y_SupportedOperations"] = ["c8y_Shell"];
            return {
              deviceKey: deviceKeyForId(data.id!),
              productKey: productKey!,
              organization: context.isPlatformAdmin ? tenant : undefined,
              credentials: data.credentials,
              type: data.type,
              name: data.name ?? data.id!,
              groupPath: data.groupPath,
              externalIds,
              properties,
            };
          },
        });
      },
    },
  };
}
