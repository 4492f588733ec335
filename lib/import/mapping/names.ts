/**
 * Column names compared as people write them: "Device_ID", "deviceId" and "Device ID" are one name;
 * a required-marker "*" and a unit in brackets ("Power (kW)") do not count.
 */
export function nameWords(value: string): string {
  return value
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Levenshtein distance over at most 64 characters each (names longer than that are not names). */
function distance(a: string, b: string): number {
  a = a.slice(0, 64);
  b = b.slice(0, 64);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** 1 for the same name, towards 0 as more edits are needed; spaces are ignored for the edit count. */
export function nameSimilarity(a: string, b: string): number {
  const x = nameWords(a).replace(/ /g, "");
  const y = nameWords(b).replace(/ /g, "");
  if (x === "" || y === "") return 0;
  if (x === y) return 1;
  return Math.max(0, 1 - distance(x, y) / Math.max(x.length, y.length));
}
