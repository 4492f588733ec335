import type { ModelAttribute } from "./model";

/** Marks our templates in the workbook's properties (Category); Subject holds the product key. */
export const TEMPLATE_CATEGORY = "device-import-console template v1";

export type TemplateColumn =
  | { kind: "fixed"; field: "deviceKey" | "name" | "timezone"; header: string; hint: string; required: true }
  | { kind: "attribute"; attribute: ModelAttribute; header: string; hint: string; required: boolean };

export const fixedColumns = [
  { kind: "fixed", field: "deviceKey", header: "DeviceKey", hint: "Required. 4–64 characters: letters, digits, - _ . : (e.g. the serial number or MAC). Unique in the organization.", required: true },
  { kind: "fixed", field: "name", header: "Device Name", hint: "Required. Up to 64 characters: letters (Chinese too), digits, spaces, - _ . :", required: true },
  { kind: "fixed", field: "timezone", header: "Time Zone", hint: "Required. A UTC offset (+08:00) or, where DST applies, a city (Europe/Berlin).", required: true },
] as const satisfies TemplateColumn[];

function describeAttribute(a: ModelAttribute): string {
  const parts: string[] = [a.required ? "Required" : "Optional"];
  switch (a.dataType) {
    case "int":
      parts.push("whole number");
      break;
    case "float":
    case "double":
      parts.push("number");
      break;
    case "bool":
      parts.push("true or false");
      break;
    case "string":
      parts.push(`text, up to ${a.maxLength ?? 255} characters`);
      break;
    case "enum":
      parts.push(`one of: ${(a.enumValues ?? []).join(", ")}`);
      break;
    case "date":
      parts.push("date, YYYY-MM-DD");
      break;
    case "timestamp":
      parts.push("date and time, YYYY-MM-DD HH:mm:ss (UTC) or ISO 8601");
      break;
  }
  if (a.min !== undefined && a.max !== undefined) parts.push(`${a.min} to ${a.max}`);
  else if (a.min !== undefined) parts.push(`at least ${a.min}`);
  else if (a.max !== undefined) parts.push(`at most ${a.max}`);
  if (a.unit) parts.push(`in ${a.unit}`);
  return `${parts[0]}. ${parts.slice(1).join(", ")}.`;
}

/** The template's columns, in order: the three fixed ones, then one per model attribute. */
export function templateColumns(attributes: ModelAttribute[]): TemplateColumn[] {
  return [
    ...fixedColumns,
    ...attributes.map((attribute): TemplateColumn => ({
      kind: "attribute",
      attribute,
      header: attribute.name,
      hint: describeAttribute(attribute),
      required: attribute.required,
    })),
  ];
}
