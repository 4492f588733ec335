import type { ModelAttribute } from "../model";
import { issue, type RowIssue } from "../issue";
import { parseTimeZone } from "./timezone";

/**
 * One check of one cell: the typed value, or an issue naming the column and quoting the value.
 * Plain functions rather than per-cell zod schemas: they run 100,000 times per file.
 */
export type Check<T> = (value: string, column: string) => { value: T } | { issue: RowIssue };

const q = (value: string) => `"${value.length > 60 ? `${value.slice(0, 57)}…` : value}"`;
/** Code points (an emoji is one), counted without copying: values may be 32,767 characters long. */
const chars = (value: string) => {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
};

export const DEVICE_KEY = /^[A-Za-z0-9_.:-]{4,64}$/;
export const checkDeviceKey: Check<string> = (value, column) =>
  DEVICE_KEY.test(value)
    ? { value }
    : {
        issue: issue(
          column,
          "DEVICE_KEY_FORMAT",
          `${column} ${q(value)} must be 4–64 characters of letters, digits, hyphen (-), underscore (_), period (.) or colon (:)`,
        ),
      };

const DEVICE_NAME = /^[\p{L}\p{M}\p{N} _.:-]+$/u;
export const checkEnosDeviceName: Check<string> = (value, column) => {
  if (chars(value) > 64) return { issue: issue(column, "TOO_LONG", `${column} is ${chars(value)} characters long; at most 64 are allowed`) };
  if (!DEVICE_NAME.test(value)) {
    return {
      issue: issue(column, "DEVICE_NAME_FORMAT", `${column} ${q(value)} may contain only letters (including Chinese), digits, spaces, hyphen (-), underscore (_), period (.) and colon (:)`),
    };
  }
  return { value };
};

export const checkText =
  (maxLength: number): Check<string> =>
  (value, column) =>
    chars(value) > maxLength ? { issue: issue(column, "TOO_LONG", `${column} is ${chars(value)} characters long; at most ${maxLength} are allowed`) } : { value };

export const checkTimeZone: Check<string> = (value, column) => {
  const zone = parseTimeZone(value);
  return zone
    ? { value: zone }
    : { issue: issue(column, "TIMEZONE_INVALID", `${column} ${q(value)} is not a UTC offset between -12:00 and +14:00 or a city time zone (e.g. +08:00 or Europe/Berlin)`) };
};

export const checkBoolean: Check<boolean> = (value, column) => {
  const v = value.toLowerCase();
  if (v === "true" || v === "1") return { value: true };
  if (v === "false" || v === "0") return { value: false };
  return { issue: issue(column, "NOT_A_BOOLEAN", `${column} ${q(value)} must be true or false`) };
};

/** Words the template reads as booleans (any case); the device CSV keeps its seed's strict rule. */
const TEMPLATE_BOOLEANS = new Map([
  ["true", true], ["false", false], ["1", true], ["0", false],
  ["yes", true], ["no", false], ["y", true], ["n", false],
]);
export const checkTemplateBoolean: Check<boolean> = (value, column) => {
  const found = value.length <= 5 ? TEMPLATE_BOOLEANS.get(value.toLowerCase()) : undefined;
  return found === undefined ? { issue: issue(column, "NOT_A_BOOLEAN", `${column} ${q(value)} must be true or false (yes/no, y/n and 1/0 are read too)`) } : { value: found };
};

/**
 * Patterns on user input have no two quantifiers that can share characters (the old
 * `\d+\.?\d*` backtracked quadratically: 100,000 digits and a letter took a minute), and
 * run only on values short enough to be what they check.
 */
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** No number a model can hold is written with more characters than this. */
const MAX_NUMBER_CHARS = 64;
/** Dates and timestamps are at most "2026-01-15T08:30:00.000+08:00"; anything longer is not one. */
const MAX_DATE_CHARS = 40;
const scientific = (value: string) => /e\+/i.test(value);

function checkRange(value: number, raw: string, column: string, attribute: { min?: number; max?: number }) {
  const { min, max } = attribute;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    const range = min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
    return { issue: issue(column, "OUT_OF_RANGE", `${column} ${q(raw)} must be ${range}`) };
  }
  return { value };
}

