/** Deterministic formats: the same text on the server and in the browser (no hydration drift). */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatNumber(value: number): string {
  return value.toLocaleString("en-US");
}

export const statusLabels = { inactive: "Not activated", online: "Online", offline: "Offline" } as const;

/** "1 row", "2 rows", "1,000 rows": a count with its noun, singular only for exactly one. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}
