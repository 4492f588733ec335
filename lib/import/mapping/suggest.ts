import { nameSimilarity } from "./names";
import type { MappingTarget } from "./targets";
import { distinctiveFor, looksLikeIccids, valueFit } from "./values";

export type Suggestion = {
  /** The file's column index. */
  index: number;
  source: string;
  /** The suggested target id, or null: leave the column out. */
  target: string | null;
  /** Why: the column's name resembles the target's, or its sample values fit only it. */
  reason: "name" | "values" | "remembered" | null;
};

/** Names at least this similar (1 = the same after normalizing) are a match. */
const NAME_MATCH = 0.75;
/** Share of sample values a distinctive target must accept to be suggested by values alone. */
const VALUE_MATCH = 0.9;

/** Each column's suggestion: best pair first, each target to one column at most. */
export function suggestMapping(header: string[], samples: string[][], targets: MappingTarget[]): Suggestion[] {
  const candidates: { index: number; target: string; score: number; reason: "name" | "values" }[] = [];
  header.forEach((source, index) => {
    if (source.trim() === "") return;
    const values = samples.map((row) => row[index] ?? "");
    const iccids = looksLikeIccids(values);
    for (const target of targets) {
      // The template's own name beats a synonym ("Device Name" over "Name" for the device name).
      const name = Math.max(nameSimilarity(source, target.header), ...target.synonyms.map((n) => 0.95 * nameSimilarity(source, n)));
      const fit = valueFit(values, target);
      // A column of ICCIDs is the SIM, whatever key-like shape its values have.
      if (iccids && target.id === "deviceKey" && name < 1) continue;
      if (name >= NAME_MATCH) candidates.push({ index, target: target.id, score: name + 0.25 * fit, reason: "name" });
      else if (distinctiveFor(target) && fit >= VALUE_MATCH) candidates.push({ index, target: target.id, score: 0.5 * fit + 0.2 * name, reason: "values" });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  const byColumn = new Map<number, (typeof candidates)[number]>();
  const taken = new Set<string>();
  for (const candidate of candidates) {
    if (byColumn.has(candidate.index) || taken.has(candidate.target)) continue;
    byColumn.set(candidate.index, candidate);
    taken.add(candidate.target);
  }
  return header.map((source, index) => {
    const chosen = byColumn.get(index);
    return { index, source, target: chosen?.target ?? null, reason: chosen?.reason ?? null };
  });
}