export const checkInteger =
  (bounds: { min?: number; max?: number } = {}): Check<number> =>
  (value, column) => {
    if (value.length > MAX_NUMBER_CHARS || !INTEGER.test(value)) {
      const hint = scientific(value) ? " (Excel stored it as a number and lost digits: format the column as Text)" : "";
      return { issue: issue(column, "NOT_AN_INTEGER", `${column} ${q(value)} must be a whole number${hint}`) };
    }
    const n = Number(value);
    // Integers are stored as 32-bit: beyond that is "too large" whatever the model says.
    if (!Number.isSafeInteger(n) || n > 2_147_483_647 || n < -2_147_483_648) return { issue: issue(column, "OUT_OF_RANGE", `${column} ${q(value)} is too large`) };
    return checkRange(n, value, column, bounds);
  };

/** ISO dates only (2026-01-15); Excel date cells arrive converted to that form by the reader. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isCalendarDate(y: number, m: number, d: number) {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
/** "2026-01-15" read by its characters, as ISO_DATE would read it (\d is 0–9 only); null for any other shape. */
function plainIsoDate(value: string): [number, number, number] | null {
  if (value.length !== 10 || value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d) return null;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = value.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return null;
    if (i < 4) y = y * 10 + digit;
    else if (i < 7) m = m * 10 + digit;
    else d = d * 10 + digit;
  }
  return [y, m, d];
}

export const checkDate: Check<string> = (value, column) => {
  // Most date cells are exactly YYYY-MM-DD: read without a match array (the pattern below still decides the rest).
  const plain = plainIsoDate(value);
  if (plain && isCalendarDate(plain[0], plain[1], plain[2])) return { value };
  const m = value.length <= MAX_DATE_CHARS ? ISO_DATE.exec(value) : null;
  if (m && isCalendarDate(+m[1]!, +m[2]!, +m[3]!)) return { value };
  const fromTimestamp = value.length <= MAX_DATE_CHARS ? /^(\d{4}-\d{2}-\d{2})T00:00(:00)?$/.exec(value) : null;
  if (fromTimestamp) return { value: fromTimestamp[1]! };
  return { issue: issue(column, "NOT_A_DATE", `${column} ${q(value)} is not a date; use YYYY-MM-DD, e.g. 2026-01-15`) };
};

/** ISO 8601 date-time (offset optional, UTC when absent) or epoch milliseconds; stored as ISO UTC. */
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
export const checkTimestamp: Check<string> = (value, column) => {
  const m = value.length <= MAX_DATE_CHARS ? ISO_TIMESTAMP.exec(value) : null;
  if (m && isCalendarDate(+m[1]!, +m[2]!, +m[3]!) && +m[4]! < 24 && +m[5]! < 60 && +(m[6] ?? 0) < 60) {
    const zone = m[8] ? (m[8].toUpperCase() === "Z" ? "Z" : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8]) : "Z";
    const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}${m[7] ?? ""}${zone}`);
    if (!Number.isNaN(date.getTime())) return { value: date.toISOString() };
  }
  if (/^\d{13}$/.test(value)) return { value: new Date(Number(value)).toISOString() };
  return {
    issue: issue(column, "NOT_A_TIMESTAMP", `${column} ${q(value)} is not a timestamp; use YYYY-MM-DD HH:mm:ss (UTC) or ISO 8601 with an offset, e.g. 2026-01-15T08:30:00+08:00`),
  };
};

/** The check for one model attribute, by its data type and constraints. */
export function attributeCheck(attribute: ModelAttribute): Check<string | number | boolean> {
  switch (attribute.dataType) {
    case "int":
      return checkInteger(attribute);
    case "float":
    case "double":
      return (value, column) => {
        if (value.length > MAX_NUMBER_CHARS || !DECIMAL.test(value)) return { issue: issue(column, "NOT_A_NUMBER", `${column} ${q(value)} must be a number, e.g. 12.5`) };
        const n = Number(value);
        return Number.isFinite(n) ? checkRange(n, value, column, attribute) : { issue: issue(column, "OUT_OF_RANGE", `${column} ${q(value)} is too large`) };
      };
    case "bool":
      return checkBoolean;
    case "string":
      return checkText(attribute.maxLength ?? 255);
    case "enum": {
      const allowed = new Map((attribute.enumValues ?? []).map((v) => [v.toLowerCase(), v]));
      const list = (attribute.enumValues ?? []).join(", ");
      return (value, column) => {
        const match = allowed.get(value.toLowerCase());
        return match !== undefined ? { value: match } : { issue: issue(column, "NOT_ALLOWED_VALUE", `${column} ${q(value)} is not one of: ${list}`) };
      };
    }
    case "date":
      return checkDate;
    case "timestamp":
      return checkTimestamp;
  }
}
