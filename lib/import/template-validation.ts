import type ExcelJS from "exceljs";
import type { TemplateColumn } from "./template-columns";

/** Excel caps an input message's title at 32 characters and its text at 255, an error at 225. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const INT32 = [-2_147_483_648, 2_147_483_647] as const;
/** Far beyond any attribute, inside what Excel stores exactly enough to compare. */
const DECIMAL = [-1e15, 1e15] as const;
const DATES = [new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(9999, 11, 31))] as const;

type Rule = Pick<ExcelJS.DataValidation, "type" | "operator" | "formulae">;

/** A comparison from optional bounds: between both, or one side, or the fallback range. */
function range(type: "whole" | "decimal", min: number | undefined, max: number | undefined, fallback: readonly [number, number]): Rule {
  if (min !== undefined && max !== undefined) return { type, operator: "between", formulae: [min, max] };
  if (min !== undefined) return { type, operator: "greaterThanOrEqual", formulae: [min] };
  if (max !== undefined) return { type, operator: "lessThanOrEqual", formulae: [max] };
  return { type, operator: "between", formulae: [...fallback] };
}

/** What Excel (and LibreOffice) can check of a column while the user types; lists come in from the caller. */
function rule(column: TemplateColumn, list: string | null): Rule {
  if (list) return { type: "list", formulae: [list] };
  if (column.kind === "fixed") {
    // Time Zone always has its list; DeviceKey and Device Name have the lengths of their hints.
    return column.field === "deviceKey" ? { type: "textLength", operator: "between", formulae: [4, 64] } : { type: "textLength", operator: "between", formulae: [1, 64] };
  }
  const a = column.attribute;
  switch (a.dataType) {
    case "int":
      return range("whole", a.min, a.max, INT32);
    case "float":
    case "double":
      return range("decimal", a.min, a.max, DECIMAL);
    case "date":
      return { type: "date", operator: "between", formulae: [...DATES] };
    case "timestamp":
      // Excel has no rule for "ISO 8601 text"; the length rules out a bare date or stray text.
      return { type: "textLength", operator: "between", formulae: [10, 35] };
    default:
      return { type: "textLength", operator: "lessThanOrEqual", formulae: [a.maxLength ?? 255] };
  }
}

/**
 * The data validation of one template column: its check, an input message (name and hint) shown
 * when a cell is selected, and an error message. Lists warn (a time zone may be valid without
 * being in the list); numbers, dates and lengths stop, since the import would refuse them anyway.
 */
export function columnValidation(column: TemplateColumn, list: string | null): ExcelJS.DataValidation {
  const check = rule(column, list);
  return {
    ...check,
    allowBlank: !column.required,
    showInputMessage: true,
    promptTitle: clip(column.header, 32),
    prompt: clip(column.hint, 255),
    showErrorMessage: true,
    errorStyle: check.type === "list" ? "warning" : "stop",
    errorTitle: clip(column.header, 32),
    error: clip(column.hint, 225),
  };
}

/**
 * The cell format of a column. Text everywhere (what is typed, 00012345 or 1-2, is what is read
 * back) except numbers and dates: Excel compares only real numbers and dates with a rule, and a
 * number typed in a text cell would fail a whole-number check.
 */
export function columnFormat(column: TemplateColumn): string {
  if (column.kind === "fixed") return "@";
  switch (column.attribute.dataType) {
    case "int":
    case "float":
    case "double":
      return "General";
    case "date":
      return "yyyy-mm-dd";
    default:
      return "@";
  }
}

/** A stored value as the cell the template writes: numbers and dates as such, the rest as text. */
export function columnCellValue(column: TemplateColumn, value: unknown): ExcelJS.CellValue {
  if (value === undefined || value === null) return "";
  const format = columnFormat(column);
  if (format === "General" && typeof value === "number" && Number.isFinite(value)) return value;
  if (format === "yyyy-mm-dd" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  return String(value);
}
