import { z } from "zod";
import { issue, type RowIssue } from "../issue";
import type { Result, FileRefusal } from "../refusal";
import type { Sheet, SheetRow } from "../read/sheet";
import { attributeCheck, checkDeviceKey, checkEnosDeviceName, checkText, checkTimeZone } from "../validate/fields";
import { cell } from "../validate/zod-cell";
import type { ModelAttribute } from "../model";
import { FORBIDDEN_KEYS, cellsByHeader, setOwn } from "./columns";
import type { ImportContext } from "./context";
import type { RowParser } from "./enos-template";
import { buildRow } from "./row";

/** Seed 001's request body; items are checked one by one so that one bad item fails alone. */
export const stringI18nSchema = z.object({ defaultValue: z.string(), i18nValue: z.record(z.string(), z.string()).optional() });
export const createOptionSchema = z.object({
  productKey: z.string(),
  deviceName: stringI18nSchema,
  timezone: z.string(),
  deviceAttributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  deviceKey: z.string().optional(),
  deviceDesc: z.string().optional(),
  deviceTags: z.record(z.string(), z.string()).optional(),
});
export const batchCreateBodySchema = z.object({ deviceList: z.array(createOptionSchema).min(1), requireSecret: z.boolean().optional() });
/** What the handler checks before looking at items: each item is then checked alone (checkCreateOption). */
export const batchCreateEnvelopeSchema = z.object({ deviceList: z.array(z.unknown()).min(1), requireSecret: z.boolean().optional() });

/** The column that carries an item's shape error, so that the row fails with it and nothing coerced is stored. */
export const ITEM_ERROR = "error";
// Tags are free-form per device: one JSON cell, not a column per key (10 new keys per item made 10,000 columns).
const FIXED = ["productKey", "deviceKey", "deviceName.defaultValue", "timezone", "deviceDesc", "deviceTags", ITEM_ERROR];

/** Work bounds per request: keys in one item's map, and distinct attribute/locale keys (columns) in all. */
export const ENOS_MAX_MAP_KEYS = 100;
export const ENOS_MAX_DISTINCT_KEYS = 300;

/** Why a batch would cost more than a request may (checked before anything is expanded), or null. */
export function enosCostRefusal(items: unknown[]): string | null {
  const distinct = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (!item || typeof item !== "object" || Array.isArray(item)) continue;
    const o = item as Record<string, unknown>;
    const name = o.deviceName as Record<string, unknown> | undefined;
    const maps: [string, unknown][] = [
      ["deviceAttributes", o.deviceAttributes],
      ["deviceName.i18nValue", name && typeof name === "object" ? name.i18nValue : undefined],
      ["deviceTags", o.deviceTags],
    ];
    for (const [path, map] of maps) {
      if (!map || typeof map !== "object") continue;
      const keys = Object.keys(map);
      if (keys.length > ENOS_MAX_MAP_KEYS) return `item ${i + 1}: ${path} has ${keys.length} keys, more than the ${ENOS_MAX_MAP_KEYS} allowed`;
      if (path !== "deviceTags") for (const key of keys) distinct.add(`${path}.${key}`);
    }
    if (distinct.size > ENOS_MAX_DISTINCT_KEYS) return `the items name more than ${ENOS_MAX_DISTINCT_KEYS} distinct deviceAttributes and i18nValue keys`;
  }
  return null;
}

/** A deviceTags cell back as its entries, or why it is not a map of strings. */
function tagEntries(text: string): [string, string][] | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'deviceTags must be a JSON object of strings, e.g. {"site":"Berlin"}';
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return 'deviceTags must be a JSON object of strings, e.g. {"site":"Berlin"}';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > ENOS_MAX_MAP_KEYS) return `deviceTags has ${entries.length} keys, more than the ${ENOS_MAX_MAP_KEYS} allowed`;
  const bad = entries.find(([k, v]) => typeof v !== "string" || FORBIDDEN_KEYS.has(k));
  if (bad) return `deviceTags.${bad[0]} must be a string under a plain name`;
  return entries as [string, string][];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
/** Text PostgreSQL can store and a person can read: no NUL, no lone UTF-16 surrogate. */
const badText = (value: string) => /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
const kind = (value: unknown) => (Array.isArray(value) ? "an array" : value === null ? "null" : typeof value === "object" ? "an object" : `a ${typeof value}`);
const canonical = (key: string) => key.trim().replace(/\s+/g, " ").toLowerCase();

/** Which attributes of a product hold text (a JSON string is required there). */
export type TextAttributes = (productKey: string) => ReadonlySet<string>;

type Flat = { cells: Record<string, string>; error: string | null };

/**
 * One item, strictly typed as seed 001's CreateOption: the first problem names its field, and
 * then only the item's product and device key are kept (as given, when they are text).
 */
