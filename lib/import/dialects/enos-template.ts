import { z } from "zod";
import type { RowResult } from "../command";
import type { ModelAttribute } from "../model";
import { refuse, type FileRefusal, type Result } from "../refusal";
import type { Sheet, SheetRow } from "../read/sheet";
import { TEMPLATE_CATEGORY, fixedColumns, templateColumns } from "../template-columns";
import type { Conversion } from "../conversion";
import { attributeCheck, checkDeviceKey, checkEnosDeviceName, checkTemplateBoolean, checkTimeZone } from "../validate/fields";
import { cell } from "../validate/zod-cell";
import { cellsByHeader, normalizeHeader, setOwn } from "./columns";
import type { ImportContext } from "./context";
import { buildRow, given } from "./row";

/** Seed 000: DeviceKey, Device Name, Time Zone, then the model's attributes. */
export const isEnosTemplate = (header: string[]) =>
  fixedColumns.every((column, i) => normalizeHeader(header[i] ?? "") === normalizeHeader(column.header));

export type RowParser = { dataRows: (rows: SheetRow[]) => SheetRow[]; parse: (row: SheetRow) => RowResult };

export function prepareEnosTemplate(sheet: Sheet, context: ImportContext): Result<RowParser, FileRefusal> {
  const product = context.product;
  if (!product) return { ok: false, error: refuse("WRONG_PRODUCT", "Pick the product to import into: a device template belongs to one product.") };
  const fileProduct = sheet.properties?.category === TEMPLATE_CATEGORY ? sheet.properties.subject : undefined;
  if (fileProduct && fileProduct !== product.productKey) {
    return {
      ok: false,
      error: refuse(
        "WRONG_PRODUCT",
        `This is the template of product ${fileProduct}, but you are importing into ${product.productKey} (${product.name}). Download the template of ${product.productKey}, or pick product ${fileProduct}.`,
      ),
    };
  }

  const header = sheet.header.cells.map((h) => h.trim());
  const byName = new Map<string, ModelAttribute>();
  for (const a of product.attributes) {
    byName.set(normalizeHeader(a.name), a);
    byName.set(normalizeHeader(a.identifier), a);
  }
  const attributeAt = new Map<number, ModelAttribute>();
  for (let i = fixedColumns.length; i < header.length; i++) {
    if (header[i] === "") continue;
    const attribute = byName.get(normalizeHeader(header[i]!));
    if (!attribute) {
      const known = product.attributes.map((a) => a.name).join(", ");
      return {
        ok: false,
        error: refuse("WRONG_PRODUCT", `The column "${header[i]}" is not an attribute of product ${product.productKey} (model ${product.modelName}), whose attributes are: ${known}. Is this the template of another product?`),
      };
    }
    attributeAt.set(i, attribute);
  }
  const present = new Set([...attributeAt.values()].map((a) => a.identifier));
  const missing = product.attributes.filter((a) => a.required && !present.has(a.identifier));
  if (missing.length > 0) {
    return { ok: false, error: refuse("BAD_HEADER", `The template lacks the required column${missing.length > 1 ? "s" : ""} ${missing.map((a) => `"${a.name}"`).join(", ")}. Download the template again.`) };
  }

  const [keyColumn, nameColumn, zoneColumn] = [header[0]!, header[1]!, header[2]!];
  const attributeColumns = [...attributeAt.entries()].map(([index, attribute]) => ({ index, attribute, column: header[index]! }));
  const schema = z.object({
    deviceKey: cell(checkDeviceKey, keyColumn).optional(),
    name: cell(checkEnosDeviceName, nameColumn).optional(),
    timezone: cell(checkTimeZone, zoneColumn).optional(),
    attributes: z.object(Object.fromEntries(attributeColumns.map((c) => [c.attribute.identifier, cell(c.attribute.dataType === "bool" ? checkTemplateBoolean : attributeCheck(c.attribute), c.column).optional()]))),
  });
  const requiredAttributes = attributeColumns.filter((c) => c.attribute.required);
  // One object for every row: later checks only read it.
  const columns = { deviceKey: keyColumn, name: nameColumn, timezone: zoneColumn };
  const hint = normalizeHeader(templateColumns([])[0]!.hint);

  return {
    ok: true,
    value: {
      // Row 2 is the hint row when it still holds our hint; a user who replaced it with data keeps it.
      dataRows: (rows) => rows.filter((row) => !(row.line === sheet.header.line + 1 && normalizeHeader(row.cells[0] ?? "") === hint)),
      parse: (row) => {
        const attributes: Record<string, string> = {};
        const cells = cellsByHeader(header, row.cells);
        const conversions: Conversion[] = [];
        for (const c of attributeColumns) {
          const value = given(row.cells[c.index]);
          if (value === undefined) continue;
          attributes[c.attribute.identifier] = value;
          // "yes" is shown and stored as the true it means, with a note of what the file said.
          const read = c.attribute.dataType === "bool" ? checkTemplateBoolean(value, c.column) : null;
          if (read && "value" in read && String(read.value) !== value) {
            cells[c.column] = String(read.value);
            conversions.push({ column: c.column, kind: "boolean", from: value });
          }
        }
        const input = { deviceKey: given(row.cells[0]), name: given(row.cells[1]), timezone: given(row.cells[2]), attributes };
        return buildRow({
          line: row.line,
          operation: "create",
          cells,
          input,
          conversions,
          schema,
          required: [
            { column: keyColumn, value: input.deviceKey },
            { column: nameColumn, value: input.name },
            { column: zoneColumn, value: input.timezone },
            ...requiredAttributes.map((c) => ({ column: c.column, value: attributes[c.attribute.identifier] })),
          ],
          columns,
          finish: (data) => {
            const parsed = data.attributes;
            const keys = Object.keys(parsed);
            // The parsed attributes are this row's own object: kept as they are unless one is undefined.
            let kept = parsed as Record<string, string | number | boolean>;
            if (keys.some((key) => parsed[key] === undefined)) {
              kept = {};
              for (const key of keys) if (parsed[key] !== undefined) setOwn(kept, key, parsed[key]);
            }
            return { deviceKey: data.deviceKey!, name: data.name, timezone: data.timezone, productKey: product.productKey, attributes: kept };
          },
        });
      },
    },
  };
}
