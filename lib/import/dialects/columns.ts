import { refuse, type FileRefusal } from "../refusal";

/** Header text compared loosely: case, spaces and a trailing required-marker "*" do not matter. */
export const normalizeHeader = (value: string) =>
  stripRequiredMark(value.trim()).replace(/\s+/g, " ").toLowerCase();

/** "Rated Power *" → "Rated Power", without a pattern that backtracks over long runs of spaces. */
function stripRequiredMark(value: string): string {
  return value.endsWith("*") ? value.slice(0, -1).trimEnd() : value;
}

/** Keys that must never become object properties (prototype pollution). */
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Refuses empty or repeated column names: a cell must map to exactly one column. */
export function checkHeaderNames(header: string[]): FileRefusal | null {
  const seen = new Map<string, number>();
  for (const [index, name] of header.entries()) {
    const key = normalizeHeader(name);
    if (key === "") {
      if (index < header.length - 1) return refuse("BAD_HEADER", `Column ${index + 1} of the header row has no name.`);
      continue;
    }
    const first = seen.get(key);
    if (first !== undefined) return refuse("BAD_HEADER", `The column "${name.trim()}" appears twice (columns ${first + 1} and ${index + 1}).`);
    seen.set(key, index);
  }
  return null;
}

/**
 * Sets a key that came from a file as an own property. Only "__proto__" reaches a prototype by
 * assignment (through its setter); it goes through defineProperty, which never calls the setter.
 * Every other key is a plain assignment: defineProperty for every cell cost ~10% of validation.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Each header's trimmed names and an empty record with its keys in order, made once per file (a header
 * is never changed once read). Copying the record and filling it is several times cheaper than adding
 * the same keys to a new object for every row.
 */
const layouts = new WeakMap<string[], { keys: string[]; empty: Record<string, string> }>();

function layoutOf(header: string[]) {
  let layout = layouts.get(header);
  if (!layout) {
    const keys = header.map((name) => name.trim());
    const empty: Record<string, string> = {};
    for (const key of keys) if (key !== "") setOwn(empty, key, "");
    layout = { keys, empty };
    layouts.set(header, layout);
  }
  return layout;
}

/** The cells of a row by header name. */
export function cellsByHeader(header: string[], cells: string[]): Record<string, string> {
  const { keys, empty } = layoutOf(header);
  const record = { ...empty };
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== "") setOwn(record, key, cells[i] ?? "");
  }
  return record;
}