function flattenItem(item: unknown, textAttributes: TextAttributes, columns: Map<string, string>): Flat {
  const cells: Record<string, string> = {};
  // Map columns by their canonical spelling; claimed for the whole call only when the item is good.
  const claims = new Map<string, string>();
  const fail = (error: string): Flat => {
    const keep: Record<string, string> = {};
    const o = isPlainObject(item) ? item : {};
    for (const key of ["productKey", "deviceKey"] as const) if (typeof o[key] === "string" && !badText(o[key])) keep[key] = o[key];
    return { cells: keep, error };
  };
  if (!isPlainObject(item)) return fail("The item is not a CreateOption object");
  // A map value must be text (a tag, a translation); absent or null optional fields are "not given".
  const textError = (field: string, value: unknown): Error | null =>
    typeof value !== "string"
      ? new Error(`${field} must be a string, not ${kind(value)}`)
      : badText(value)
        ? new Error(`${field} contains a NUL character or a lone surrogate, which is not valid text`)
        : null;
  const put = (field: string, value: unknown): Error | null => {
    if (value === undefined || value === null) return null;
    const problem = textError(field, value);
    if (!problem) setOwn(cells, field, value as string);
    return problem;
  };
  // Map keys as columns: one spelling per key for the whole call; case or spaces alone make another key an error.
  const putMap = (prefix: string, value: unknown, check: (key: string, v: unknown) => Error | null, asColumns = true): Error | null => {
    if (value === undefined || value === null) return null;
    if (!isPlainObject(value)) return new Error(`${prefix} must be an object of key → value, not ${kind(value)}`);
    const seen = new Map<string, string>();
    for (const [key, v] of Object.entries(value)) {
      if (badText(key)) return new Error(`${prefix} has a key with a NUL character or a lone surrogate`);
      if (key.trim() === "") return new Error(`${prefix} has an empty key`);
      const c = canonical(key);
      const twin = seen.get(c);
      if (twin !== undefined) return new Error(`${prefix} keys "${twin}" and "${key}" differ only in case or spaces`);
      seen.set(c, key);
      const column = `${prefix}.${key}`;
      // One spelling per key for the whole call, tags included: " Site" after "site" is a typo.
      const known = columns.get(`${prefix}.${c}`);
      if (known !== undefined && known !== column) return new Error(`${column} differs only in case or spaces from ${known} of an earlier item; write it the same way`);
      claims.set(`${prefix}.${c}`, column);
      const problem = check(key, v);
      if (problem) return problem;
    }
    if (!asColumns) {
      setOwn(cells, prefix, JSON.stringify(value));
      return null;
    }
    for (const [key, v] of Object.entries(value)) {
      const column = `${prefix}.${key}`;
      setOwn(cells, column, typeof v === "string" ? v : String(v));
    }
    return null;
  };
  const o = item;
  const problem =
    put("productKey", o.productKey) ??
    put("deviceKey", o.deviceKey) ??
    (o.deviceName === undefined || o.deviceName === null
      ? null
      : !isPlainObject(o.deviceName)
        ? new Error('deviceName must be a StringI18n object: { "defaultValue": "…", "i18nValue": { "en_US": "…" } }')
        : (put("deviceName.defaultValue", o.deviceName.defaultValue) ?? putMap("deviceName.i18nValue", o.deviceName.i18nValue, (k, v) => textError(`deviceName.i18nValue.${k}`, v)))) ??
    put("timezone", o.timezone) ??
    put("deviceDesc", o.deviceDesc) ??
    putMap("deviceAttributes", o.deviceAttributes, (k, v) => {
      const field = `deviceAttributes.${k}`;
      const productKey = typeof o.productKey === "string" ? o.productKey : "";
      if (typeof v === "string") return badText(v) ? new Error(`${field} contains a NUL character or a lone surrogate, which is not valid text`) : null;
      if (textAttributes(productKey).has(k)) return new Error(`${field} must be a string, not ${kind(v)}`);
      if (typeof v === "number" || typeof v === "boolean") return null;
      return new Error(`${field} must be a string, number or boolean, not ${kind(v)}`);
    }) ??
    putMap("deviceTags", o.deviceTags, (k, v) => textError(`deviceTags.${k}`, v), false);
  if (problem) return fail(problem.message);
  for (const [c, column] of claims) if (!columns.has(c)) columns.set(c, column);
  return { cells, error: null };
}

/**
 * Items as a sheet: one row per item (line = its 1-based position), one column per JSON path, so
 * that the API's calls are staged, shown and validated again like any file. An item that is not a
 * well-typed CreateOption becomes a row with only its error (column "error"): it fails alone.
 */
export function itemsToSheet(items: unknown[], textAttributes: TextAttributes = () => new Set()): Sheet {
  const columns = new Map<string, string>();
  const flat = items.map((item) => flattenItem(item, textAttributes, columns));
  for (const f of flat) if (f.error) f.cells[ITEM_ERROR] = f.error;
  const extra = [...new Set(flat.flatMap((f) => Object.keys(f.cells)).filter((k) => !FIXED.includes(k)))].sort();
  const header = [...FIXED, ...extra];
  const rows: SheetRow[] = flat.map((f, i) => ({ line: i + 1, cells: header.map((h) => f.cells[h] ?? "") }));
  return { format: "json", header: { line: 0, cells: header }, rows };
}

/** The zod schema of an item with these i18n columns and these attributes of its product. */
const rowSchema = (i18n: string[], attributes: ModelAttribute[]) =>
  z.object({
    deviceKey: cell(checkDeviceKey, "deviceKey").optional(),
    name: cell(checkEnosDeviceName, "deviceName.defaultValue").optional(),
    timezone: cell(checkTimeZone, "timezone").optional(),
    description: cell(checkText(255), "deviceDesc").optional(),
    nameI18n: z.object(Object.fromEntries(i18n.map((h) => [h.slice("deviceName.i18nValue.".length), cell(checkEnosDeviceName, h)]))),
    tags: z.record(z.string(), cell(checkText(255), "deviceTags")),
    attributes: z.object(Object.fromEntries(attributes.map((a) => [a.identifier, cell(attributeCheck(a), `deviceAttributes.${a.identifier}`)]))),
  });

export const isEnosApi = (header: string[]) => header[0] === "productKey" && header.includes("deviceName.defaultValue");

export function prepareEnosApi(sheet: Sheet, context: ImportContext): Result<RowParser, FileRefusal> {
  const header = sheet.header.cells;
  const catalog = context.catalog ?? {};
  const schemas = new Map<string, ReturnType<typeof rowSchema>>();
  return {
    ok: true,
    value: {
      dataRows: (rows) => rows,
      parse: (row) => {
        const cells = cellsByHeader(header, row.cells);
        const get = (key: string) => (cells[key] === undefined || cells[key] === "" ? undefined : cells[key]);
        const errors: RowIssue[] = [];
        const itemError = get(ITEM_ERROR);
        if (itemError) {
          // Not a well-typed CreateOption: that alone is the item's answer.
          return buildRow({
            line: row.line,
            operation: "create",
            cells,
            input: { deviceKey: get("deviceKey") },
            schema: z.object({}),
            required: [],
            columns: { deviceKey: "deviceKey", productKey: "productKey" },
            extraErrors: [issue(null, "INVALID_VALUE", itemError)],
            finish: () => ({ deviceKey: "" }),
          });
        }
        const productKey = get("productKey");
        const product = productKey ? catalog[productKey] : undefined;
        if (productKey && !product) errors.push(issue("productKey", "PRODUCT_NOT_FOUND", `productKey "${productKey}" is not a product of this organization`));
        const attributeKeys = header.filter((h) => h.startsWith("deviceAttributes.") && get(h) !== undefined);
        const attributes = product?.attributes ?? [];
        for (const key of attributeKeys) {
          const id = key.slice("deviceAttributes.".length);
          if (product && !attributes.some((a) => a.identifier === id)) errors.push(issue(key, "INVALID_VALUE", `${key}: "${id}" is not an attribute of product ${productKey}`));
          if (FORBIDDEN_KEYS.has(id)) errors.push(issue(key, "INVALID_VALUE", `${key} is not a valid attribute name`));
        }
        const i18n = header.filter((h) => h.startsWith("deviceName.i18nValue.") && get(h) !== undefined);
        const tagsCell = get("deviceTags");
        const parsedTags = tagsCell === undefined ? [] : tagEntries(tagsCell);
        if (typeof parsedTags === "string") errors.push(issue("deviceTags", "INVALID_VALUE", parsedTags));
        const tags = typeof parsedTags === "string" ? [] : parsedTags;
        const known = (a: (typeof attributes)[number]) => get(`deviceAttributes.${a.identifier}`) !== undefined;
        // zod compiles every new object schema (~5 ms each): rows with the same product and columns
        // share one, and tags (free-form keys) are a record, so 1,000 items cost a handful of compiles.
        const shapeKey = `${productKey ?? ""}\u0000${i18n.join(",")}\u0000${attributes.filter(known).map((a) => a.identifier).join(",")}`;
        let schema = schemas.get(shapeKey);
        if (!schema) {
          schema = rowSchema(i18n, attributes.filter(known));
          schemas.set(shapeKey, schema);
        }
        const input = {
          deviceKey: get("deviceKey"),
          name: get("deviceName.defaultValue"),
          timezone: get("timezone"),
          description: get("deviceDesc"),
          nameI18n: Object.fromEntries(i18n.map((h) => [h.slice("deviceName.i18nValue.".length), get(h)!])),
          tags: Object.fromEntries(tags),
          attributes: Object.fromEntries(attributes.filter(known).map((a) => [a.identifier, get(`deviceAttributes.${a.identifier}`)!])),
        };
        return buildRow({
          line: row.line,
          operation: "create",
          cells,
          input,
          schema,
          required: [
            { column: "productKey", value: productKey },
            { column: "deviceKey", value: input.deviceKey },
            { column: "deviceName.defaultValue", value: input.name },
            { column: "timezone", value: input.timezone },
            ...attributes.filter((a) => a.required).map((a) => ({ column: `deviceAttributes.${a.identifier}`, value: input.attributes[a.identifier] })),
          ],
          columns: { deviceKey: "deviceKey", productKey: "productKey", name: "deviceName.defaultValue" },
          extraErrors: errors,
          finish: (data) => ({ ...data, deviceKey: data.deviceKey!, productKey: productKey! }),
        });
      },
    },
  };
}
